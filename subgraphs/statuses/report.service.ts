import { DataSource, EntityManager } from 'typeorm';
import { MonthlyReportRow } from './monthly-report.entity';
import { ReportLine } from './monthly-report.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { addCalendarDays, astanaDate } from '../../platform/time';
import { keyset } from '../../platform/keyset';

/** A month as the report names it: YYYY-MM, with its first day and the first day of the next. */
export interface ReportMonth { month: string; first: string; next: string }

export function parseMonth(text: string, now = new Date()): ReportMonth {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text?.trim() ?? '');
  if (!m) throw hubError(ErrorCode.InvalidMonth, `month must be YYYY-MM, got "${text}"`, 'month');
  const [year, month] = [Number(m[1]), Number(m[2])];
  const first = `${m[1]}-${m[2]}-01`;
  const next = month === 12 ? `${year + 1}-01-01` : `${m[1]}-${String(month + 1).padStart(2, '0')}-01`;
  // the authorised body reports a month once it is over (data-entry rules p.12)
  if (next > astanaDate(now)) throw hubError(ErrorCode.MonthNotOver, `${text} is not over yet (Astana time)`, 'month');
  return { month: `${m[1]}-${m[2]}`, first, next };
}

/** The month before the one `now` falls in, in Astana time: what the scheduler reports on the 1st. */
export function previousMonth(now = new Date()): string {
  const today = astanaDate(now);
  const firstOfThis = `${today.slice(0, 7)}-01`;
  return addCalendarDays(firstOfThis, -1).slice(0, 7);
}

/**
 * The report's figures for a month, per provider and service, in one query over the requests
 * (whose current stage, planned date and completion date the stage reports keep up to date):
 * - requests accepted in the month;
 * - violations: executed in the month after the planned date, or still not executed on the
 *   month's last day and past the planned date then, with their length in calendar days;
 * - technical violations: the lateness (from the day after the planned date to the completion,
 *   or to the month's end) overlaps a recorded failure of the hub, of the request's provider's
 *   system, or of a document source one of its attachments came from.
 *
 * It reads index entries only (migration MonthlyReportCoveringIndexes1733170000000), bounded by the month: a
 * request late in the month is either still open or was completed after its planned date, on or
 * after the month's first day, and its planned date is before the month's last day. Late requests
 * with the same provider, service, planned date and end of lateness are judged once as a group
 * against the hub's and providers' failures (a month has thousands of such groups, not hundreds of
 * thousands of requests); only a document source's failure needs the request itself, and that
 * join starts from the sources that failed. Months are Astana months ($1 its first day, $2 the
 * next month's).
 */
export const REPORT_SQL = `
WITH late AS NOT MATERIALIZED (
  -- closed late in the month, or late at its end and closed since (until: the day after the lateness)
  SELECT a.id, a.provider_bin, a.service_code, a.planned_date, a.completed_on < $2::date AS closed,
         CASE WHEN a.completed_on < $2::date THEN a.completed_on + 1 ELSE $2::date END AS until
  FROM application a
  WHERE a.completed_on > a.planned_date AND a.completed_on >= $1::date AND a.planned_date < $2::date - 1
    AND (a.completed_on < $2::date OR a.accepted_at < ($2::date::timestamp AT TIME ZONE 'Asia/Almaty'))
  UNION ALL
  -- still open, and late at the month's end
  SELECT a.id, a.provider_bin, a.service_code, a.planned_date, false, $2::date
  FROM application a
  WHERE a.completed_on IS NULL AND a.planned_date < $2::date - 1 AND a.accepted_at < ($2::date::timestamp AT TIME ZONE 'Asia/Almaty')
), groups AS (
  SELECT provider_bin, service_code, closed, planned_date, until, count(*) AS n,
         tstzrange(((planned_date + 1)::timestamp AT TIME ZONE 'Asia/Almaty'), (until::timestamp AT TIME ZONE 'Asia/Almaty')) AS lateness
  FROM late GROUP BY 1, 2, 3, 4, 5
), judged AS (
  SELECT g.*, EXISTS (
    SELECT 1 FROM incident i
    WHERE NOT i.removed AND tstzrange(i.started_at, i.ended_at) && g.lateness
      AND (i.system_kind = 'HUB' OR (i.system_kind = 'PROVIDER_SYSTEM' AND i.organisation_bin = g.provider_bin))
  ) AS technical
  FROM groups g
), by_source AS (
  -- per group, its requests late while a document source they used had failed
  SELECT l.provider_bin, l.service_code, l.closed, l.planned_date, l.until, count(*) AS n
  FROM late l
  WHERE EXISTS (
    SELECT 1 FROM incident i JOIN document d ON d.source_code = i.source_code JOIN attachment t ON t.document_id = d.id
    WHERE t.application_id = l.id AND NOT i.removed AND i.system_kind = 'DOCUMENT_SOURCE'
      AND tstzrange(i.started_at, i.ended_at) && tstzrange(((l.planned_date + 1)::timestamp AT TIME ZONE 'Asia/Almaty'), (l.until::timestamp AT TIME ZONE 'Asia/Almaty')))
  GROUP BY 1, 2, 3, 4, 5
), violations AS (
  SELECT j.provider_bin, j.service_code,
         sum(j.n) FILTER (WHERE j.closed) AS closed_late,
         sum(j.n) FILTER (WHERE NOT j.closed) AS open_overdue,
         sum(j.n * (j.until - 1 - j.planned_date)) AS violation_days,
         -- a request is technical once, whichever failures its lateness overlaps
         sum(CASE WHEN j.technical THEN j.n ELSE coalesce(s.n, 0) END) AS technical
  FROM judged j LEFT JOIN by_source s USING (provider_bin, service_code, closed, planned_date, until)
  GROUP BY 1, 2
), accepted AS (
  SELECT a.provider_bin, a.service_code, count(*) AS requests
  FROM application a
  WHERE a.accepted_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Almaty') AND a.accepted_at < ($2::date::timestamp AT TIME ZONE 'Asia/Almaty')
  GROUP BY 1, 2
)
SELECT coalesce(ac.provider_bin, v.provider_bin) AS "providerBin", coalesce(o.name, '') AS "providerName",
       coalesce(ac.service_code, v.service_code) AS "serviceCode", coalesce(s.name_ru, '') AS "serviceName",
       coalesce(ac.requests, 0)::int AS requests, coalesce(v.closed_late, 0)::int AS "closedLate",
       coalesce(v.open_overdue, 0)::int AS "openOverdueAtMonthEnd",
       (coalesce(v.closed_late, 0) + coalesce(v.open_overdue, 0))::int AS violations,
       coalesce(v.violation_days, 0)::int AS "violationDays", coalesce(v.technical, 0)::int AS "technicalViolations"
FROM accepted ac
FULL JOIN violations v ON v.provider_bin = ac.provider_bin AND v.service_code = ac.service_code
LEFT JOIN organisation o ON o.bin = coalesce(ac.provider_bin, v.provider_bin)
LEFT JOIN service s ON s.code = coalesce(ac.service_code, v.service_code)
ORDER BY 1, 3`;

