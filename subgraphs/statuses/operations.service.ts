import { DataSource } from 'typeorm';
import { scopeFilter } from '../../platform/access';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireRole } from '../../platform/identity';
import { astanaDate, parseAstana } from '../../platform/time';
import { Stage } from './stage';
import { OperationsFilter } from './report.type';

/** Who sees the operational views: staff of the monitoring, the contact centre, and providers (their own). */
const VIEW_ROLES = ['analyst', 'admin', 'contact_centre', 'provider'] as const;

function scoped(identity: Identity | undefined, filter: OperationsFilter): OperationsFilter {
  requireRole(identity, ...VIEW_ROLES);
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

/** Open requests past their planned date today (Astana), longest overdue first. */
export async function overdueNow(dataSource: DataSource, identity: Identity | undefined, filter: OperationsFilter = {}, first = 50, now = new Date()): Promise<Record<string, unknown>[]> {
  if (!Number.isInteger(first) || first < 1 || first > 500) throw hubError(ErrorCode.InvalidArgument, 'first must be between 1 and 500', 'first');
  const f = scoped(identity, filter);
  const params: unknown[] = [astanaDate(now), first];
  const rows = await dataSource.query(`
    SELECT a.id, a.number, a.provider_bin AS "providerBin", a.service_code AS "serviceCode", a.current_stage AS stage,
           to_char(a.planned_date, 'YYYY-MM-DD') AS "plannedDate", ($1::date - a.planned_date)::int AS days
    FROM application a WHERE a.completed_on IS NULL AND a.planned_date < $1::date ${where(f, params)}
    ORDER BY a.planned_date, a.id LIMIT $2`, params);
  return rows.map((r: Record<string, unknown>) => ({ ...r, stage: Stage[r.stage as number], application: { id: r.id } }));
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
  return dataSource.query(`
    SELECT a.provider_bin AS "providerBin", a.service_code AS "serviceCode", count(*)::int AS closed,
           round((avg(extract(epoch FROM a.closed_at - a.accepted_at)) / 86400)::numeric, 2)::float AS "averageDays",
           count(*) FILTER (WHERE a.completed_on > a.planned_date)::int AS late
    FROM application a WHERE a.closed_at >= $1 AND a.closed_at < $2 ${where(f, params)}
    GROUP BY 1, 2 ORDER BY 1, 2`, params);
}
