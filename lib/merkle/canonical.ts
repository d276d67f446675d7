// eslint-disable-next-line @typescript-eslint/no-require-imports
const canonicalize = require('canonicalize') as (value: unknown) => string | undefined;

/**
 * RFC 8785 (JCS): keys sorted by UTF-16 code units, ECMAScript number form, minimal string escapes,
 * no white space. The same implementation the hub's signed payloads use.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('The value has no JSON form');
  return text;
}

export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
