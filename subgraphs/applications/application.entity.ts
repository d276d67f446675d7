import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A recipient's request (запрос услугополучателя) as registered with the hub. */
@Entity('application')
export class ApplicationRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'provider_bin', type: 'char', length: 12 }) providerBin: string;
  /** the provider's own number of the request */
  @Column({ type: 'varchar', length: 64 }) number: string;
  @Column({ name: 'recipient_surname', type: 'varchar', length: 100 }) recipientSurname: string;
  @Column({ name: 'recipient_name', type: 'varchar', length: 100 }) recipientName: string;
  @Column({ name: 'recipient_patronymic', type: 'varchar', length: 100, nullable: true }) recipientPatronymic: string | null;
  @Column({ name: 'recipient_iin', type: 'char', length: 12 }) recipientIin: string;
  @Column({ name: 'service_code', type: 'varchar', length: 32 }) serviceCode: string;
  @Column({ name: 'place_of_acceptance', type: 'varchar', length: 300 }) placeOfAcceptance: string;
  /** дата приема запроса, as fixed at registration (p.10) */
  @Column({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt: Date;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt: Date;
  @Column({ type: 'varchar', length: 200, nullable: true }) executor: string | null;
  /** плановая дата исполнения as computed by the hub from the standard term (p.10) */
  @Column({ name: 'planned_date', type: 'date' }) plannedDate: string;
  /** the planned date was counted through a year whose calendar is provisional (may change when the year's order is published) */
  @Column({ name: 'planned_date_provisional', type: 'boolean', default: false }) plannedDateProvisional: boolean;
  /** плановая дата as declared by the provider, kept beside the regulated one */
  @Column({ name: 'declared_planned_date', type: 'date', nullable: true }) declaredPlannedDate: string | null;
  /** дата исполнения */
  @Column({ name: 'execution_date', type: 'timestamptz', nullable: true }) executionDate: Date | null;
  @Column({ name: 'current_stage', type: 'smallint' }) currentStage: number;
  @Column({ type: 'varchar', length: 16, nullable: true }) outcome: string | null;
  @Column({ name: 'refusal_reason', type: 'varchar', length: 1000, nullable: true }) refusalReason: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  /** Astana date the request was executed (or closed), what overdue is measured against (p.11) */
  @Column({ name: 'completed_on', type: 'date', nullable: true }) completedOn: string | null;
  /** PROVIDER: registered by the provider's own stage report; HUB: submitted by an operator through the hub */
  @Column({ type: 'varchar', length: 16 }) channel: 'PROVIDER' | 'HUB';
}
