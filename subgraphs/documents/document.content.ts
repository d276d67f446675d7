import { sha256 } from '../signatures/api';
import { canonicalBytes } from '../../lib/ecp/canonical';
import { SourceRecord } from './connector';

export interface DocumentContent {
  /** the record as JSON holds it: what is stored (jsonb) and what every reader gets back as `data` */
  data: Record<string, unknown>;
  /** SHA-256 (hex) of the RFC 8785 bytes of exactly that `data`, null fields included */
  contentSha256: string;
}

/**
 * A source's record as the hub keeps it. Passing it through JSON first makes what is hashed the
 * same value that is stored and returned (a Date becomes its ISO text, an undefined field is
 * gone), so anyone holding `data` can recompute `contentSha256` with any RFC 8785 implementation.
 */
export function documentContent(record: SourceRecord): DocumentContent {
  const data = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  return { data, contentSha256: sha256(canonicalBytes(data)) };
}
