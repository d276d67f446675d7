import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { DocumentRow } from './document.entity';
import { isUuid } from '../../platform/ids';

/** How often stored documents were read, for the tests and operators: one read per request however many are asked. */
export const storeStats = { reads: 0 };

/**
 * Stored documents of one request, read in one query however many the request touches (a list of
 * applications with their attachments asks for each through the federation).
 */
export class DocumentStore {
  private readonly byId: DataLoader<string, DocumentRow | null>;
  private readonly attachedFor = new Map<string, DataLoader<string, boolean>>();

  constructor(private readonly dataSource: DataSource) {
    this.byId = new DataLoader(async (ids) => {
      storeStats.reads++;
      const rows = await dataSource.manager.findBy(DocumentRow, { id: In(ids.filter(isUuid)) });
      const found = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  load(id: string): Promise<DocumentRow | null> {
    return isUuid(id) ? this.byId.load(id) : Promise.resolve(null);
  }

  /** Whether the document is attached to an application of this provider (batched like the documents). */
  attachedToProvider(documentId: string, providerBin: string): Promise<boolean> {
    let loader = this.attachedFor.get(providerBin);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows: { document_id: string }[] = await this.dataSource.query(
          `SELECT DISTINCT a.document_id FROM attachment a JOIN application ap ON ap.id = a.application_id
           WHERE a.document_id = ANY($1::uuid[]) AND ap.provider_bin = $2`, [ids, providerBin]);
        const attached = new Set(rows.map((r) => r.document_id));
        return ids.map((id) => attached.has(id));
      });
      this.attachedFor.set(providerBin, loader);
    }
    return loader.load(documentId);
  }
}
