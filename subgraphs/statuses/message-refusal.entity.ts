import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A message the hub refused: all that is kept of it (exchange rules p.9: facts of receipt are recorded). */
@Entity('message_refusal')
export class MessageRefusalRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 32 }) kind: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'sender_bin', type: 'char', length: 12, nullable: true }) senderBin: string | null;
  @Column({ name: 'message_id', type: 'varchar', length: 100, nullable: true }) messageId: string | null;
  @Column({ name: 'reported_by', type: 'varchar', length: 200 }) reportedBy: string;
  @Column({ type: 'varchar', length: 40 }) code: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) field: string | null;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'payload_sha256', type: 'char', length: 64 }) payloadSha256: string;
}
