import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { BenchHub, cpuLine, cpuPer, envInt, hubCpuName, statusesCpuRow, fmt, JUSTICE_BIN, nowMs, onHubThread, percentile, ratio, registration, REPORT_STAGE, ScenarioResult, signAs, tokenFor, verdict } from './harness';
import { runLoad } from './load';

/** Raw single-row INSERTs of stage-record rows from this process, `connections` at a time, for `seconds`. */
async function rawInserts(hub: BenchHub, connections: number, seconds: number, warmupSeconds: number, signatureId: string) {
  await hub.dataSource.query('DROP TABLE IF EXISTS bench_insert_baseline');
  // the stage records' columns, defaults, checks and indexes (unique ones included), without foreign keys
  await hub.dataSource.query('CREATE TABLE bench_insert_baseline (LIKE stage_record INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
  const pool = new Pool({ connectionString: hub.databaseUrl, max: connections, application_name: 'qyzmet-bench-baseline' });
  const sql = `INSERT INTO bench_insert_baseline (application_id, stage, occurred_at, received_at, provider_bin, message_id, report, signature_id, reported_by)
               VALUES ($1, 1, $2, now(), $3, $4, $5, $6, 'bench')`;
  const report = JSON.stringify(registration({ applicationNumber: 'BENCH-RAW' }));
  const run = async (forSeconds: number, keep: boolean) => {
    const latencies: number[] = [];
    const deadline = nowMs() + forSeconds * 1000;
    const start = nowMs();
    let done = 0;
    await Promise.all(Array.from({ length: connections }, async () => {
      while (nowMs() < deadline && done < 5_000_000) {
        const t = nowMs();
        await pool.query(sql, [randomUUID(), '2024-05-02T10:00:00+05:00', JUSTICE_BIN, randomUUID(), report, signatureId]);
        if (keep) latencies.push(nowMs() - t);
        done++;
      }
    }));
    return { rows: done, seconds: (nowMs() - start) / 1000, latencies };
  };
  try {
    if (warmupSeconds > 0) await run(warmupSeconds, false);
    const r = await run(seconds, true);
    return { perSecond: r.rows / r.seconds, rows: r.rows, seconds: r.seconds, p50: percentile(r.latencies, 50), p99: percentile(r.latencies, 99) };
  } finally {
    await pool.end();
    await hub.dataSource.query('DROP TABLE IF EXISTS bench_insert_baseline');
  }
}

export async function benchStageReports(hub: BenchHub, log: (msg: string) => void): Promise<ScenarioResult> {
  const seconds = envInt('BENCH_SECONDS', 20);
  const warmupSeconds = envInt('BENCH_WARMUP_SECONDS', 3, 0);
  const connections = envInt('BENCH_CONNECTIONS', 16);
  const count = envInt('BENCH_REPORTS', 3000, 8);
  const warmupReports = Math.min(200, Math.floor(count / 4));

  // signing is the provider's cost, not the hub's: every report is signed before the clock starts
  const signer = hub.signer('provider', JUSTICE_BIN);
  const run = randomUUID().slice(0, 8);
  const signStart = nowMs();
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    bodies.push(JSON.stringify({ query: REPORT_STAGE, variables: { input: signAs(signer, registration({ applicationNumber: `BENCH-${run}-${i}` })) } }));
  }
  log(`stage reports: ${count} reports signed in ${((nowMs() - signStart) / 1000).toFixed(1)} s`);
  const token = tokenFor('provider', { bin: JUSTICE_BIN, sub: 'bench-provider' });

  log(`stage reports: through the gateway, up to ${count - warmupReports} reports or ${seconds} s at ${connections} connections`);
  const job = { url: hub.gatewayUrl, headers: { authorization: `Bearer ${token}` }, connections, seconds, expect: '"duplicate":false' };
  const warm = await runLoad({ ...job, label: 'reportStage (warm-up)', bodies: bodies.slice(0, warmupReports) });
  const { result: ours, thread } = await onHubThread(() => runLoad({ ...job, label: 'reportStage through the gateway', bodies: bodies.slice(warmupReports) }));
  const cpuMsPerReport = cpuPer(thread, ours.ok + ours.failed);
  const [{ n: recorded }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM stage_record r JOIN application a ON a.id = r.application_id WHERE a.number LIKE $1`, [`BENCH-${run}-%`]);

  log(`stage reports: raw INSERT baseline, ${seconds} s at ${connections} connections`);
  const [{ id: signatureId }] = await hub.dataSource.query(`SELECT id FROM signature ORDER BY received_at DESC LIMIT 1`);
  const { result: raw, thread: rawThread } = await onHubThread(() => rawInserts(hub, connections, seconds, warmupSeconds, signatureId));
  const cpuMsPerInsert = cpuPer(rawThread, raw.rows);

  const vs = ours.perSecond / raw.perSecond;
  return {
    id: 'stage-reports',
    title: '2. Signed stage reports through the gateway',
    method: [
      `ours: pre-signed registering reports (\`reportStage\`, eight fields, a detached CMS by the justice department's demo signer, each a new request, RSA-2048) POSTed through the gateway by autocannon in a worker thread, ${connections} connections, closed loop, each report once; ${warmupReports} reports first as warm-up; every answer must be \`duplicate: false\` with no errors (${ours.ok} were, ${ours.failed} failed, after ${warm.ok} warm-up reports; ${recorded} stage records of this run in the database)`,
      `the hub per report: JWT, HMAC, CMS verification against the demo trust store, one transaction (request registered, signature, stage record under the stage-order lock, journal entry), NOTIFY`,
      `baseline: raw single-row INSERTs (pg, autocommit) of a stage-record row into a copy of stage_record (same columns, defaults, checks and indexes, no foreign keys) from this process, ${connections} connections, closed loop, ${seconds} s after ${warmupSeconds} s of warm-up`,
    ],
    sizes: { 'reports signed': count, seconds, connections },
    rows: [
      {
        measure: 'reports/s (through the gateway) vs raw INSERTs/s',
        ours: fmt(ours.perSecond, 0), baseline: fmt(raw.perSecond, 0), ratio: ratio(ours.perSecond, raw.perSecond), target: 'at least 0.5x',
        verdict: verdict(vs >= 0.5, `${fmt(cpuMsPerReport, 1)} ms of ${hubCpuName()} per report (${cpuLine(thread, ours.ok + ours.failed)}; gateway, statuses subgraph, CMS verification, the transaction's ORM round trips) against ${fmt(cpuMsPerInsert, 2)} ms per raw INSERT`),
        targetId: 'stage-reports-vs-baseline',
      },
      statusesCpuRow(hub, thread, ours.ok + ours.failed),
      { measure: 'p50 ms', ours: fmt(ours.p50, 2), baseline: fmt(raw.p50, 2), ratio: ratio(ours.p50, raw.p50) },
      { measure: 'p99 ms', ours: fmt(ours.p99, 2), baseline: fmt(raw.p99, 2), ratio: ratio(ours.p99, raw.p99) },
      { measure: `${hubCpuName()} ms per report / per INSERT (the busiest ${hub.topology === 'single' ? 'thread' : 'service'} busy)`, ours: `${fmt(cpuMsPerReport, 2)} (${fmt(100 * thread.utilization, 0)}%)`, baseline: `${fmt(cpuMsPerInsert, 3)} (${fmt(100 * rawThread.utilization, 0)}%)`, ratio: ratio(cpuMsPerReport, cpuMsPerInsert) },
      { measure: 'CPU ms per report / per INSERT, by process', ours: cpuLine(thread, ours.ok + ours.failed), baseline: cpuLine(rawThread, raw.rows, 3), ratio: '' },
      ...(ours.failed ? [{ measure: 'failed reports', ours: String(ours.failed), baseline: '', ratio: '', verdict: `first: ${ours.firstFailure ?? ''}` }] : []),
    ],
    data: { ours, raw, recorded, hubThread: { ours: thread, raw: rawThread, cpuMsPerReport, cpuMsPerInsert } },
  };
}
