import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Document data fetched from another provider's database instead of a paper copy (сведения по
 * документам, exchange rules p.6): the data as the source returned it, its hash, who looked it up.
 */
@Entity('document')
export class DocumentRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'document_type', type: 'varchar', length: 64 }) documentType: string;
  /** IIN of a person or BIN of an organisation */
  @Column({ name: 'subject_iin', type: 'char', length: 12 }) subjectIin: string;
  @Column({ name: 'source_bin', type: 'char', length: 12 }) sourceBin: string;
  @Column({ name: 'source_code', type: 'varchar', length: 64 }) sourceCode: string;
  /** when the source returned the data (for a cached copy: when it was first fetched) */
  @Column({ name: 'fetched_at', type: 'timestamptz' }) fetchedAt: Date;
  @Column({ name: 'content_sha256', type: 'char', length: 64 }) contentSha256: string;
  @Column({ type: 'jsonb' }) content: Record<string, unknown>;
  @Column({ name: 'looked_up_by_bin', type: 'char', length: 12, nullable: true }) lookedUpByBin: string | null;
  @Column({ name: 'access_id', type: 'uuid', nullable: true }) accessId: string | null;
  @Column({ name: 'from_cache', type: 'boolean' }) fromCache: boolean;
}
