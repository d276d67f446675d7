import { EntityManager } from 'typeorm';
import { SignatureRow } from './signature.entity';

/**
 * Keeps a verified signature, inside the caller's transaction: the message it certifies (a stage,
 * a submission, a result, a lookup) is committed with it or not at all. The only way another
 * subgraph writes the signature table.
 */
export async function recordSignature(m: EntityManager, values: Partial<SignatureRow>): Promise<SignatureRow> {
  const row = m.create(SignatureRow, values);
  // an INSERT … RETURNING of the generated columns: the ORM's save plans, diffs and reloads a new row first
  const { generatedMaps } = await m.insert(SignatureRow, row);
  return Object.assign(row, generatedMaps[0]);
}

/** Keeps a batch of verified signatures in one statement, inside the caller's transaction; their ids in order. */
export async function recordSignatures(m: EntityManager, values: Partial<SignatureRow>[]): Promise<string[]> {
  if (!values.length) return [];
  const result = await m.insert(SignatureRow, values.map((v) => m.create(SignatureRow, v)));
  return result.identifiers.map((i) => String(i.id));
}