export async function computeReport(m: EntityManager | DataSource, month: ReportMonth): Promise<ReportLine[]> {
  return m.query(REPORT_SQL, [month.first, month.next]);
}

/** Totals of some lines (a provider's, or the whole report's). */
export function totalOf(lines: ReportLine[]): Omit<ReportLine, 'providerBin' | 'providerName' | 'serviceCode' | 'serviceName'> {
  const sum = (key: keyof ReportLine) => lines.reduce((n, l) => n + (l[key] as number), 0);
  return {
    requests: sum('requests'), closedLate: sum('closedLate'), openOverdueAtMonthEnd: sum('openOverdueAtMonthEnd'),
    violations: sum('violations'), violationDays: sum('violationDays'), technicalViolations: sum('technicalViolations'),
  };
}

export const averageDays = (t: { violations: number; violationDays: number }): number => (t.violations ? Math.round((t.violationDays / t.violations) * 100) / 100 : 0);

/**
 * Stores a new version of the month's report. Versions of one month are numbered under an
 * advisory lock; a SCHEDULED version is made at most once per month (the scheduler may run
 * twice, or on several instances): then the existing one is returned.
 */
export async function generateReport(dataSource: DataSource, month: ReportMonth, trigger: MonthlyReportRow['trigger'], generatedBy: string, now = new Date()): Promise<MonthlyReportRow> {
  return dataSource.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`monthly-report:${month.first}`]);
    if (trigger === 'SCHEDULED') {
      const existing = await m.findOneBy(MonthlyReportRow, { month: month.first, trigger: 'SCHEDULED' });
      if (existing) return existing;
    }
    const [{ version }] = await m.query('SELECT coalesce(max(version), 0) + 1 AS version FROM monthly_report WHERE month = $1', [month.first]);
    const rows = await computeReport(m, month);
    return m.save(MonthlyReportRow, m.create(MonthlyReportRow, { month: month.first, version, trigger, generatedAt: now, generatedBy, rows }));
  });
}

/** The month's latest version, or the version asked for. */
export function findReport(dataSource: DataSource, month: ReportMonth, version?: number): Promise<MonthlyReportRow | null> {
  return dataSource.manager.findOne(MonthlyReportRow, { where: { month: month.first, ...(version ? { version } : {}) }, order: { version: 'DESC' } });
}

export const MAX_VERSIONS_PAGE = 100;

/** A version's cursor: its month and number (unique together, and a version never changes). */
export const versionCursor = (row: Pick<MonthlyReportRow, 'month' | 'version'>): string => Buffer.from(`${row.month}|${row.version}`).toString('base64url');

function parseVersionCursor(cursor: string, month: ReportMonth): number {
  const [first, version] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (first !== month.first || !/^\d{1,9}$/.test(version ?? '')) throw hubError(ErrorCode.InvalidCursor, "Not a cursor of this month's versions", 'after');
  return Number(version);
}

/** The month's versions, oldest first, a page after a cursor. */
export async function listVersions(dataSource: DataSource, month: ReportMonth, first = 50, after?: string): Promise<{ rows: MonthlyReportRow[]; hasNextPage: boolean }> {
  keyset.checkFirst(first, MAX_VERSIONS_PAGE);
  const q = dataSource.manager.createQueryBuilder(MonthlyReportRow, 'r').where('r.month = :month', { month: month.first });
  if (after !== undefined && after !== null) q.andWhere('r.version > :version', { version: parseVersionCursor(after, month) });
  const rows = await q.orderBy('r.version', 'ASC').limit(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}
