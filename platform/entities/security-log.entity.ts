import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A request refused before it could touch anyone's data, kept for staff only: a role that may
 * never look documents up trying to, or a lookup too malformed to journal. Unlike the access
 * journal it names no subject and keeps nothing the caller wrote, so it cannot be used to write
 * into a stranger's records; every column is bounded.
 */
@Entity('security_log')
export class SecurityLogRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'request_id', type: 'varchar', length: 100 }) requestId: string;
  @Column({ name: 'actor_subject', type: 'varchar', length: 200 }) actorSubject: string;
  @Column({ name: 'actor_role', type: 'varchar', length: 32 }) actorRole: string;
  @Column({ name: 'actor_iin', type: 'char', length: 12, nullable: true }) actorIin: string | null;
  @Column({ name: 'actor_bin', type: 'char', length: 12, nullable: true }) actorBin: string | null;
  /** the GraphQL operation refused (lookupDocuments, ...) */
  @Column({ type: 'varchar', length: 64 }) operation: string;
  /** the error code it was refused with */
  @Column({ type: 'varchar', length: 64 }) reason: string;
  /** the input field the refusal named, if any */
  @Column({ type: 'varchar', length: 200, nullable: true }) field: string | null;
}
