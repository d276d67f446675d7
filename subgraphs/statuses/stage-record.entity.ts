import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One stage report (стадия оказания государственной услуги, p.6) as received from a provider. */
@Entity('stage_record')
export class StageRecordRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** the record's number; with xid, its place in the event stream (see cursorOf in stage-events) */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  /** the id of the transaction that wrote it (xid8 in the database, which typeorm does not know: read as text) */
  @Column({ type: 'bigint', insert: false, update: false }) xid: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'smallint' }) stage: number;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt: Date;
  /** actual delivery time (фактическое время доставки) */
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'provider_bin', type: 'char', length: 12 }) providerBin: string;
  @Column({ name: 'message_id', type: 'varchar', length: 100 }) messageId: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) outcome: string | null;
  @Column({ name: 'refusal_reason', type: 'varchar', length: 1000, nullable: true }) refusalReason: string | null;
  /** the report as the provider sent it (the eight fields), kept for audit */
  @Column({ type: 'jsonb' }) report: Record<string, unknown>;
  @Column({ name: 'signature_id', type: 'uuid' }) signatureId: string;
  @Column({ name: 'reported_by', type: 'varchar', length: 200 }) reportedBy: string;
}
