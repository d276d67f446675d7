import { DataSource } from 'typeorm';
import { SignatureRow } from './signature.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireIdentity } from '../../platform/identity';
import { isUuid } from '../../platform/ids';

/**
 * A signature names a person (their IIN and name): the hub's staff and the contact centre see any;
 * a citizen those on their own applications' stages and their own; a provider or partner those on
 * its applications' stages and its own organisation's.
 */
export async function findSignature(dataSource: DataSource, identity: Identity | undefined, id: string): Promise<SignatureRow | null> {
  const who = requireIdentity(identity);
  const row = isUuid(id) ? await dataSource.manager.findOneBy(SignatureRow, { id }) : null;
  if (!row || ['admin', 'analyst', 'operator', 'contact_centre'].includes(who.role)) return row;
  if (who.role === 'citizen' && who.iin && (row.signerIin === who.iin || await onStageOf(dataSource, id, 'recipient_iin', who.iin))) return row;
  if ((who.role === 'provider' || who.role === 'partner') && who.bin && (row.signerBin === who.bin || await onStageOf(dataSource, id, 'provider_bin', who.bin))) return row;
  throw hubError(ErrorCode.Forbidden, 'You may not see this signature');
}

async function onStageOf(dataSource: DataSource, signatureId: string, column: 'recipient_iin' | 'provider_bin', value: string): Promise<boolean> {
  const rows = await dataSource.query(
    `SELECT 1 FROM stage_record s JOIN application a ON a.id = s.application_id WHERE s.signature_id = $1 AND a.${column} = $2 LIMIT 1`, [signatureId, value]);
  return rows.length > 0;
}
