import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An electronic copy of a document (электронная копия документа) attached to an application, or its scanned consent. */
@Entity('attachment')
export class AttachmentRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ type: 'varchar', length: 16 }) purpose: 'DOCUMENT' | 'CONSENT';
  /** the document type it was attached as; null for a consent scan (and attachments from before types were kept) */
  @Column({ name: 'document_type', type: 'varchar', length: 64, nullable: true }) documentType: string | null;
  /** an uploaded file, or a document the hub fetched by a lookup */
  @Column({ type: 'varchar', length: 16 }) source: 'UPLOAD' | 'LOOKUP';
  @Column({ name: 'document_id', type: 'uuid', nullable: true }) documentId: string | null;
  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true }) fileName: string | null;
  @Column({ name: 'media_type', type: 'varchar', length: 100, nullable: true }) mediaType: string | null;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes: number;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'bytea', nullable: true, select: false }) content: Buffer | null;
}
