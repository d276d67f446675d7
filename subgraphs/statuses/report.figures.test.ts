import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../database';
import { addCalendarDays, astanaDate } from '../../platform/time';
import { computeReport, parseMonth } from './report.service';
import { REFERENCE_REPORT_SQL } from './report.reference-query';
import { ReportLine } from './monthly-report.entity';

/**
 * The report reads covering indexes and judges late requests in groups (issue 17); its figures must
 * be those of the straightforward query it replaced (report.reference-query.ts).
 */

// providers and a document source only this file uses: the run's database is shared
const PROVIDERS = ['990017000001', '990017000002', '990017000003'];
const SOURCE = `FIGURES-${randomUUID().slice(0, 8)}`;
// months around the Astana switch from UTC+6 to UTC+5 (2024-03-01), a year end, and a leap February
const MONTHS = ['2019-12', '2020-01', '2020-02', '2024-02', '2024-03', '2024-04'];

/** A deterministic sequence, so that a failure can be replayed. */
function sequence(seed: number): () => number {
  let x = seed;
  return () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
}

interface Request { id: string; provider: string; service: string; acceptedAt: Date; planned: string; completed: string | null; outcome: 'ISSUED' | 'REFUSED' | null }

/**
 * Requests around each month: accepted in the first and last half-hour of an Astana day (another
 * UTC day), planned before, at and after the month's end, closed early, on time, a day late, in
 * the next month, issued or refused, or never closed.
 */
function requestsAround(month: string, random: () => number, services: string[]): Request[] {
  const first = `${month}-01`;
  const next = addCalendarDays(first, 40).slice(0, 7) + '-01';
  const out: Request[] = [];
  for (let i = 0; i < 120; i++) {
    const day = addCalendarDays(first, Math.floor(random() * 50) - 25);
    const time = ['00:10', '00:30', '12:00', '23:30', '23:59'][Math.floor(random() * 5)];
    const acceptedAt = new Date(`${day}T${time}:00${day >= '2024-03-01' ? '+05:00' : '+06:00'}`);
    const accepted = astanaDate(acceptedAt);
    const planned = [addCalendarDays(accepted, Math.floor(random() * 20)), addCalendarDays(next, -1), addCalendarDays(next, -2), next][Math.floor(random() * 4)];
    const completions = [null, planned, addCalendarDays(planned, -1), addCalendarDays(planned, 1), addCalendarDays(planned, 2 + Math.floor(random() * 30)), next, addCalendarDays(next, -1), first];
    let completed = completions[Math.floor(random() * completions.length)];
    if (completed !== null && completed < accepted) completed = accepted;
    out.push({
      id: randomUUID(), provider: PROVIDERS[i % PROVIDERS.length], service: services[Math.floor(random() * services.length)], acceptedAt, planned, completed,
      outcome: completed === null ? null : random() < 0.3 ? 'REFUSED' : 'ISSUED',
    });
  }
  return out;
}

let db: DataSource;
const requests: Request[] = [];

