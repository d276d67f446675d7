import { DataSource } from 'typeorm';
import { SignatureRow } from '../shared/entities';
import { Identity, requireIdentity } from '../shared/identity';
import { isUuid } from '../shared/ids';

export async function findSignature(dataSource: DataSource, identity: Identity | undefined, id: string): Promise<SignatureRow | null> {
  requireIdentity(identity);
  return isUuid(id) ? dataSource.manager.findOneBy(SignatureRow, { id }) : null;
}
