import 'reflect-metadata';
import { mkdirSync, mkdtempSync, chmodSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { createDataSource, migrate } from '../subgraphs/database';
import { startEmbeddedPostgres } from '../platform/embedded-postgres';
import { loadReferenceData } from '../platform/reference-data';
import { computeReport, generateReport, parseMonth } from '../subgraphs/statuses/report.service';

// BENCH_MONTHLY_APPLICATIONS and BENCH_MONTHLY_RUNS reduce the sizes for a quick run (npm run bench)
const APPLICATIONS = Number(process.env.BENCH_MONTHLY_APPLICATIONS || 170_000);
const STAGES_PER_APPLICATION = 6;
const RUNS = Number(process.env.BENCH_MONTHLY_RUNS || 7);

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * The monthly report over a million stage records (170,000 requests of ten months, six stages
 * each, some late, some open, with incidents), on a fresh database: the median time of the report
 * query against the median time of one scan of all stage records in the same run (the baseline).
 */
export async function benchMonthlyReport(): Promise<string> {
  let url = process.env.DATABASE_URL;
  let stopDb: (() => Promise<void>) | undefined;
  if (!url) {
    const parent = mkdtempSync(path.join(tmpdir(), 'qyzmet-bench-'));
    chmodSync(parent, 0o755);
    const db = await startEmbeddedPostgres({ dataDir: path.join(parent, 'pg'), port: await freePort(), database: 'qyzmet_bench', persistent: false });
    url = db.url;
    stopDb = async () => { await db.stop(); rmSync(parent, { recursive: true, force: true }); };
  }
  const dataSource = createDataSource(url, 'qyzmet-bench');
  await dataSource.initialize();
  try {
    await migrate(dataSource);
    await loadReferenceData(dataSource);
    const load = await timed(async () => {
      const [sig] = await dataSource.query(`INSERT INTO signature (format, value, payload_sha256, received_at, verdict) VALUES ('cms', 'bench', repeat('0', 64), now(), 'NOT_VERIFIED') RETURNING id`);
      await dataSource.query(`
        WITH services AS (SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, agency_bin, term_days FROM service WHERE active),
             n AS (SELECT count(*) AS c FROM services)
        INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance,
                                 accepted_at, registered_at, planned_date, current_stage, completed_on, closed_at, outcome, channel)
        SELECT s.agency_bin, 'BENCH-' || g, 'Bench', 'Person', '900101300126', s.code, 'bench',
               t.accepted, t.accepted, (t.accepted AT TIME ZONE 'Asia/Almaty')::date + s.term_days,
               CASE WHEN g % 10 = 0 THEN 3 ELSE 6 END,
               CASE WHEN g % 10 = 0 THEN NULL ELSE (t.accepted AT TIME ZONE 'Asia/Almaty')::date + s.term_days + (g % 9) - 5 END,
               CASE WHEN g % 10 = 0 THEN NULL ELSE t.accepted + (s.term_days + (g % 9) - 4) * interval '1 day' END,
               CASE WHEN g % 10 = 0 THEN NULL ELSE 'ISSUED' END, 'PROVIDER'
        FROM generate_series(1, $1::int) g
        CROSS JOIN n
        JOIN services s ON s.i = g % n.c
        CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 09:00+05' + (g::float / $1 * 300) * interval '1 day' AS accepted) t`, [APPLICATIONS]);
      await dataSource.query(`
        INSERT INTO stage_record (application_id, stage, occurred_at, received_at, provider_bin, message_id, outcome, report, signature_id, reported_by)
        SELECT a.id, st, a.accepted_at + (st - 1) * interval '1 hour', a.accepted_at + (st - 1) * interval '1 hour', a.provider_bin,
               a.number || '-' || st, CASE WHEN st = 6 THEN 'ISSUED' END, '{}'::jsonb, $1, 'bench'
        FROM application a CROSS JOIN generate_series(1, $2::int) st
        WHERE a.number LIKE 'BENCH-%'`, [sig.id, STAGES_PER_APPLICATION]);
      await dataSource.query(`INSERT INTO incident (system_kind, organisation_bin, started_at, ended_at, description, revision)
        SELECT 'PROVIDER_SYSTEM', agency_bin, timestamptz '2026-06-10 09:00+05', timestamptz '2026-06-12 18:00+05', 'bench outage', 1 FROM service GROUP BY agency_bin`);
      await dataSource.query(`INSERT INTO incident (system_kind, started_at, ended_at, description, revision) VALUES ('HUB', '2026-06-20 09:00+05', '2026-06-20 12:00+05', 'bench hub outage', 1)`);
      await dataSource.query('VACUUM ANALYZE application');
      await dataSource.query('VACUUM ANALYZE stage_record');
    });
    const [{ n: stageRecords }] = await dataSource.query('SELECT count(*)::int AS n FROM stage_record');
    const month = parseMonth('2026-06', new Date('2026-11-23T12:00:00+05:00'));
    const lines = await computeReport(dataSource, month);
    const reportTimes: number[] = [];
    const scanTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      reportTimes.push(await timed(() => computeReport(dataSource, month)));
      scanTimes.push(await timed(() => dataSource.query('SELECT count(*), max(occurred_at) FROM stage_record')));
    }
    const stored = await timed(() => generateReport(dataSource, month, 'ON_DEMAND', 'bench'));
    const report = median(reportTimes);
    const scan = median(scanTimes);
    const violations = lines.reduce((n, l) => n + l.violations, 0);
    const technical = lines.reduce((n, l) => n + l.technicalViolations, 0);
    return [
      '### Monthly report over a million stage records',
      '',
      `${stageRecords.toLocaleString('en')} stage records of ${APPLICATIONS.toLocaleString('en')} requests (loaded in ${(load / 1000).toFixed(1)} s); report for 2026-06: ${lines.length} lines, ${violations} violations, ${technical} technical.`,
      '',
      '| measure | median of ' + RUNS + ' (ms) | ratio to the baseline | target |',
      '|---|---|---|---|',
      `| report query (per provider and service, technical violations included) | ${report.toFixed(1)} | ${(report / scan).toFixed(2)}x | under 1000 ms: ${report < 1000 ? 'met' : 'MISSED'} |`,
      `| generate and store a version | ${stored.toFixed(1)} (one run) | ${(stored / scan).toFixed(2)}x | |`,
      `| baseline: one scan of every stage record (count, max) | ${scan.toFixed(1)} | 1.00x | |`,
      '',
    ].join('\n');
  } finally {
    await dataSource.destroy();
    await stopDb?.();
  }
}

if (require.main === module) {
  benchMonthlyReport().then((table) => {
    console.log(table);
    const dir = path.join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'monthly-report.md'), `${table}\n_measured ${new Date().toISOString()} on ${process.version}_\n`);
  }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
