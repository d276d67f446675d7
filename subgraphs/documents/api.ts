/**
 * The documents subgraph's public API: what another subgraph, the gateway or the platform may use.
 * Everything else in this folder is internal (the lint's boundary rule enforces it).
 * Owns the tables: document, data_access.
 */
import { DataAccessRow } from './data-access.entity';
import { DocumentRow } from './document.entity';

export { isSecretTypeCode, referenceClassificationRegistry } from './source.registry';
export { DocumentRow };
export const DOCUMENTS_ENTITIES = [DataAccessRow, DocumentRow];
