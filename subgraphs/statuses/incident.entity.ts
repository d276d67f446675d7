import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Which kind of information system failed: the hub itself, a provider's own system, or a document source. */
export type IncidentSystem = 'HUB' | 'PROVIDER_SYSTEM' | 'DOCUMENT_SOURCE';

/**
 * A failure of an information system (технический сбой, data-entry rules p.12): a deadline violation
 * whose lateness overlaps it, on a system the request depended on, counts as technical.
 */
@Entity('incident')
export class IncidentRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'system_kind', type: 'varchar', length: 16 }) systemKind: IncidentSystem;
  @Column({ name: 'organisation_bin', type: 'char', length: 12, nullable: true }) organisationBin: string | null;
  @Column({ name: 'source_code', type: 'varchar', length: 64, nullable: true }) sourceCode: string | null;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  /** null while the outage goes on */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt: Date | null;
  @Column({ type: 'text' }) description: string;
  @Column({ type: 'boolean' }) removed: boolean;
  @Column({ type: 'int' }) revision: number;
}

/** Every change of an incident, as it was after the change: incidents are data with an audit trail. */
@Entity('incident_revision')
export class IncidentRevisionRow {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' }) incidentId: string;
  @PrimaryColumn({ type: 'int' }) revision: number;
  @Column({ type: 'varchar', length: 16 }) action: 'RECORDED' | 'UPDATED' | 'REMOVED';
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'by_subject', type: 'varchar', length: 200 }) bySubject: string;
  @Column({ name: 'by_role', type: 'varchar', length: 32 }) byRole: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'jsonb' }) snapshot: Record<string, unknown>;
}
