import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { assembleHub } from '../harness/assemble-hub';
import { repoRoot } from '../platform/paths';
import { BenchHub, envInt, procCpuMs, fmt, freePort, JUSTICE_BIN, nowMs, registration, REPORT_STAGE, signAs, sleep, startBenchHub, tokenFor } from './harness';
import { runLoad } from './load';

/**
 * Does a second statuses instance add stage-report write throughput? (issue 17: every report took
 * one advisory lock to commit, so it did not.) For 1 and then 2 statuses processes, each behind a
 * gateway of its own in this process, pre-signed registering reports are POSTed through every
 * gateway by `BENCH_CONNECTIONS` (16) closed-loop connections each; it prints reports/s, the
 * statuses processes' CPU per report (/proc utime+stime) and the ratio of 2 to 1, with the load
 * average. Usage: node test/support/run-ts.js bench/statuses-scaling.ts
 */
const log = (msg: string) => process.stderr.write(`${msg}\n`);


async function startStatuses(hub: BenchHub): Promise<{ url: string; pid: number; stop: () => void }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [path.join(repoRoot(), 'test/support/run-ts.js'), path.join(repoRoot(), 'subgraphs/statuses/index.ts')], {
    env: {
      ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: hub.databaseUrl, STATUSES_PORT: String(port), STATUSES_METRICS_PORT: '0', BIND_HOST: '127.0.0.1',
      TRUST_STORE_DIR: path.join(hub.pkiDir, 'trust'), CRL_DIR: path.join(hub.pkiDir, 'crl'),
      HUB_SIGNING_CERT: path.join(hub.pkiDir, 'demo', 'hub.pem'), HUB_SIGNING_KEY: path.join(hub.pkiDir, 'demo', 'hub.key'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = nowMs() + 90_000;
  while (!(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) {
    if (proc.exitCode !== null || nowMs() > deadline) throw new Error(`statuses did not become ready (exit ${proc.exitCode})`);
    await sleep(200);
  }
  return { url: `http://127.0.0.1:${port}/graphql`, pid: proc.pid!, stop: () => proc.kill('SIGKILL') };
}

async function run(hub: BenchHub, instances: number, round: number) {
  const connections = envInt('BENCH_CONNECTIONS', 16);
  const seconds = envInt('BENCH_SECONDS', 20);
  const perInstance = envInt('BENCH_REPORTS', 2000);
  const statuses = await Promise.all(Array.from({ length: instances }, () => startStatuses(hub)));
  const gateways = await assembleHub({
    databaseUrl: hub.databaseUrl, pkiDir: hub.pkiDir, applicationName: 'qyzmet-bench-scaling', services: ['gateway'],
    external: { statuses: statuses.map((s) => s.url) }, upstream: { replayCacheSize: 2_000_000 }, delivery: hub.delivery, reportSchedule: false,
  });
  try {
    const signer = hub.signer('provider', JUSTICE_BIN);
    const token = tokenFor('provider', { bin: JUSTICE_BIN, sub: 'bench-provider' });
    const bodiesFor = (g: number, n: number, tag: string) => Array.from({ length: n }, (_, i) =>
      JSON.stringify({ query: REPORT_STAGE, variables: { input: signAs(signer, registration({ applicationNumber: `SCALE-${round}-${instances}-${g}-${tag}-${i}` })) } }));
    const jobs = gateways.gateways.map((gw, g) => ({ url: `http://127.0.0.1:${gw.port}/graphql`, headers: { authorization: `Bearer ${token}` }, connections, seconds, expect: '"duplicate":false', g }));
    await Promise.all(jobs.map((job) => runLoad({ ...job, label: 'warm-up', bodies: bodiesFor(job.g, 100, 'w') })));
    const bodies = jobs.map((job) => bodiesFor(job.g, perInstance, 'm'));
    const cpuBefore = statuses.map((s) => procCpuMs(`/proc/${s.pid}/stat`));
    const load = loadavg()[0];
    // how many backends wait on a lock while reports are written (the advisory lock was the one they queued on)
    const waits: number[] = [];
    const sampler = setInterval(() => {
      hub.dataSource.query(`SELECT count(*) FILTER (WHERE wait_event = 'advisory')::int AS advisory, count(*)::int AS locks FROM pg_stat_activity WHERE wait_event_type = 'Lock'`)
        .then(([r]) => { waits.push(r.advisory); }, () => undefined);
    }, 100);
    const results = await Promise.all(jobs.map((job, g) => runLoad({ ...job, label: `through gateway ${g}`, bodies: bodies[g] })));
    clearInterval(sampler);
    const cpuMs = statuses.reduce((sum, s, i) => sum + procCpuMs(`/proc/${s.pid}/stat`) - cpuBefore[i], 0);
    const ok = results.reduce((sum, r) => sum + r.ok, 0);
    const failed = results.reduce((sum, r) => sum + r.failed, 0);
    const wall = Math.max(...results.map((r) => r.seconds));
    const advisoryWaiters = waits.reduce((a, b) => a + b, 0) / Math.max(1, waits.length);
    return { instances, perSecond: ok / wall, ok, failed, p99: Math.max(...results.map((r) => r.p99)), cpuMsPerReport: cpuMs / Math.max(1, ok), load, advisoryWaiters };
  } finally {
    await gateways.stop();
    for (const s of statuses) s.stop();
  }
}

async function main() {
  const hub = await startBenchHub(log);
  try {
    const rounds = envInt('BENCH_ROUNDS', 2);
    const seen: Record<number, Awaited<ReturnType<typeof run>>[]> = { 1: [], 2: [] };
    for (let round = 0; round < rounds; round++) {
      // 1, 2 then 2, 1: drift in the machine's load falls on both alike
      for (const instances of round % 2 ? [2, 1] : [1, 2]) {
        const r = await run(hub, instances, round);
        seen[instances].push(r);
        log(`round ${round}, ${instances} statuses: ${fmt(r.perSecond, 1)} reports/s (${r.ok} ok, ${r.failed} failed), p99 ${fmt(r.p99, 0)} ms, statuses CPU ${fmt(r.cpuMsPerReport, 2)} ms/report, ${fmt(r.advisoryWaiters, 2)} backends waiting on the advisory lock on average, load average ${fmt(r.load, 2)}`);
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const one = mean(seen[1].map((r) => r.perSecond));
    const two = mean(seen[2].map((r) => r.perSecond));
    process.stdout.write(`${JSON.stringify({ oneInstance: one, twoInstances: two, ratio: two / one, runs: seen })}\n`);
    log(`two statuses instances vs one: ${fmt(two, 1)} / ${fmt(one, 1)} reports/s = ${(two / one).toFixed(2)}x`);
  } finally {
    await hub.stop();
  }
}

main().then(() => process.exit(0), (error) => { log(String(error?.stack ?? error)); process.exit(1); });
