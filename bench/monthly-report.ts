import 'reflect-metadata';
import { mkdirSync, mkdtempSync, chmodSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource, migrate } from '../subgraphs/database';
import { startEmbeddedPostgres } from '../platform/embedded-postgres';
import { loadReferenceData } from '../platform/reference-data';
import { computeReport, generateReport, parseMonth, REPORT_SQL } from '../subgraphs/statuses/report.service';
import { REFERENCE_REPORT_SQL } from '../subgraphs/statuses/report.reference-query';
import { freePort } from '../harness/messages';
import { postgresCpuMs, postmasterOf } from './harness';
import { loadHistory } from './monthly-history';

// BENCH_MONTHLY_APPLICATIONS and BENCH_MONTHLY_RUNS reduce the sizes for a quick run (npm run bench);
// 1,760,000 requests make 10 million stage records (every tenth request is open at stage 3)
const APPLICATIONS = Number(process.env.BENCH_MONTHLY_APPLICATIONS || 1_760_000);
const RUNS = Number(process.env.BENCH_MONTHLY_RUNS || 7);
const TARGET_MS = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (msg: string) => process.stderr.write(`[monthly-report] ${msg}\n`);

/**
 * Each measure's median wall time and mean server CPU (the kernel counts in 10 ms ticks) over RUNS
 * runs, interleaved so that a change of the machine's load hits all alike.
 */
async function measure(measures: Record<string, () => Promise<unknown>>, postmaster: number | undefined): Promise<Record<string, { wall: number; cpu?: number }>> {
  const samples: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (const name of Object.keys(measures)) samples[name] = { wall: [], cpu: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [name, fn] of Object.entries(measures)) {
      const cpu0 = postgresCpuMs(postmaster);
      const start = process.hrtime.bigint();
      await fn();
      samples[name].wall.push(Number(process.hrtime.bigint() - start) / 1e6);
      const cpu1 = postgresCpuMs(postmaster);
      if (Number.isFinite(cpu0) && Number.isFinite(cpu1)) samples[name].cpu.push(cpu1 - cpu0);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { wall: median(s.wall), cpu: s.cpu.length ? s.cpu.reduce((a, b) => a + b, 0) / s.cpu.length : undefined }]));
}

// the physical minimum the report cannot go below: reading the month's own requests by acceptance
const MONTH_REQUESTS_SQL = `
SELECT provider_bin, service_code, count(*) FROM application
WHERE accepted_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Almaty') AND accepted_at < ($2::date::timestamp AT TIME ZONE 'Asia/Almaty')
GROUP BY 1, 2`;

/**
 * The monthly report over ten million stage records (1.76 million requests of ten months, some
 * late, some open, with incidents), on a fresh database or DATABASE_URL: the median time of the
 * report query against, in the same run, reading the month's own requests (the baseline), the
 * query it replaced (report.reference-query.ts), and one scan of all stage records. A database
 * that already holds a history of the same size (BENCH_MONTHLY_DATABASE_URL or DATABASE_URL, a previous run) is reused.
 */