beforeAll(async () => {
  db = createDataSource(process.env.TEST_DATABASE_URL!, 'report-figures-test');
  await db.initialize();
  const services: string[] = (await db.query('SELECT code FROM service ORDER BY code LIMIT 3')).map((s: { code: string }) => s.code);
  const random = sequence(17);
  for (const month of MONTHS) requests.push(...requestsAround(month, random, services));
  await db.query(`
    INSERT INTO application (id, provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance,
                             accepted_at, registered_at, planned_date, current_stage, completed_on, closed_at, outcome)
    SELECT r.id, r.provider, 'FIGURES-' || r.id, 'Тест', 'Отчёт', '900101300126', r.service, 'test', r.accepted, r.accepted, r.planned,
           CASE WHEN r.completed IS NULL THEN 2 ELSE 6 END, r.completed, (r.completed::timestamp AT TIME ZONE 'Asia/Almaty') + interval '12 hours', r.outcome
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::date[], $6::date[], $7::text[])
      AS r(id, provider, service, accepted, planned, completed, outcome)`,
  [requests.map((r) => r.id), requests.map((r) => r.provider), requests.map((r) => r.service), requests.map((r) => r.acceptedAt.toISOString()),
    requests.map((r) => r.planned), requests.map((r) => r.completed), requests.map((r) => r.outcome)]);
  // every fifth request has a document from the source that fails; every seventh one from a source that does not
  const [doc] = await db.query(`INSERT INTO document (document_type, subject_iin, source_bin, fetched_at, content_sha256, source_code, content)
    VALUES ('ADDRESS', '900101300126', '990017000009', now(), repeat('0', 64), $1, '{}') RETURNING id`, [SOURCE]);
  const [other] = await db.query(`INSERT INTO document (document_type, subject_iin, source_bin, fetched_at, content_sha256, source_code, content)
    VALUES ('ADDRESS', '900101300126', '990017000009', now(), repeat('0', 64), $1, '{}') RETURNING id`, [`${SOURCE}-OK`]);
  const attach = async (ids: string[], document: string) => db.query(`INSERT INTO attachment (application_id, purpose, source, document_id, size_bytes, sha256)
    SELECT unnest($1::uuid[]), 'DOCUMENT', 'LOOKUP', $2, 1, repeat('0', 64)`, [ids, document]);
  await attach(requests.filter((_, i) => i % 5 === 0).map((r) => r.id), doc.id);
  await attach(requests.filter((_, i) => i % 7 === 0).map((r) => r.id), other.id);
  const incident = (kind: string, org: string | null, source: string | null, from: string, to: string | null, removed = false) => db.query(
    `INSERT INTO incident (system_kind, organisation_bin, source_code, started_at, ended_at, description, removed, revision) VALUES ($1, $2, $3, $4, $5, 'report figures test', $6, 1)`,
    [kind, org, source, from, to, removed]);
  await incident('PROVIDER_SYSTEM', PROVIDERS[0], null, '2019-12-31T20:00:00+06:00', '2020-01-02T03:00:00+06:00');
  await incident('PROVIDER_SYSTEM', PROVIDERS[1], null, '2024-02-29T23:30:00+06:00', '2024-03-01T00:30:00+05:00');
  await incident('DOCUMENT_SOURCE', null, SOURCE, '2020-01-20T10:00:00+06:00', '2020-02-10T10:00:00+06:00');
  await incident('DOCUMENT_SOURCE', null, SOURCE, '2024-04-15T10:00:00+05:00', null);
  await incident('PROVIDER_SYSTEM', PROVIDERS[2], null, '2019-11-01T00:00:00+06:00', '2024-12-01T00:00:00+05:00', true);
  await incident('HUB', null, null, '2024-02-10T09:00:00+06:00', '2024-02-10T11:00:00+06:00');
});

afterAll(async () => { await db.destroy(); });

describe('the monthly report read from covering indexes, against the reference query', () => {
  it('gives the same lines as the reference for every month around Astana month ends, the zone switch and a year end', async () => {
    const mine = (lines: ReportLine[]) => lines.filter((l) => PROVIDERS.includes(l.providerBin));
    const seen = { closedLate: 0, openOverdueAtMonthEnd: 0, technicalViolations: 0, violations: 0 };
    for (const text of [...MONTHS, '2019-11', '2020-03', '2024-05']) {
      const month = parseMonth(text);
      // both in one snapshot: other test files may write meanwhile
      const [fast, reference] = await db.transaction('REPEATABLE READ', async (m) => [await computeReport(m, month), await m.query(REFERENCE_REPORT_SQL, [month.first, month.next])]);
      expect({ month: text, lines: fast }).toEqual({ month: text, lines: reference });
      for (const line of mine(fast)) for (const key of Object.keys(seen) as (keyof typeof seen)[]) seen[key] += line[key];
    }
    // the data set reaches every kind of figure, so that the comparison means something
    expect(seen.closedLate).toBeGreaterThan(20);
    expect(seen.openOverdueAtMonthEnd).toBeGreaterThan(20);
    expect(seen.technicalViolations).toBeGreaterThan(5);
    expect(seen.technicalViolations).toBeLessThan(seen.violations);
  });

  it('counts the requests accepted in each Astana month, whatever the UTC date', async () => {
    for (const text of MONTHS) {
      const lines = (await computeReport(db, parseMonth(text))).filter((l) => PROVIDERS.includes(l.providerBin));
      const expected = requests.filter((r) => astanaDate(r.acceptedAt).slice(0, 7) === text).length;
      expect({ month: text, requests: lines.reduce((n, l) => n + l.requests, 0) }).toEqual({ month: text, requests: expected });
    }
  });

});
