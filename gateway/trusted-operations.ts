import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { ErrorCode } from '../platform/errors';

/**
 * A manifest of trusted operations: a JSON object of id → document, or Apollo's persisted query
 * manifest ({ operations: [{ id, body }] }). Every document must parse.
 */
export function loadTrustedOperations(file: string): Map<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`trusted operations ${file}: ${(error as Error).message}`);
  }
  const entries: [unknown, unknown][] = raw && typeof raw === 'object' && Array.isArray((raw as { operations?: unknown }).operations)
    ? (raw as { operations: { id?: unknown; body?: unknown }[] }).operations.map((o) => [o?.id, o?.body])
    : raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.entries(raw) : [];
  if (!entries.length) throw new Error(`trusted operations ${file}: expected a JSON object of id → document with at least one operation`);
  const operations = new Map<string, string>();
  const problems: string[] = [];
  for (const [id, body] of entries) {
    if (typeof id !== 'string' || !id || typeof body !== 'string') {
      problems.push(`an entry ${JSON.stringify(id)} is not a string id with a string document`);
      continue;
    }
    try {
      parse(body);
    } catch (error) {
      problems.push(`${id}: ${(error as Error).message}`);
      continue;
    }
    operations.set(id, body);
  }
  if (problems.length) throw new Error(`trusted operations ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return operations;
}

/**
 * The runtime's persisted documents, from the manifest: a client sends the id (`documentId`, or
 * Apollo's `extensions.persistedQuery.sha256Hash`) and variables; a document is refused.
 */
export function trustedDocuments(operations: Map<string, string>) {
  return {
    getPersistedOperation: (id: string) => operations.get(id) ?? null,
    allowArbitraryDocuments: false,
    customErrors: {
      persistedQueryOnly: { message: 'Only trusted operations are executed here: send the id of an operation of the manifest (documentId), not a document.', extensions: { code: ErrorCode.TrustedOperationRequired, http: { status: 400 } } },
      keyNotFound: { message: 'Only trusted operations are executed here: send the id of an operation of the manifest (documentId).', extensions: { code: ErrorCode.TrustedOperationRequired, http: { status: 400 } } },
      notFound: { message: 'No trusted operation has this id.', extensions: { code: ErrorCode.UnknownTrustedOperation, http: { status: 400 } } },
    },
  };
}
