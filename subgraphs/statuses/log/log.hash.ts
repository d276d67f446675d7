import { LogHash, SHA256 } from '../../../lib/merkle';
import type { LogHashName } from '../../../platform/config';
import { streebog256 } from '../../../lib/ecp/gost/streebog';

/** GOST R 34.11-2012, 256 bits: the project's own Streebog (the one GOST signatures are checked with). */
export const STREEBOG256: LogHash = { name: 'streebog-256', digest: (bytes) => streebog256(bytes) };

export function logHash(name: LogHashName | string): LogHash {
  if (name === SHA256.name) return SHA256;
  if (name === STREEBOG256.name) return STREEBOG256;
  throw new Error(`The exchange log has no hash "${name}" (sha-256 or streebog-256)`);
}
