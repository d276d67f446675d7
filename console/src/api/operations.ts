// With the hub in trusted-operations mode (GATEWAY_TRUSTED_OPERATIONS) the gateway runs only
// operations it knows, sent by id. The console's build lists its own operations in
// trusted-operations.json (sha256 of each document → the document; vite.config.mts), which the
// gateway adds to its manifest; the page then sends ids instead of documents.

export const MANIFEST_PATH = '/console/trusted-operations.json';

let idOf: Map<string, string> | undefined;

/** Reads the build's manifest: from now on operations go by id. */
export async function sendOperationsById(): Promise<void> {
  const response = await fetch(MANIFEST_PATH);
  if (!response.ok) throw new Error(`${MANIFEST_PATH}: HTTP ${response.status}`);
  const manifest = (await response.json()) as Record<string, string>;
  idOf = new Map(Object.entries(manifest).map(([id, document]) => [document, id]));
}

/** What a GraphQL request carries: the document, or in trusted mode only its id (Apollo's persisted-query extension). */
export function operationPayload(query: string, variables?: Record<string, unknown>): { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> } {
  const id = idOf?.get(query);
  if (!id) return { query, variables };
  // graphql-ws insists on a query string; the gateway takes an empty one with the id
  return { query: '', variables, extensions: { persistedQuery: { version: 1, sha256Hash: id } } };
}
