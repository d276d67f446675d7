// eslint-disable-next-line @typescript-eslint/no-require-imports
const canonicalize = require('canonicalize') as (value: unknown) => string | undefined;

/** The bytes a message's signature covers: UTF-8 of its RFC 8785 (JCS) canonical JSON. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value) ?? 'null', 'utf8');
}
