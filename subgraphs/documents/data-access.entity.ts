import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AccessOutcome = 'RETURNED' | 'NOT_FOUND' | 'FAILED' | 'REFUSED';

/**
 * One lookup of someone's data, refused ones included (ЦОН exchange rules p.11.3: every operator
 * request is recorded and shown in the applicant's cabinet): who, for whom, why, with what result.
 */
@Entity('data_access')
export class DataAccessRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'request_id', type: 'varchar', length: 100 }) requestId: string;
  @Column({ name: 'actor_subject', type: 'varchar', length: 200 }) actorSubject: string;
  @Column({ name: 'actor_role', type: 'varchar', length: 32 }) actorRole: string;
  @Column({ name: 'actor_iin', type: 'char', length: 12, nullable: true }) actorIin: string | null;
  @Column({ name: 'actor_bin', type: 'char', length: 12, nullable: true }) actorBin: string | null;
  /** the signer's name from their certificate, when the request was signed validly */
  @Column({ name: 'actor_name', type: 'text', nullable: true }) actorName: string | null;
  @Column({ name: 'document_type', type: 'varchar', length: 64 }) documentType: string;
  /** the IIN/BIN asked about, as given (a refused lookup may carry an invalid one) */
  @Column({ type: 'varchar', length: 32 }) subject: string;
  @Column({ type: 'text', nullable: true }) purpose: string | null;
  @Column({ name: 'application_id', type: 'uuid', nullable: true }) applicationId: string | null;
  /** APPLICATION or CONSENT: what entitled the lookup */
  @Column({ type: 'varchar', length: 16, nullable: true }) basis: string | null;
  @Column({ type: 'varchar', length: 16 }) outcome: AccessOutcome;
  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true }) errorCode: string | null;
  @Column({ name: 'source_code', type: 'varchar', length: 64, nullable: true }) sourceCode: string | null;
  @Column({ name: 'document_id', type: 'uuid', nullable: true }) documentId: string | null;
  @Column({ name: 'signature_id', type: 'uuid', nullable: true }) signatureId: string | null;
  @Column({ name: 'consent_signature_id', type: 'uuid', nullable: true }) consentSignatureId: string | null;
}
