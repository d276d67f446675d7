import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A digital signature (ЭЦП) received with a message; verification arrives with the signatures issue. */
@Entity('signature')
export class SignatureRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 16 }) format: string;
  @Column({ type: 'text' }) value: string;
  @Column({ name: 'payload_sha256', type: 'char', length: 64 }) payloadSha256: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ type: 'varchar', length: 24 }) verdict: string;
}
