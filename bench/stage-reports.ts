import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Pool } from 'pg';
import { DEV_UPSTREAM_SECRET } from '../platform/config';
import { HMAC_EXTENSION, signUpstream, STAMP_EXTENSION, stampFor } from '../platform/upstream-signature';
import { BenchHub, closedLoop, cpuLine, cpuPer, envInt, hubCpuName, statusesCpuRow, fmt, JUSTICE_BIN, nowMs, onHubThread, ratio, registration, REPORT_STAGE, ScenarioResult, signAs, tokenFor, verdict } from './harness';
import { runLoad } from './load';
import { physicalLimit } from './stage-report-limit';

/** CPU per report the statuses subgraph may spend (issue 17). */
const STATUSES_CPU_TARGET_MS = 3;

/** A reportStage request as the gateway sends it to the statuses subgraph: the token's payload, a stamp, the HMAC. */
function upstreamBody(input: Record<string, unknown>, jwtPayload: Record<string, unknown>): string {
  const variables = { input };
  const extensions: Record<string, unknown> = { jwt: { payload: jwtPayload }, [STAMP_EXTENSION]: stampFor('statuses') };
  extensions[HMAC_EXTENSION] = signUpstream({ query: REPORT_STAGE, variables, extensions }, DEV_UPSTREAM_SECRET);
  return JSON.stringify({ query: REPORT_STAGE, variables, extensions });
}