export async function benchMonthlyReport(): Promise<string> {
  const loadBefore = loadavg()[0];
  // a database of its own that already holds the history (BENCH_MONTHLY_DATABASE_URL) spares the other scenarios a full one
  let url = process.env.BENCH_MONTHLY_DATABASE_URL || process.env.DATABASE_URL;
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
    const migrationStart = Date.now();
    await migrate(dataSource);
    const migrationSeconds = (Date.now() - migrationStart) / 1000;
    await loadReferenceData(dataSource);
    const [{ n: existing }] = await dataSource.query("SELECT count(*)::int AS n FROM application WHERE number LIKE 'BENCH-%'");
    let loaded = 'reused from an earlier run';
    if (existing !== APPLICATIONS) {
      if (existing) throw new Error(`the database holds ${existing} bench requests, not ${APPLICATIONS}: give a fresh one`);
      const start = Date.now();
      await loadHistory(dataSource, APPLICATIONS, { log });
      loaded = `loaded in ${((Date.now() - start) / 1000).toFixed(0)} s`;
    }
    const [{ n: stageRecords }] = await dataSource.query('SELECT count(*)::int AS n FROM stage_record');
    // a month with four more months of history after it, and the last month (the scheduler's case)
    const month = parseMonth('2026-06', new Date('2026-11-23T12:00:00+05:00'));
    const latest = parseMonth('2026-10', new Date('2026-11-23T12:00:00+05:00'));
    const params = [month.first, month.next];
    const lines = await computeReport(dataSource, month);
    const reference = await dataSource.query(REFERENCE_REPORT_SQL, params);
    const same = JSON.stringify(lines) === JSON.stringify(reference);
    const plans = async (sql: string) => (await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    writeResult('monthly-report-plans.md', `# EXPLAIN (ANALYZE, BUFFERS) of the monthly report, 2026-06\n\n## The report (report.service.ts)\n\n\`\`\`\n${await plans(REPORT_SQL)}\n\`\`\`\n\n## The query it replaced (report.reference-query.ts)\n\n\`\`\`\n${await plans(REFERENCE_REPORT_SQL)}\n\`\`\`\n`);
    const postmaster = await postmasterOf(dataSource);
    const m = await measure({
      report: () => computeReport(dataSource, month),
      latest: () => computeReport(dataSource, latest),
      reference: () => dataSource.query(REFERENCE_REPORT_SQL, params),
      baseline: () => dataSource.query(MONTH_REQUESTS_SQL, params),
      history: () => dataSource.query('SELECT count(*), max(occurred_at) FROM stage_record'),
    }, postmaster);
    const start = process.hrtime.bigint();
    await generateReport(dataSource, month, 'ON_DEMAND', 'bench');
    const stored = Number(process.hrtime.bigint() - start) / 1e6;
    const loadAfter = loadavg()[0];
    const violations = lines.reduce((n, l) => n + l.violations, 0);
    const technical = lines.reduce((n, l) => n + l.technicalViolations, 0);
    const base = m.baseline.wall;
    const ms = (x: number) => x.toFixed(1);
    const cpu = (x?: number) => (x === undefined ? 'n/a' : x.toFixed(0));
    const verdict = Math.max(m.report.wall, m.latest.wall) < TARGET_MS && same
      ? `under ${TARGET_MS} ms: met`
      : `under ${TARGET_MS} ms: MISSED (${!same ? 'its lines differ from the reference query\'s' : `${ms(Math.max(m.report.wall, m.latest.wall))} ms with ${cpu(Math.max(m.report.cpu ?? 0, m.latest.cpu ?? 0))} ms of database CPU, load average ${loadBefore.toFixed(1)}–${loadAfter.toFixed(1)} on this machine; reading the month's own requests alone took ${ms(base)} ms`})`;
    const row = (label: string, x: { wall: number; cpu?: number }, target = '') => `| ${label} | ${ms(x.wall)} | ${cpu(x.cpu)} | ${(x.wall / base).toFixed(2)}x | ${target} |`;
    return [
      `### Monthly report over ${(stageRecords / 1e6).toFixed(1)} million stage records`,
      '',
      `${stageRecords.toLocaleString('en')} stage records of ${APPLICATIONS.toLocaleString('en')} requests (${loaded}; migrations ${migrationSeconds.toFixed(1)} s); report for 2026-06: ${lines.length} lines, ${violations} violations, ${technical} technical; ${same ? 'the same lines as the reference query' : 'DIFFERENT lines from the reference query'}. Load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (2 cores, shared). Database CPU: every server process, parallel workers included. Plans: bench/results/monthly-report-plans.md.`,
      '',
      `| measure | median of ${RUNS} (ms) | database CPU (ms) | ratio to the baseline | target |`,
      '|---|---|---|---|---|',
      row('report query for 2026-06 (per provider and service, technical violations included)', m.report, verdict),
      row('report query for 2026-10, the last month of the history', m.latest),
      `| generate and store a version | ${ms(stored)} (one run) | | ${(stored / base).toFixed(2)}x | |`,
      row('the query it replaced (report.reference-query.ts)', m.reference),
      row('one scan of every stage record (count, max)', m.history),
      row("baseline: the month's own requests by acceptance, grouped", m.baseline),
      '',
    ].join('\n');
  } finally {
    await dataSource.destroy();
    await stopDb?.();
  }
}

function writeResult(name: string, text: string): void {
  const dir = path.join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), text);
}

if (require.main === module) {
  benchMonthlyReport().then((table) => {
    console.log(table);
    writeResult('monthly-report.md', `${table}\n_measured ${new Date().toISOString()} on ${process.version}_\n`);
  }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
