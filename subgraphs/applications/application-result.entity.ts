import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The result a provider's system answered with (ответ, exchange rules p.6): the issued document or a refusal. */
@Entity('application_result')
export class ApplicationResultRow {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'message_id', type: 'varchar', length: 100 }) messageId: string;
  @Column({ type: 'varchar', length: 16 }) outcome: 'ISSUED' | 'REFUSED';
  @Column({ name: 'refusal_reason', type: 'varchar', length: 1000, nullable: true }) refusalReason: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz' }) decidedAt: Date;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'document_name', type: 'varchar', length: 255, nullable: true }) documentName: string | null;
  @Column({ name: 'media_type', type: 'varchar', length: 100, nullable: true }) mediaType: string | null;
  @Column({ name: 'size_bytes', type: 'int', nullable: true }) sizeBytes: number | null;
  @Column({ type: 'char', length: 64, nullable: true }) sha256: string | null;
  @Column({ type: 'bytea', nullable: true, select: false }) content: Buffer | null;
  @Column({ name: 'signature_id', type: 'uuid' }) signatureId: string;
}