/** Raw single-row INSERTs of stage-record rows from this process, `connections` at a time, for `seconds`. */
async function rawInserts(hub: BenchHub, connections: number, seconds: number, warmupSeconds: number, signatureId: string) {
  await hub.dataSource.query('DROP TABLE IF EXISTS bench_insert_baseline');
  // the stage records' columns, defaults, checks and indexes (unique ones included), without foreign keys
  await hub.dataSource.query('CREATE TABLE bench_insert_baseline (LIKE stage_record INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
  const pool = new Pool({ connectionString: hub.databaseUrl, max: connections, application_name: 'qyzmet-bench-baseline' });
  const sql = `INSERT INTO bench_insert_baseline (application_id, stage, occurred_at, received_at, provider_bin, message_id, report, signature_id, reported_by)
               VALUES ($1, 1, $2, now(), $3, $4, $5, $6, 'bench')`;
  const report = JSON.stringify(registration({ applicationNumber: 'BENCH-RAW' }));
  try {
    const r = await closedLoop(connections, seconds, warmupSeconds, () => pool.query(sql, [randomUUID(), '2024-05-02T10:00:00+05:00', JUSTICE_BIN, randomUUID(), report, signatureId]), 5_000_000);
    return { perSecond: r.perSecond, rows: r.count, seconds: r.seconds, p50: r.p50, p99: r.p99 };
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
  const inputs: Record<string, unknown>[] = [];
  const directInputs: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    inputs.push(signAs(signer, registration({ applicationNumber: `BENCH-${run}-${i}` })));
    directInputs.push(signAs(signer, registration({ applicationNumber: `BENCH-${run}-D${i}` })));
  }
  const bodies = inputs.map((input) => JSON.stringify({ query: REPORT_STAGE, variables: { input } }));
  log(`stage reports: ${2 * count} reports signed in ${((nowMs() - signStart) / 1000).toFixed(1)} s`);
  const token = tokenFor('provider', { bin: JUSTICE_BIN, sub: 'bench-provider' });

  log(`stage reports: through the gateway, up to ${count - warmupReports} reports or ${seconds} s at ${connections} connections`);
  const job = { url: hub.gatewayUrl, headers: { authorization: `Bearer ${token}` }, connections, seconds, expect: '"duplicate":false' };
  const warm = await runLoad({ ...job, label: 'reportStage (warm-up)', bodies: bodies.slice(0, warmupReports) });
  const { result: ours, thread } = await onHubThread(() => runLoad({ ...job, label: 'reportStage through the gateway', bodies: bodies.slice(warmupReports) }));
  const cpuMsPerReport = cpuPer(thread, ours.ok + ours.failed);
  const [{ n: recorded }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM stage_record r JOIN application a ON a.id = r.application_id WHERE a.number LIKE $1`, [`BENCH-${run}-%`]);

  // the statuses subgraph alone: the same reports sent to it as the gateway would send them, so the
  // hub thread's CPU is statuses' own (in production each service is a process of its own)
  log(`stage reports: straight to the statuses subgraph, up to ${count - warmupReports} reports or ${seconds} s at ${connections} connections`);
  const jwtPayload = jwt.decode(token) as Record<string, unknown>;
  const directJob = { url: hub.subgraphUrls.statuses, headers: {}, connections, seconds, expect: '"duplicate":false' };
  // each stamp is taken once and within its window: bodies are made just before their run
  await runLoad({ ...directJob, label: 'reportStage to statuses (warm-up)', bodies: directInputs.slice(0, warmupReports).map((input) => upstreamBody(input, jwtPayload)) });
  const directBodies = directInputs.slice(warmupReports).map((input) => upstreamBody(input, jwtPayload));
  const { result: direct, thread: directThread } = await onHubThread(() => runLoad({ ...directJob, label: 'reportStage to the statuses subgraph', bodies: directBodies }));
  // its own process's CPU in the production topology; in one process, the hub thread's with the gateway idle
  const statusesCpuMs = hub.topology === 'processes' ? (directThread.processes.statuses ?? NaN) / Math.max(1, direct.ok + direct.failed) : cpuPer(directThread, direct.ok + direct.failed);

  log(`stage reports: physical limit (crypto.verify and the four rows by plain SQL in one transaction), ${seconds} s at ${connections} connections`);
  const { result: limit, thread: limitThread } = await onHubThread(() => physicalLimit(hub, inputs, connections, seconds, warmupSeconds));
  const cpuMsPerLimit = cpuPer(limitThread, limit.reports);

  log(`stage reports: raw INSERT baseline, ${seconds} s at ${connections} connections`);
  const [{ id: signatureId }] = await hub.dataSource.query(`SELECT id FROM signature ORDER BY received_at DESC LIMIT 1`);
  const { result: raw, thread: rawThread } = await onHubThread(() => rawInserts(hub, connections, seconds, warmupSeconds, signatureId));
  const cpuMsPerInsert = cpuPer(rawThread, raw.rows);

  const vs = ours.perSecond / limit.perSecond;
  return {
    id: 'stage-reports',
    title: '2. Signed stage reports through the gateway',
    method: [
      `ours: pre-signed registering reports (\`reportStage\`, eight fields, a detached CMS by the justice department's demo signer, each a new request, RSA-2048) POSTed through the gateway by autocannon in a worker thread, ${connections} connections, closed loop, each report once; ${warmupReports} reports first as warm-up; every answer must be \`duplicate: false\` with no errors (${ours.ok} were, ${ours.failed} failed, after ${warm.ok} warm-up reports; ${recorded} stage records of this run in the database)`,
      `the hub per report: JWT, HMAC, CMS verification against the demo trust store, one transaction (request registered, signature, stage record numbered by its transaction (xid, seq), journal entry), NOTIFY`,
      `the statuses subgraph alone: ${count - warmupReports} more such reports POSTed straight to it, signed upstream (JWT payload, stamp, HMAC) as the gateway signs them, same connections, after ${warmupReports} warm-up reports (${direct.ok} accepted, ${direct.failed} failed): with the gateway idle, the hub thread's CPU is statuses' own per report`,
      `baseline (the physical limit, issue 17): the same CMS of each report checked with crypto.verify alone (signed bytes and signature value read before the clock, the signer's key imported once), then the same four rows (application, signature, stage record, journal entry) INSERTed by plain SQL (pg) in one transaction, no seq read or NOTIFY, ${connections} connections, closed loop, ${seconds} s after ${warmupSeconds} s of warm-up (${limit.reports} reports)`,
      `second baseline: raw single-row INSERTs (pg, autocommit) of a stage-record row into a copy of stage_record (same columns, defaults, checks and indexes, no foreign keys) from this process, ${connections} connections, closed loop, ${seconds} s after ${warmupSeconds} s of warm-up`,
    ],
    sizes: { 'reports signed': 2 * count, seconds, connections },
    rows: [
      {
        measure: 'reports/s (through the gateway) vs the physical limit (crypto.verify + the same rows by plain SQL in one transaction)',
        ours: fmt(ours.perSecond, 0), baseline: fmt(limit.perSecond, 0), ratio: ratio(ours.perSecond, limit.perSecond), target: 'at least 0.5x',
        verdict: verdict(vs >= 0.5, `with no gateway at all, the same reports sent straight to statuses reach ${fmt(direct.perSecond, 0)}/s, ${ratio(direct.perSecond, limit.perSecond)} the limit; ${fmt(cpuMsPerReport, 2)} ms of ${hubCpuName()} per report (${cpuLine(thread, ours.ok + ours.failed)}) against ${fmt(cpuMsPerLimit, 2)} ms per report at the limit`),
        targetId: 'stage-reports-vs-baseline',
      },
      statusesCpuRow(hub, thread, ours.ok + ours.failed),
      { measure: 'bound: reports/s sent straight to statuses (a gateway that cost nothing) vs the limit', ours: fmt(direct.perSecond, 0), baseline: fmt(limit.perSecond, 0), ratio: ratio(direct.perSecond, limit.perSecond) },
      { measure: 'CPU ms per report through the gateway / at the limit, by process', ours: cpuLine(thread, ours.ok + ours.failed), baseline: cpuLine(limitThread, limit.reports, 3), ratio: '' },
      { measure: 'p50 ms (vs the limit)', ours: fmt(ours.p50, 2), baseline: fmt(limit.p50, 2), ratio: ratio(ours.p50, limit.p50) },
      { measure: 'p99 ms (vs the limit)', ours: fmt(ours.p99, 2), baseline: fmt(limit.p99, 2), ratio: ratio(ours.p99, limit.p99) },
      { measure: `${hubCpuName()} ms per report through the gateway / at the limit (the busiest ${hub.topology === 'single' ? 'thread' : 'service'} busy)`, ours: `${fmt(cpuMsPerReport, 2)} (${fmt(100 * thread.utilization, 0)}%)`, baseline: `${fmt(cpuMsPerLimit, 3)} (${fmt(100 * limitThread.utilization, 0)}%)`, ratio: ratio(cpuMsPerReport, cpuMsPerLimit) },
      {
        measure: `statuses CPU ms per report (reports sent straight to it; ${hub.topology === 'single' ? 'the hub thread with the gateway idle' : 'its process'}) vs at the limit`,
        ours: `${fmt(statusesCpuMs, 2)} (${fmt(direct.perSecond, 0)}/s, ${fmt(100 * directThread.utilization, 0)}% busy)`, baseline: fmt(cpuMsPerLimit, 3), ratio: ratio(statusesCpuMs, cpuMsPerLimit), target: `at most ${STATUSES_CPU_TARGET_MS} ms`,
        verdict: verdict(statusesCpuMs <= STATUSES_CPU_TARGET_MS, `statuses spends ${fmt(statusesCpuMs, 2)} ms of CPU per report: the GraphQL request (HMAC, parse, validation), the CMS verification and the transaction's round trips (the seq read and the NOTIFY among them)`),
      },
      { measure: 'reports/s vs raw INSERTs/s (second baseline)', ours: fmt(ours.perSecond, 0), baseline: fmt(raw.perSecond, 0), ratio: ratio(ours.perSecond, raw.perSecond) },
      { measure: `${hubCpuName()} ms per report / per raw INSERT`, ours: fmt(cpuMsPerReport, 2), baseline: `${fmt(cpuMsPerInsert, 3)} (${fmt(100 * rawThread.utilization, 0)}%)`, ratio: ratio(cpuMsPerReport, cpuMsPerInsert) },
      ...(ours.failed ? [{ measure: 'failed reports', ours: String(ours.failed), baseline: '', ratio: '', verdict: `first: ${ours.firstFailure ?? ''}` }] : []),
      ...(direct.failed ? [{ measure: 'failed reports straight to statuses', ours: String(direct.failed), baseline: '', ratio: '', verdict: `first: ${direct.firstFailure ?? ''}` }] : []),
    ],
    data: { ours, direct, limit, raw, recorded, hubThread: { ours: thread, direct: directThread, limit: limitThread, raw: rawThread, cpuMsPerReport, statusesCpuMs, cpuMsPerLimit, cpuMsPerInsert } },
  };
}
