import { canonicalJsonBytes, leafHash, LogHash } from '../../../lib/merkle';

/** The kinds of accepted message the exchange log holds a leaf for (issue 18). */
export const LOG_LEAF_KINDS = ['STAGE_REPORT', 'REQUEST_SUBMITTED', 'DELIVERY', 'RESPONSE', 'DATA_ACCESS', 'INCIDENT_REVISION'] as const;
export type LogLeafKind = (typeof LOG_LEAF_KINDS)[number];

/** The leaf of a record: HASH(0x00 || RFC 8785 bytes of the record) (RFC 9162 2.1.1). */
export function recordLeafHash(hash: LogHash, record: unknown): Buffer {
  return leafHash(hash, canonicalJsonBytes(record));
}

/** What a signed tree head says; its RFC 8785 bytes are what the hub's CMS signature covers. */
export interface TreeHeadBody {
  log: 'qyzmet-hub exchange log';
  v: 1;
  hash: string;
  treeSize: number;
  /** hex */
  rootHash: string;
  /** ISO-8601, UTC */
  timestamp: string;
}

export function treeHeadBody(hash: LogHash, treeSize: number, root: Buffer, at: Date): TreeHeadBody {
  return { log: 'qyzmet-hub exchange log', v: 1, hash: hash.name, treeSize, rootHash: root.toString('hex'), timestamp: at.toISOString() };
}
