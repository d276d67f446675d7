import { createHash } from 'node:crypto';

/** A hash function of the log: its name (written into every tree head) and its digest. */
export interface LogHash {
  name: string;
  digest(bytes: Uint8Array): Buffer;
}

export const SHA256: LogHash = { name: 'sha-256', digest: (bytes) => createHash('sha256').update(bytes).digest() };

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({d}) = HASH(0x00 || d) (RFC 9162 2.1.1): a leaf cannot be taken for an inner node. */
export function leafHash(hash: LogHash, data: Uint8Array): Buffer {
  return hash.digest(Buffer.concat([LEAF_PREFIX, data]));
}

/** HASH(0x01 || left || right) (RFC 9162 2.1.1). */
export function nodeHash(hash: LogHash, left: Uint8Array, right: Uint8Array): Buffer {
  return hash.digest(Buffer.concat([NODE_PREFIX, left, right]));
}

/** The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
