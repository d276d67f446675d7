import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** Where Hive Gateway's HMAC upstream signature travels: the request's extensions. */
export const HMAC_EXTENSION = 'hmac-signature';

/** Where the gateway's stamp of each upstream request travels (signed with the rest). */
export const STAMP_EXTENSION = 'upstream-request';

/**
 * What makes each signed upstream request single-use: its own id, when the gateway sent it, and the
 * subgraph it is for. A subgraph takes it once, within a short window (platform/upstream-guard.ts).
 */
export interface UpstreamStamp {
  id: string;
  /** milliseconds since the epoch, by the gateway's clock */
  at: number;
  /** the subgraph's name in the supergraph (applications, documents, statuses, signatures) */
  to: string;
}

export function stampFor(subgraph: string, now = Date.now()): UpstreamStamp {
  return { id: randomUUID(), at: now, to: subgraph };
}

/**
 * json-stable-stringify, as @graphql-mesh/hmac-upstream-signature serializes what it signs: keys
 * sorted, no white space, undefined members dropped, undefined array items as null.
 */
export function stableStringify(value: unknown): string | undefined {
  if (value && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v = stableStringify((value as Record<string, unknown>)[key]);
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

export interface UpstreamParams {
  query?: string;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

/**
 * The bytes the gateway signs. Hive's default covers only query and variables; the hub also binds
 * the forwarded identity (extensions.jwt), so that a captured signature cannot be replayed with
 * another identity, and the request's stamp (id, time, subgraph), so that it cannot be replayed at
 * all. The gateway uses this same function as its serializer.
 */
export function signedBytes(params: UpstreamParams): string {
  return stableStringify({
    query: params.query,
    variables: params.variables && Object.keys(params.variables).length > 0 ? params.variables : undefined,
    jwt: params.extensions?.jwt,
    stamp: params.extensions?.[STAMP_EXTENSION],
  })!;
}

export function signUpstream(params: UpstreamParams, secret: string): string {
  return createHmac('sha256', secret).update(signedBytes(params), 'utf8').digest('base64');
}

/** True when the request carries the gateway's valid signature. */
export function hasValidUpstreamSignature(params: UpstreamParams, secret: string): boolean {
  const given = params.extensions?.[HMAC_EXTENSION];
  if (typeof given !== 'string' || !given) return false;
  const expected = createHmac('sha256', secret).update(signedBytes(params), 'utf8').digest();
  const actual = Buffer.from(given, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
