import { DataSource } from 'typeorm';
import { DataAccessRow } from './data-access.entity';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireRole } from '../../platform/identity';
import { keyset } from '../../platform/keyset';
import { DataAccessEntry, DataAccessFilter } from './access-journal.type';

export const MAX_PAGE = 500;

export interface AccessPage { nodes: DataAccessEntry[]; endCursor: string | null; hasNextPage: boolean }

/** The citizen's own entries: who looked at my data, when and why (ЦОН exchange rules p.11.3). */
export function myDataAccess(dataSource: DataSource, identity: Identity | undefined, first = 50, after?: string): Promise<AccessPage> {
  const who = requireRole(identity, 'citizen');
  if (!who.iin) throw hubError(ErrorCode.Forbidden, 'A citizen identity without an IIN sees nothing');
  return page(dataSource, { subject: who.iin }, first, after, false);
}

/** Analysts and admins: by organisation and period, and by whose data (the data owner's check of purposes, p.10). */
export function dataAccessJournal(dataSource: DataSource, identity: Identity | undefined, filter: DataAccessFilter = {}, first = 50, after?: string): Promise<AccessPage> {
  requireRole(identity, 'analyst', 'admin');
  return page(dataSource, filter, first, after, true);
}

async function page(dataSource: DataSource, filter: DataAccessFilter, first: number, after: string | undefined, staffView: boolean): Promise<AccessPage> {
  keyset.checkFirst(first, MAX_PAGE);
  const q = dataSource.manager.createQueryBuilder(DataAccessRow, 'a');
  if (after) {
    const c = keyset.parse(after);
    q.andWhere('(a.at, a.id) < (:t, :id)', { t: c.at, id: c.id });
  }
  if (filter.organisationBin) q.andWhere('a.actor_bin = :bin', { bin: filter.organisationBin });
  if (filter.subject) q.andWhere('a.subject = :subject', { subject: filter.subject });
  if (filter.documentType) q.andWhere('a.document_type = :type', { type: filter.documentType });
  if (filter.outcome) q.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
  keyset.period(q, 'a.at', filter);
  const rows = await q.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC').limit(first + 1).getMany();
  const slice = rows.slice(0, first);
  const bins = [...new Set(slice.map((r) => r.actorBin).filter((b): b is string => !!b))];
  const names = new Map((bins.length ? await dataSource.manager.createQueryBuilder(OrganisationRow, 'o').where('o.bin IN (:...bins)', { bins }).getMany() : []).map((o) => [o.bin, o.name]));
  return {
    nodes: slice.map((r) => ({
      id: r.id, at: r.at, actorRole: r.actorRole, actorName: r.actorName, actorIin: staffView ? r.actorIin : null,
      organisation: r.actorBin ? { bin: r.actorBin, name: names.get(r.actorBin) ?? null } : null,
      documentType: r.documentType, subject: r.subject, purpose: r.purpose, basis: r.basis,
      // a refused lookup may name someone else's application: only staff see it
      application: r.applicationId && (staffView || r.outcome !== 'REFUSED') ? { id: r.applicationId } : null,
      outcome: r.outcome, errorCode: r.errorCode, sourceCode: r.sourceCode, documentId: r.documentId,
    })),
    // newest first: the next page is older than the last entry of this one
    endCursor: slice.length ? keyset.cursor(slice[slice.length - 1].at, slice[slice.length - 1].id) : null,
    hasNextPage: rows.length > first,
  };
}
