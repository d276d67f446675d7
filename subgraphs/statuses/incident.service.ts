import { DataSource } from 'typeorm';
import { IncidentRevisionRow, IncidentRow } from './incident.entity';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { field } from '../../platform/fields';
import { Identity } from '../../platform/identity';
import { isUuid } from '../../platform/ids';
import { parseAstana } from '../../platform/time';
import { keyset } from '../../platform/keyset';

export const MAX_INCIDENTS_PAGE = 500;
import { requireIdentity } from '../../platform/identity';
import { IncidentInput, IncidentSystem } from './report.type';

/** The incident as its revisions keep it. */
const snapshotOf = (row: IncidentRow): Record<string, unknown> => ({
  system: row.systemKind, organisationBin: row.organisationBin, sourceCode: row.sourceCode,
  startedAt: row.startedAt.toISOString(), endedAt: row.endedAt?.toISOString() ?? null, description: row.description, removed: row.removed,
});

async function checkInput(dataSource: DataSource, input: IncidentInput, now: Date): Promise<Pick<IncidentRow, 'systemKind' | 'organisationBin' | 'sourceCode' | 'startedAt' | 'endedAt' | 'description'>> {
  const startedAt = field.time(input.startedAt, 'input.startedAt', now);
  let endedAt: Date | null = null;
  if (input.endedAt?.trim()) {
    endedAt = parseAstana(input.endedAt) ?? null;
    if (!endedAt) throw hubError(ErrorCode.InvalidTime, 'input.endedAt must be an ISO-8601 time', 'input.endedAt');
    if (endedAt < startedAt) throw hubError(ErrorCode.InvalidPeriod, 'input.endedAt is before input.startedAt', 'input.endedAt');
  }
  const description = field.text(input.description, 'input.description', 2000);
  let organisationBin: string | null = null;
  let sourceCode: string | null = null;
  if (input.system === IncidentSystem.PROVIDER_SYSTEM) {
    organisationBin = field.iinBin(input.organisationBin, 'input.organisationBin');
    if (!(await dataSource.manager.existsBy(OrganisationRow, { bin: organisationBin }))) throw hubError(ErrorCode.NotFound, `No organisation ${organisationBin} in the catalogue`, 'input.organisationBin');
  }
  if (input.system === IncidentSystem.DOCUMENT_SOURCE) sourceCode = field.text(input.sourceCode, 'input.sourceCode', 64);
  return { systemKind: input.system, organisationBin, sourceCode, startedAt, endedAt, description };
}

/** Admins record an outage (the figures of reports generated afterwards take it into account). */
export async function recordIncident(dataSource: DataSource, identity: Identity | undefined, input: IncidentInput, now = new Date()): Promise<IncidentRow> {
  const who = requireIdentity(identity);
  const values = await checkInput(dataSource, input, now);
  return dataSource.transaction(async (m) => {
    const row = await m.save(IncidentRow, m.create(IncidentRow, { ...values, removed: false, revision: 1 }));
    await m.save(IncidentRevisionRow, m.create(IncidentRevisionRow, { incidentId: row.id, revision: 1, action: 'RECORDED', at: now, bySubject: who.subject, byRole: who.role, reason: null, snapshot: snapshotOf(row) }));
    return row;
  });
}

/** Every change makes a revision; the previous state stays in the trail. */
export async function updateIncident(dataSource: DataSource, identity: Identity | undefined, id: string, input: IncidentInput, reason: string | undefined, now = new Date()): Promise<IncidentRow> {
  const who = requireIdentity(identity);
  const values = await checkInput(dataSource, input, now);
  return change(dataSource, id, who, 'UPDATED', reason, now, (row) => Object.assign(row, values));
}

/** Removed, not deleted: the trail keeps it, and reports generated before keep their figures. */
export async function removeIncident(dataSource: DataSource, identity: Identity | undefined, id: string, reason: string, now = new Date()): Promise<IncidentRow> {
  const who = requireIdentity(identity);
  const why = field.text(reason, 'reason', 2000);
  return change(dataSource, id, who, 'REMOVED', why, now, (row) => { row.removed = true; });
}

async function change(dataSource: DataSource, id: string, who: Identity, action: 'UPDATED' | 'REMOVED', reason: string | undefined, now: Date, apply: (row: IncidentRow) => void): Promise<IncidentRow> {
  return dataSource.transaction(async (m) => {
    const row = isUuid(id) ? await m.findOne(IncidentRow, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!row) throw hubError(ErrorCode.NotFound, `No incident ${id}`, 'id');
    apply(row);
    row.revision += 1;
    await m.save(IncidentRow, row);
    await m.save(IncidentRevisionRow, m.create(IncidentRevisionRow, { incidentId: row.id, revision: row.revision, action, at: now, bySubject: who.subject, byRole: who.role, reason: reason?.trim() || null, snapshot: snapshotOf(row) }));
    return row;
  });
}

/** Incidents overlapping a period (all when none is given), newest first, a page after a cursor. */
export async function listIncidents(
  dataSource: DataSource, identity: Identity | undefined, filter: { from?: string; to?: string; includeRemoved?: boolean }, first = 50, after?: string,
): Promise<{ rows: IncidentRow[]; hasNextPage: boolean }> {
  keyset.checkFirst(first, MAX_INCIDENTS_PAGE);
  const q = dataSource.manager.createQueryBuilder(IncidentRow, 'i');
  if (!filter.includeRemoved) q.andWhere('NOT i.removed');
  const from = filter.from ? parseAstana(filter.from) : undefined;
  const to = filter.to ? parseAstana(filter.to) : undefined;
  if (filter.from && !from) throw hubError(ErrorCode.InvalidTime, 'from must be an ISO-8601 time', 'from');
  if (filter.to && !to) throw hubError(ErrorCode.InvalidTime, 'to must be an ISO-8601 time', 'to');
  if (from && to && to < from) throw hubError(ErrorCode.InvalidPeriod, 'to is before from', 'to');
  if (from || to) q.andWhere('tstzrange(i.started_at, i.ended_at) && tstzrange(:from, :to)', { from: from ?? null, to: to ?? null });
  if (after !== undefined && after !== null) {
    // newest first: the next page started earlier than the cursor (the id breaks ties of one start)
    const c = keyset.parse(after);
    q.andWhere('(i.started_at, i.id) < (:at, :id)', { at: c.at, id: c.id });
  }
  const rows = await q.orderBy('i.started_at', 'DESC').addOrderBy('i.id', 'DESC').limit(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** An incident's cursor: its start and id, the order of the list. */
export const incidentCursor = (row: IncidentRow): string => keyset.cursor(row.startedAt, row.id);

export function revisionsOf(dataSource: DataSource, incidentId: string): Promise<IncidentRevisionRow[]> {
  return dataSource.manager.find(IncidentRevisionRow, { where: { incidentId }, order: { revision: 'ASC' } });
}
