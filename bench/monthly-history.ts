import { DataSource } from 'typeorm';

/** Six stage reports per request, as a request that runs its course has. */
export const STAGES_PER_APPLICATION = 6;
/** Requests per statement: small enough to show progress, large enough that a statement's overhead does not count. */
const CHUNK = 25_000;

/**
 * Loads a history of `applications` requests accepted over ten months from 2026-01-01 with their
 * stage records, as the hub would have written them: every index, constraint and trigger of the
 * migrations stays in force (the exchange log's trigger writes a pending leaf for each stage record).
 * Bulk only in the way it is sent: each statement makes CHUNK requests and their stage records
 * from generate_series, on `parallel` connections at once, without waiting for each commit's flush.
 * Every tenth request is still open (at stage 3); the others were executed between four days early
 * and four days late.
 */
export async function loadHistory(dataSource: DataSource, applications: number, opts: { parallel?: number; log?: (msg: string) => void } = {}): Promise<void> {
  const [sig] = await dataSource.query(`INSERT INTO signature (format, value, payload_sha256, received_at, verdict) VALUES ('cms', 'bench', repeat('0', 64), now(), 'NOT_VERIFIED') RETURNING id`);
  const chunks: [number, number][] = [];
  for (let lo = 1; lo <= applications; lo += CHUNK) chunks.push([lo, Math.min(lo + CHUNK - 1, applications)]);
  let done = 0;
  const worker = async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      // a bulk load need not wait for each commit's WAL flush; nothing else is relaxed
      await runner.query('SET synchronous_commit = off');
      for (let next = chunks.shift(); next; next = chunks.shift()) {
        await runner.query(HISTORY_SQL, [next[0], next[1], applications, sig.id, STAGES_PER_APPLICATION]);
        done += next[1] - next[0] + 1;
        opts.log?.(`monthly history: ${done.toLocaleString('en')} of ${applications.toLocaleString('en')} requests`);
      }
    } finally {
      await runner.release();
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? 2 }, worker));
  await dataSource.query(`INSERT INTO incident (system_kind, organisation_bin, started_at, ended_at, description, revision)
    SELECT 'PROVIDER_SYSTEM', agency_bin, timestamptz '2026-06-10 09:00+05', timestamptz '2026-06-12 18:00+05', 'bench outage', 1 FROM service GROUP BY agency_bin`);
  await dataSource.query(`INSERT INTO incident (system_kind, started_at, ended_at, description, revision) VALUES ('HUB', '2026-06-20 09:00+05', '2026-06-20 12:00+05', 'bench hub outage', 1)`);
  await dataSource.query('VACUUM ANALYZE application');
  await dataSource.query('VACUUM ANALYZE stage_record');
}

// requests $1..$2 of $3 and their stage records in one statement (the stage records' foreign key
// and the log trigger see the requests: both run at the statement's end)
const HISTORY_SQL = `
WITH services AS (SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, agency_bin, term_days FROM service WHERE active),
     n AS (SELECT count(*) AS c FROM services),
     requests AS (
       INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance,
                                accepted_at, registered_at, planned_date, current_stage, completed_on, closed_at, outcome, channel)
       SELECT s.agency_bin, 'BENCH-' || g, 'Bench', 'Person', '900101300126', s.code, 'bench',
              t.accepted, t.accepted, (t.accepted AT TIME ZONE 'Asia/Almaty')::date + s.term_days,
              CASE WHEN g % 10 = 0 THEN 3 ELSE 6 END,
              CASE WHEN g % 10 = 0 THEN NULL ELSE (t.accepted AT TIME ZONE 'Asia/Almaty')::date + s.term_days + (g % 9) - 5 END,
              CASE WHEN g % 10 = 0 THEN NULL ELSE t.accepted + (s.term_days + (g % 9) - 4) * interval '1 day' END,
              CASE WHEN g % 10 = 0 THEN NULL ELSE 'ISSUED' END, 'PROVIDER'
       FROM generate_series($1::int, $2::int) g
       CROSS JOIN n
       JOIN services s ON s.i = g % n.c
       CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 09:00+05' + (g::float / $3 * 300) * interval '1 day' AS accepted) t
       RETURNING id, number, provider_bin, accepted_at, current_stage
     )
INSERT INTO stage_record (application_id, stage, occurred_at, received_at, provider_bin, message_id, outcome, report, signature_id, reported_by)
SELECT r.id, st, r.accepted_at + (st - 1) * interval '1 hour', r.accepted_at + (st - 1) * interval '1 hour', r.provider_bin,
       r.number || '-' || st, CASE WHEN st = 6 THEN 'ISSUED' END, '{}'::jsonb, $4, 'bench'
FROM requests r CROSS JOIN generate_series(1, $5::int) st
WHERE st <= r.current_stage`;
