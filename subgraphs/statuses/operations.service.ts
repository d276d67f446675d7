import { DataSource } from 'typeorm';
import { scopeFilter } from '../../platform/access';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity } from '../../platform/identity';
import { astanaDate, parseAstana } from '../../platform/time';
import { keyset } from '../../platform/keyset';
import { Stage } from './stage';
import { OperationsFilter } from './report.type';

/** Who sees the operational views: staff of the monitoring, the contact centre, and providers (their own). */
export const VIEW_ROLES = ['analyst', 'admin', 'contact_centre', 'provider'] as const;

/** A provider's views are of its own organisation (the roles are the resolver's @Authorized). */
function scoped(identity: Identity | undefined, filter: OperationsFilter): OperationsFilter {
  return scopeFilter(identity, filter);
}

function where(filter: OperationsFilter, params: unknown[]): string {
  const conditions: string[] = [];
  if (filter.providerBin) { params.push(filter.providerBin); conditions.push(`a.provider_bin = $${params.length}`); }
  if (filter.serviceCode) { params.push(filter.serviceCode); conditions.push(`a.service_code = $${params.length}`); }
  return conditions.length ? `AND ${conditions.join(' AND ')}` : '';
}

/** Requests by their current stage. */
export async function requestsByStage(dataSource: DataSource, identity: Identity | undefined, filter: OperationsFilter = {}): Promise<{ stage: string; count: number }[]> {
  const f = scoped(identity, filter);
  const params: unknown[] = [];
  const rows: { stage: number; count: number }[] = await dataSource.query(`SELECT a.current_stage AS stage, count(*)::int AS count FROM application a WHERE true ${where(f, params)} GROUP BY 1 ORDER BY 1`, params);
  return rows.map((r) => ({ stage: Stage[r.stage], count: r.count }));
}

export interface OverdueRow { id: string; plannedDate: string; [field: string]: unknown }

/** An overdue request's cursor: its planned date and id, the order of the list. */
export const overdueCursor = (r: OverdueRow): string => keyset.cursor(new Date(`${r.plannedDate}T00:00:00Z`), r.id);

/**
 * Open requests past their planned date today (Astana), longest overdue first, after a cursor.
 * Not completed is never closed (a closure completes a request); said too, so that a provider's are
 * read from its open requests (application_open_provider_idx).
 */
export async function overdueNow(dataSource: DataSource, identity: Identity | undefined, filter: OperationsFilter = {}, first = 50, after?: string, now = new Date()): Promise<{ rows: OverdueRow[]; hasNextPage: boolean }> {
  if (!Number.isInteger(first) || first < 1 || first > 500) throw hubError(ErrorCode.InvalidArgument, 'first must be between 1 and 500', 'first');
  const f = scoped(identity, filter);
  const params: unknown[] = [astanaDate(now), first + 1];
  let afterCursor = '';
  if (after !== undefined && after !== null) {
    const c = keyset.parse(after);
    params.push(c.at.toISOString().slice(0, 10), c.id);
    afterCursor = `AND (a.planned_date, a.id) > ($${params.length - 1}::date, $${params.length}::uuid)`;
  }
  const rows = await dataSource.query(`
    SELECT a.id, a.number, a.provider_bin AS "providerBin", a.service_code AS "serviceCode", a.current_stage AS stage,
           to_char(a.planned_date, 'YYYY-MM-DD') AS "plannedDate", ($1::date - a.planned_date)::int AS days
    FROM application a WHERE a.completed_on IS NULL AND a.closed_at IS NULL AND a.planned_date < $1::date ${afterCursor} ${where(f, params)}
    ORDER BY a.planned_date, a.id LIMIT $2`, params);
  const page = rows.slice(0, first).map((r: Record<string, unknown>) => ({ ...r, stage: Stage[r.stage as number], application: { id: r.id } }));
  return { rows: page, hasNextPage: rows.length > first };
}

/** Average time from acceptance to closure, per provider and service, for requests closed in the period. */
export async function processingTimes(dataSource: DataSource, identity: Identity | undefined, from: string, to: string, filter: OperationsFilter = {}): Promise<Record<string, unknown>[]> {
  const f = scoped(identity, filter);
  const start = parseAstana(from);
  const end = parseAstana(to);
  if (!start) throw hubError(ErrorCode.InvalidTime, 'from must be an ISO-8601 time', 'from');
  if (!end) throw hubError(ErrorCode.InvalidTime, 'to must be an ISO-8601 time', 'to');
  if (end <= start) throw hubError(ErrorCode.InvalidPeriod, 'to must be after from', 'to');
  const params: unknown[] = [start, end];
  const figures = `count(*)::int AS closed,
           round((avg(extract(epoch FROM a.closed_at - a.accepted_at)) / 86400)::numeric, 2)::float AS "averageDays",
           count(*) FILTER (WHERE a.completed_on > a.planned_date)::int AS late`;
  // one provider's: its closures in the period (application_closed_provider_idx)
  if (f.providerBin) {
    return dataSource.query(`
      SELECT a.provider_bin AS "providerBin", a.service_code AS "serviceCode", ${figures}
      FROM application a WHERE a.closed_at >= $1 AND a.closed_at < $2 ${where(f, params)}
      GROUP BY 1, 2 ORDER BY 1, 2`, params);
  }
  // every provider's: the same index, provider by provider (each next one the first entry past the
  // last, in the index's own order, which no other index gives), so that only the period's closures
  // are read, never the whole table; counted inside the LATERAL, which keeps each provider's read an
  // index range of its own
  return dataSource.query(`
    WITH RECURSIVE provider (bin) AS (
      (SELECT provider_bin FROM application WHERE closed_at IS NOT NULL ORDER BY provider_bin, closed_at LIMIT 1)
      UNION ALL
      SELECT (SELECT n.provider_bin FROM application n WHERE n.closed_at IS NOT NULL AND n.provider_bin > p.bin ORDER BY n.provider_bin, n.closed_at LIMIT 1)
        FROM provider p WHERE p.bin IS NOT NULL
    )
    SELECT p.bin AS "providerBin", c.* FROM provider p CROSS JOIN LATERAL (
      SELECT a.service_code AS "serviceCode", ${figures}
      FROM application a WHERE a.provider_bin = p.bin AND a.closed_at >= $1 AND a.closed_at < $2 ${where(f, params)}
      GROUP BY 1) c
    ORDER BY 1, 2`, params);
}
