import { DataSource } from 'typeorm';
import { DocumentRow } from '../shared/entities';
import { ErrorCode, hubError } from '../shared/errors';
import { Identity, requireIdentity } from '../shared/identity';
import { isUuid } from '../shared/ids';

/** A citizen sees only documents about themselves. */
export async function findDocument(dataSource: DataSource, identity: Identity | undefined, id: string): Promise<DocumentRow | null> {
  const who = requireIdentity(identity);
  if (!isUuid(id)) return null;
  const row = await dataSource.manager.findOneBy(DocumentRow, { id });
  if (row && who.role === 'citizen' && row.subjectIin !== who.iin) throw hubError(ErrorCode.Forbidden, 'You may not see this document');
  return row;
}
