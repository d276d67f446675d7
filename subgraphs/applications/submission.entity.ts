import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ConsentKind = 'WRITTEN' | 'SIGNED';

/** An application an operator submitted through the hub (ЦОН exchange rules p.6-8): who, consent, payment. */
@Entity('submission')
export class SubmissionRow {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  /** the operator's own id of the submission: a resend with the same id returns the first one */
  @Column({ name: 'message_id', type: 'varchar', length: 100 }) messageId: string;
  @Column({ name: 'submitted_by', type: 'varchar', length: 200 }) submittedBy: string;
  @Column({ name: 'operator_iin', type: 'char', length: 12 }) operatorIin: string;
  @Column({ name: 'operator_bin', type: 'char', length: 12 }) operatorBin: string;
  @Column({ name: 'signature_id', type: 'uuid' }) signatureId: string;
  /** согласие на сбор и обработку персональных данных: a scanned written consent or one signed with ЭЦП */
  @Column({ name: 'consent_kind', type: 'varchar', length: 16 }) consentKind: ConsentKind;
  @Column({ name: 'consent_given_at', type: 'timestamptz' }) consentGivenAt: Date;
  @Column({ name: 'consent_signature_id', type: 'uuid', nullable: true }) consentSignatureId: string | null;
  @Column({ name: 'payment_id', type: 'varchar', length: 64, nullable: true }) paymentId: string | null;
  @Column({ name: 'payment_amount', type: 'numeric', precision: 12, scale: 2, nullable: true }) paymentAmount: string | null;
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt: Date | null;
}
