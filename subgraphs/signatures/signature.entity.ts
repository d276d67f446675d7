import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A digital signature (ЭЦП) received with a message, with who signed it as verified. */
@Entity('signature')
export class SignatureRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 16 }) format: string;
  @Column({ type: 'text' }) value: string;
  @Column({ name: 'payload_sha256', type: 'char', length: 64 }) payloadSha256: string;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  /** VALID once verified; NOT_VERIFIED only on rows from before verification existed */
  @Column({ type: 'varchar', length: 24 }) verdict: string;
  @Column({ name: 'signer_name', type: 'text', nullable: true }) signerName: string | null;
  @Column({ name: 'signer_iin', type: 'char', length: 12, nullable: true }) signerIin: string | null;
  @Column({ name: 'signer_bin', type: 'char', length: 12, nullable: true }) signerBin: string | null;
  @Column({ type: 'text', nullable: true }) organisation: string | null;
  @Column({ name: 'certificate_serial', type: 'varchar', length: 128, nullable: true }) certificateSerial: string | null;
  @Column({ name: 'certificate_issuer', type: 'text', nullable: true }) certificateIssuer: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) algorithm: string | null;
  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true }) signedAt: Date | null;
  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true }) verifiedAt: Date | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  /** certificatePolicies OIDs of the signer's certificate (NCA RK: individual, legal entity and role) */
  @Column({ name: 'certificate_policies', type: 'text', array: true, default: () => "'{}'" }) certificatePolicies: string[];
  /** genTime of the signature's verified time-stamp token (CAdES-T), when it had one */
  @Column({ name: 'timestamped_at', type: 'timestamptz', nullable: true }) timestampedAt: Date | null;
}
