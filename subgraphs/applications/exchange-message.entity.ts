import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type MessageOutcome = 'PENDING' | 'RETRYING' | 'DELIVERED' | 'DEAD' | 'ACCEPTED';

/** A message the hub sent or received: the facts of sending and receiving (exchange rules p.9). */
@Entity('exchange_message')
export class ExchangeMessageRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'message_id', type: 'varchar', length: 100 }) messageId: string;
  @Column({ name: 'correlation_id', type: 'varchar', length: 100, nullable: true }) correlationId: string | null;
  @Column({ type: 'varchar', length: 3 }) direction: 'OUT' | 'IN';
  @Column({ name: 'counterpart_bin', type: 'char', length: 12 }) counterpartBin: string;
  /** запрос (request) to a provider's system, ответ (response) from it (exchange rules p.6), or a provider's stage report */
  @Column({ type: 'varchar', length: 16 }) kind: 'REQUEST' | 'RESPONSE' | 'STAGE_REPORT';
  @Column({ name: 'application_id', type: 'uuid', nullable: true }) applicationId: string | null;
  @Column({ type: 'int' }) attempts: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
  /** the actual delivery time (exchange rules p.9) */
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt: Date | null;
  @Column({ type: 'varchar', length: 16 }) outcome: MessageOutcome;
  @Column({ name: 'error_code', type: 'varchar', length: 40, nullable: true }) errorCode: string | null;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes: number;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'jsonb', nullable: true, select: false }) body: Record<string, unknown> | null;
}

export type AttemptOutcome = 'IN_FLIGHT' | 'DELIVERED' | 'FAILED' | 'INTERRUPTED';

/** One try at delivering a message, with why it failed. */
@Entity('delivery_attempt')
export class DeliveryAttemptRow {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' }) messageId: string;
  @PrimaryColumn({ type: 'int' }) attempt: number;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @Column({ type: 'varchar', length: 16 }) outcome: AttemptOutcome;
  @Column({ name: 'error_code', type: 'varchar', length: 40, nullable: true }) errorCode: string | null;
  @Column({ name: 'http_status', type: 'int', nullable: true }) httpStatus: number | null;
  @Column({ type: 'text', nullable: true }) detail: string | null;
}
