/**
 * The monthly report as it was first written: one pass over the requests, each late one judged by
 * itself against every failure. Not used by the hub (report.service.ts reads covering indexes and
 * judges late requests in groups, issue 17); kept as the reference that query must equal
 * (report.figures.test.ts) and that the bench measures it against (bench/monthly-report.ts).
 */
export const REFERENCE_REPORT_SQL = `
WITH bounds AS (
  SELECT $1::date AS first, $2::date AS next,
         ($1::date::timestamp AT TIME ZONE 'Asia/Almaty') AS first_at, ($2::date::timestamp AT TIME ZONE 'Asia/Almaty') AS next_at
), accepted AS (
  SELECT a.provider_bin, a.service_code, count(*) AS requests
  FROM application a, bounds b
  WHERE a.accepted_at >= b.first_at AND a.accepted_at < b.next_at
  GROUP BY 1, 2
), late AS (
  SELECT a.id, a.provider_bin, a.service_code, a.completed_on IS NOT NULL AND a.completed_on < b.next AS closed,
         (CASE WHEN a.completed_on IS NOT NULL AND a.completed_on < b.next THEN a.completed_on ELSE b.next - 1 END) - a.planned_date AS days,
         tstzrange(((a.planned_date + 1)::timestamp AT TIME ZONE 'Asia/Almaty'),
                   (LEAST(coalesce(a.completed_on + 1, b.next), b.next)::timestamp AT TIME ZONE 'Asia/Almaty')) AS lateness
  FROM application a, bounds b
  WHERE (a.completed_on >= b.first AND a.completed_on < b.next AND a.completed_on > a.planned_date)
     OR (a.completed_on IS NULL AND a.planned_date < b.next - 1 AND a.accepted_at < b.next_at)
     OR (a.completed_on >= b.next AND a.planned_date < b.next - 1 AND a.accepted_at < b.next_at)
), judged AS (
  SELECT l.*, EXISTS (
    SELECT 1 FROM incident i
    WHERE NOT i.removed AND tstzrange(i.started_at, i.ended_at) && l.lateness
      AND (i.system_kind = 'HUB'
        OR (i.system_kind = 'PROVIDER_SYSTEM' AND i.organisation_bin = l.provider_bin)
        OR (i.system_kind = 'DOCUMENT_SOURCE' AND EXISTS (
              SELECT 1 FROM attachment t JOIN document d ON d.id = t.document_id
              WHERE t.application_id = l.id AND d.source_code = i.source_code)))
  ) AS technical
  FROM late l
), violations AS (
  SELECT provider_bin, service_code,
         count(*) FILTER (WHERE closed) AS closed_late,
         count(*) FILTER (WHERE NOT closed) AS open_overdue,
         sum(days) AS violation_days,
         count(*) FILTER (WHERE technical) AS technical
  FROM judged GROUP BY 1, 2
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
