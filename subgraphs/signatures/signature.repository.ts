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
