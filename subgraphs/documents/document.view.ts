import { DocumentRow } from './document.entity';
import { Document } from './document.type';
import { SourceRegistry } from './source.registry';

/** A stored document as the API shows it, its source named from the registry. */
export function documentView(row: DocumentRow, registry: SourceRegistry): Document {
  const source = registry.sources.get(row.sourceCode);
  return {
    id: row.id,
    documentType: row.documentType,
    subjectIinBin: row.subjectIin,
    source: { code: row.sourceCode, name: source?.nameRu ?? row.sourceCode, ownerBin: row.sourceBin },
    fetchedAt: row.fetchedAt,
    fromCache: row.fromCache,
    contentSha256: row.contentSha256,
    data: row.content,
  };
}
