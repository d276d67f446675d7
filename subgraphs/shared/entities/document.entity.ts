import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Document data fetched from a provider's database (the document-lookup issue fills this). */
@Entity('document')
export class DocumentRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'document_type', type: 'varchar', length: 64 }) documentType: string;
  @Column({ name: 'subject_iin', type: 'char', length: 12 }) subjectIin: string;
  @Column({ name: 'source_bin', type: 'char', length: 12 }) sourceBin: string;
  @Column({ name: 'fetched_at', type: 'timestamptz' }) fetchedAt: Date;
  @Column({ name: 'content_sha256', type: 'char', length: 64 }) contentSha256: string;
}
