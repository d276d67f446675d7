import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { DataSource, In } from 'typeorm';
import { SignatureRow } from './signature.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireIdentity } from '../../platform/identity';
import { isUuid } from '../../platform/ids';

const SEES_ANY = ['admin', 'analyst', 'operator', 'contact_centre'];

/**
 * A signature names a person (their IIN and name): the hub's staff and the contact centre see any;
 * a citizen those on their own applications' stages and their own; a provider or partner those on
 * its applications' stages and its own organisation's.
 */
export async function findSignature(dataSource: DataSource, identity: Identity | undefined, id: string): Promise<SignatureRow | null> {
  const [found] = await findSignatures(dataSource, identity, [id]);
  if (found instanceof GraphQLError) throw found;
  return found;
}

/**
 * The same rule for many signatures at once (a timeline's, asked for by the gateway in one
 * `_entities` request): two queries, whatever their number, instead of two per signature. Each
 * id gets its row, null when there is none, or the refusal for that one signature.
 */
export async function findSignatures(dataSource: DataSource, identity: Identity | undefined, ids: readonly string[]): Promise<(SignatureRow | null | GraphQLError)[]> {
  const who = requireIdentity(identity);
  const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  const rows = wanted.length ? await dataSource.manager.findBy(SignatureRow, { id: In(wanted) }) : [];
  const byId = new Map(rows.map((r) => [r.id.toLowerCase(), r]));
  const rowOf = (id: string) => (isUuid(id) ? byId.get(id.toLowerCase()) ?? null : null);
  if (SEES_ANY.includes(who.role)) return ids.map(rowOf);
  const scope = who.role === 'citizen' && who.iin ? { column: 'recipient_iin' as const, value: who.iin, own: (r: SignatureRow) => r.signerIin === who.iin }
    : (who.role === 'provider' || who.role === 'partner') && who.bin ? { column: 'provider_bin' as const, value: who.bin, own: (r: SignatureRow) => r.signerBin === who.bin }
      : undefined;
  const others = scope ? rows.filter((r) => !scope.own(r)).map((r) => r.id) : [];
  const onStages = scope && others.length ? await onStagesOf(dataSource, others, scope.column, scope.value) : new Set<string>();
  return ids.map((id) => {
    const row = rowOf(id);
    if (!row || (scope && (scope.own(row) || onStages.has(row.id.toLowerCase())))) return row;
    return hubError(ErrorCode.Forbidden, 'You may not see this signature');
  });
}

/**
 * Of these signatures, those on a stage of an application whose column has this value: reached from
 * each signature's own stage records (stage_record_signature_idx), stopping at the first that
 * qualifies, so a provider's millions of applications are never walked.
 */
async function onStagesOf(dataSource: DataSource, signatureIds: string[], column: 'recipient_iin' | 'provider_bin', value: string): Promise<Set<string>> {
  const rows: { id: string }[] = await dataSource.query(
    `SELECT w.id::text AS id FROM unnest($1::uuid[]) AS w(id)
      WHERE EXISTS (SELECT 1 FROM stage_record s JOIN application a ON a.id = s.application_id WHERE s.signature_id = w.id AND a.${column} = $2)`, [signatureIds, value]);
  return new Set(rows.map((r) => r.id.toLowerCase()));
}

/** Per request: the signatures its references name, looked up together (signature.reference.ts). */
const loaders = new WeakMap<object, DataLoader<string, SignatureRow | null>>();

export function signatureOf(context: object, dataSource: DataSource, identity: Identity | undefined, id: string): Promise<SignatureRow | null> {
  let loader = loaders.get(context);
  if (!loader) {
    loader = new DataLoader<string, SignatureRow | null>((ids) => findSignatures(dataSource, identity, ids));
    loaders.set(context, loader);
  }
  return loader.load(id);
}
