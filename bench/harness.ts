import 'reflect-metadata';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { assembleHub } from '../harness/assemble-hub';
import { RunningHubProcesses, startHubProcesses } from '../harness/hub-processes';
import { signMessage } from '../lib/ecp/sign-message';
import { DeliveryConfig, DEV_JWT_SECRET, loadConfig } from '../platform/config';
import { startEmbeddedPostgres } from '../platform/embedded-postgres';
import { Role } from '../platform/identity';
import { loadReferenceData } from '../platform/reference-data';
import { ProviderStand } from '../provider-stand/stand';
import { createDataSource, migrate } from '../subgraphs/database';
import { DemoSigner, ensureDemoPki } from '../subgraphs/signatures/demo-pki';
import { CITIZEN_IIN, file, freePort, JUSTICE_BIN, MIGRATION_BIN, registration, submission } from '../harness/messages';

/* ------------------------------------------------------------------ parameters */

/** A whole number from the environment (BENCH_*), or the full-size default. */
export function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of at least ${min}, got "${raw}"`);
  return value;
}

/* ------------------------------------------------------------------ demo identities (as in test/support) */


/** A token signed with the test-only development secret the bench's gateway trusts. */
export function tokenFor(role: Role, claims: { iin?: string; bin?: string; sub?: string } = {}, expiresIn = '6h'): string {
  return jwt.sign({ role, sub: claims.sub ?? `bench-${role}`, ...claims }, DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn: expiresIn as jwt.SignOptions['expiresIn'] });
}

/* ------------------------------------------------------------------ statistics and timing */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The p-th percentile (0-100) of the values, nearest rank; NaN when there are none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/* ------------------------------------------------------------------ CPU per process */

/**
 * BENCH_TOPOLOGY: processes (the default) runs every service as the process of its own npm start
 * runs, and measures each one's CPU; single runs the whole hub in the bench's process on one
 * thread (for profiling it with --cpu-prof in one file).
 */
export type Topology = 'processes' | 'single';
export function benchTopology(): Topology {
  const value = process.env.BENCH_TOPOLOGY || 'processes';
  if (value !== 'processes' && value !== 'single') throw new Error(`BENCH_TOPOLOGY must be processes or single, got "${value}"`);
  return value;
}

/** The fields after the command name of /proc/<pid>/stat (fields[0] is field 3 of stat(5)), or undefined. */
function statFields(file: string): string[] | undefined {
  try {
    const stat = readFileSync(file, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Linux counts CPU time in ticks of 1/100 s (sysconf(_SC_CLK_TCK) is 100 on every Linux Node supports). */
const TICK_MS = 10;

/** CPU ms (user + system) of a process (all its threads) or one thread, NaN where /proc cannot tell; with `children`, also its reaped children's. */
export function procCpuMs(file: string, children = false): number {
  const f = statFields(file);
  if (!f) return NaN;
  // utime, stime, cutime, cstime are fields 14-17 of stat(5)
  return (Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0)) * TICK_MS;
}

/**
 * PostgreSQL's CPU ms: the postmaster with every backend it has reaped (its cutime and cstime) and
 * every backend alive now, so a backend that ends between two readings is counted once either way.
 */
export function postgresCpuMs(postmaster: number | undefined): number {
  if (!postmaster) return NaN;
  let total = procCpuMs(`/proc/${postmaster}/stat`, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(`/proc/${entry}/stat`);
    // field 4 (ppid) is fields[1]
    if (f && Number(f[1]) === postmaster) total += (Number(f[11]) + Number(f[12])) * TICK_MS;
  }
  return total;
}

/** The postmaster of the server the connection reaches, when it runs on this machine (the parent of its backend), or undefined. */
export async function postmasterOf(dataSource: DataSource): Promise<number | undefined> {
  const [{ pid }] = await dataSource.query('SELECT pg_backend_pid() AS pid');
  const f = statFields(`/proc/${pid}/stat`);
  if (!f) return undefined;
  const parent = Number(f[1]);
  try {
    return readFileSync(`/proc/${parent}/comm`, 'utf8').trim().startsWith('postgres') ? parent : undefined;
  } catch {
    return undefined;
  }
}

/** Resident memory in MB of a process (VmRSS of /proc/<pid>/status), NaN where it cannot be read. */
function rssMbOf(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU ms each process of the hub has used so far: gateway, applications, …, provider-stand, postgres (single topology: hub-thread and postgres). */
export type CpuSnapshot = Record<string, number>;

/** The hub the CPU figures are read from (the one startBenchHub started last). */
let measured: { cpuSnapshot(): CpuSnapshot; topology: Topology } | undefined;

export interface ThreadUse {
  /**
   * single: the share of the wall time the hub's thread (the gateway and the four subgraphs) was
   * busy (event-loop utilisation); processes: the busiest service process's CPU share of the wall time
   */
  utilization: number;
  busyMs: number;
  /** CPU ms of the hub over the run: single, the hub thread's; processes, the sum of the gateway's and the subgraphs' processes (PostgreSQL and the provider stand not included); NaN where /proc cannot tell */
  cpuMs: number;
  wallMs: number;
  /** CPU ms of each process over the run (gateway, applications, documents, signatures, statuses, provider-stand, postgres; single: hub-thread, postgres) */
  processes: CpuSnapshot;
}

/** CPU ms (user + system) the main thread has used, or NaN where /proc is not available. */
export function mainThreadCpuMs(): number {
  return procCpuMs(`/proc/self/task/${process.pid}/stat`);
}

/** The hub's own processes (what cpuMs sums): not the database, not the provider's system. */
const HUB_OWN = ['gateway', 'applications', 'documents', 'signatures', 'statuses', 'hub-thread'];

/**
 * Runs `fn` (whose client load runs elsewhere: worker threads of the bench's process, itself
 * separate from every service in the processes topology) and measures the CPU each process of the
 * hub used meanwhile: the hub's cost, not the clients'.
 */
export async function onHubThread<T>(fn: () => Promise<T>): Promise<{ result: T; thread: ThreadUse }> {
  const before = performance.eventLoopUtilization();
  const cpuBefore = measured?.cpuSnapshot() ?? {};
  const wallBefore = nowMs();
  const result = await fn();
  const wallMs = nowMs() - wallBefore;
  const used = performance.eventLoopUtilization(before);
  const after = measured?.cpuSnapshot() ?? {};
  const processes: CpuSnapshot = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - (cpuBefore[k] ?? 0)]));
  const own = Object.entries(processes).filter(([k]) => HUB_OWN.includes(k)).map(([, v]) => v);
  const cpuMs = own.length ? own.reduce((a, b) => a + b, 0) : NaN;
  if (measured?.topology === 'processes') {
    const busiest = Math.max(0, ...own.filter(Number.isFinite));
    return { result, thread: { utilization: busiest / wallMs, busyMs: busiest, cpuMs, wallMs, processes } };
  }
  return { result, thread: { utilization: used.utilization, busyMs: used.active, cpuMs, wallMs, processes } };
}

/** CPU ms per operation of the hub (its busy time where the CPU time is not known). */
export const cpuPer = (thread: ThreadUse, operations: number) => (Number.isFinite(thread.cpuMs) ? thread.cpuMs : thread.busyMs) / Math.max(1, operations);

/** CPU ms per operation of each process. */
export function cpuPerProcess(thread: ThreadUse, operations: number): CpuSnapshot {
  return Object.fromEntries(Object.entries(thread.processes).map(([k, v]) => [k, v / Math.max(1, operations)]));
}

/** "gateway 1.20 ms, statuses 2.10 ms, postgres 0.80 ms": each process's CPU per operation, busiest first (those that used none left out). */
export function cpuLine(thread: ThreadUse, operations: number, digits = 2): string {
  const per = Object.entries(cpuPerProcess(thread, operations)).filter(([, v]) => !Number.isFinite(v) || v > 0).sort(([, a], [, b]) => (Number.isFinite(b) ? b : -1) - (Number.isFinite(a) ? a : -1));
  return per.length ? per.map(([k, v]) => `${k} ${fmt(v, digits)} ms`).join(', ') : 'n/a (no /proc)';
}

/** What "the hub's CPU" is in this topology, for the tables. */
export const hubCpuName = () => (benchTopology() === 'single' ? 'hub-thread CPU (gateway and subgraphs share one thread)' : 'hub CPU (gateway + subgraph processes)');

/**
 * A closed loop: `connections` workers call `one` back to back for `seconds` (at most `limit` calls),
 * after as long a warm-up whose calls are not counted; the rate and the latency percentiles.
 */
export async function closedLoop(connections: number, seconds: number, warmupSeconds: number, one: () => Promise<unknown>, limit = Infinity): Promise<{ perSecond: number; count: number; seconds: number; p50: number; p99: number }> {
  const loop = async (forSeconds: number, keep: boolean) => {
    const latencies: number[] = [];
    const deadline = nowMs() + forSeconds * 1000;
    const start = nowMs();
    let done = 0;
    await Promise.all(Array.from({ length: connections }, async () => {
      while (nowMs() < deadline && done < limit) {
        const t = nowMs();
        await one();
        if (keep) latencies.push(nowMs() - t);
        done++;
      }
    }));
    return { done, seconds: (nowMs() - start) / 1000, latencies };
  };
  if (warmupSeconds > 0) await loop(warmupSeconds, false);
  const r = await loop(seconds, true);
  return { perSecond: r.done / r.seconds, count: r.done, seconds: r.seconds, p50: percentile(r.latencies, 50), p99: percentile(r.latencies, 99) };
}

/** Runs the tasks with at most `width` at a time (bounded by the tasks' count). */
export async function inParallel<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  }));
  return results;
}

/** Polls until the check passes or the time is up; bounded in time. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
/** ours ÷ baseline; n/a where the baseline is not above 0 (a time below 0: the event came before its acknowledgement) */
export const ratio = (ours: number, baseline: number) => (baseline > 0 && Number.isFinite(ours / baseline) ? `${(ours / baseline).toFixed(2)}x` : 'n/a');

/* ------------------------------------------------------------------ results */

export interface Row {
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target?: string;
  /** met, MISSED (with a short reason), or empty when the row has no target */
  verdict?: string;
  /** the issue's target this row measures (bench/targets.ts), for the targets table */
  targetId?: TargetId;
}

/** The targets of issue 17 (bench/targets.ts lists them with their conditions). */
export type TargetId = 'federated-vs-direct' | 'federated-vs-apollo' | 'stage-reports-vs-baseline' | 'stage-reports-statuses-cpu'
  | 'fan-out-1000-own-tokens' | 'fan-out-10000-two-gateways' | 'drain-10000-after-outage' | 'monthly-report-10m';

/** The statuses process's CPU per stage report against its target (3 ms); not measurable where statuses shares a thread with everything else. */
export function statusesCpuRow(hub: { topology: Topology }, thread: ThreadUse, reports: number): Row {
  const ms = (thread.processes.statuses ?? NaN) / Math.max(1, reports);
  const measurable = hub.topology === 'processes' && Number.isFinite(ms);
  return {
    measure: 'CPU ms per report in the statuses process',
    ours: measurable ? fmt(ms, 2) : 'NOT MEASURED', baseline: '', ratio: '', target: 'at most 3 ms',
    verdict: measurable ? verdict(ms <= 3, `statuses spends ${fmt(ms, 2)} ms per report`) : `NOT MEASURED: ${hub.topology === 'single' ? 'BENCH_TOPOLOGY=single runs statuses on the one hub thread' : '/proc cannot tell'}`,
    targetId: 'stage-reports-statuses-cpu',
  };
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** what the scenario did and how each figure and its baseline were measured */
  method: string[];
  sizes: Record<string, number | string>;
  rows: Row[];
  /** the raw numbers, for latest.json */
  data: Record<string, unknown>;
  /** a scenario that renders its own markdown (the monthly report) */
  markdown?: string;
}

export function verdict(met: boolean, reason: string): string {
  return met ? 'met' : `MISSED: ${reason}`;
}

export function renderScenario(result: ScenarioResult): string {
  if (result.markdown) return result.markdown;
  const sizes = Object.entries(result.sizes).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en') : v}`).join(', ');
  const escape = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|');
  return [
    `### ${result.title}`,
    '',
    ...result.method.map((m) => `- ${m}`),
    `- sizes: ${sizes}`,
    '',
    '| measure | ours | baseline | ratio (ours ÷ baseline) | target | verdict |',
    '|---|---|---|---|---|---|',
    ...result.rows.map((r) => `| ${escape(r.measure)} | ${escape(r.ours)} | ${escape(r.baseline)} | ${escape(r.ratio)} | ${escape(r.target)} | ${escape(r.verdict)} |`),
    '',
  ].join('\n');
}

/* ------------------------------------------------------------------ GraphQL over HTTP */

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function gql<T = any>(url: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  return response.json() as Promise<GraphQLResponse<T>>;
}

/** The data of a response, or an error naming what failed. */
export function dataOf<T>(what: string, r: GraphQLResponse<T>): T {
  if (r.errors?.length || !r.data) throw new Error(`${what}: ${JSON.stringify(r.errors ?? r)}`);
  return r.data;
}

/* ------------------------------------------------------------------ signed messages (as in test/support) */

export const REPORT_STAGE = 'mutation Report($input: StageReportInput!) { reportStage(input: $input) { duplicate record { id stage } } }';

export const SUBMIT = `
  mutation Submit($input: SubmissionInput!) {
    submitApplication(input: $input) { duplicate application { id number } }
  }`;

export { CITIZEN_IIN, file, freePort, JUSTICE_BIN, MIGRATION_BIN, registration, submission };

/** Signs a message as the demo signer: a detached CMS over its RFC 8785 bytes (what NCALayer would make). */
export function signAs(signer: DemoSigner, message: Record<string, unknown>): Record<string, unknown> {
  return signMessage(message, readFileSync(signer.certFile, 'utf8'), readFileSync(signer.keyFile));
}

/* ------------------------------------------------------------------ the hub */

/**
 * Delivery exactly as production has it: the DELIVERY_* defaults of loadConfig (retries capped at
 * 600 s, 10 attempts, a probe every 5 s), so that the queue drain measures what an outage does
 * to a production hub. (An empty environment: the bench's own DELIVERY_* variables, if any, do
 * not leak in.)
 */
export function benchDelivery(): DeliveryConfig {
  const { delivery } = loadConfig({});
  return { ...delivery, worker: true, providerTokens: {}, standUrl: undefined, providerEndpoints: {} };
}

/** DELIVERY_* variables of a service process for this delivery configuration. */
function deliveryEnv(d: DeliveryConfig): Record<string, string> {
  return {
    DELIVERY_MAX_ATTEMPTS: String(d.maxAttempts),
    DELIVERY_MAX_AGE_SECONDS: String(d.maxAgeSeconds),
    DELIVERY_PROBE_SECONDS: String(d.probeSeconds),
    DELIVERY_RETRY_BASE_SECONDS: String(d.retryBaseSeconds),
    DELIVERY_RETRY_MAX_SECONDS: String(d.retryMaxSeconds),
    DELIVERY_TIMEOUT_MS: String(d.timeoutMs),
    DELIVERY_POLL_MS: String(d.pollMs),
    DELIVERY_CONCURRENCY: String(d.concurrency),
    DELIVERY_BATCH_SIZE: String(d.batchSize),
    DELIVERY_EXPIRE_SECONDS: String(d.expireSeconds),
    DELIVERY_MAINTENANCE_SECONDS: String(d.maintenanceSeconds),
    DELIVERY_WORKER: d.worker ? 'on' : 'off',
  };
}

/** The demo provider system as a scenario sees it, whether it runs in the bench's process or as a process of its own. */
export interface BenchStand {
  endpointFor(bin: string): string;
  /** the provider's system goes down: connections are refused until comeBack() */
  goDown(): Promise<void>;
  comeBack(): Promise<void>;
  /** what it took so far: message ids accepted as new, in order, and wire receptions per message id */
  records(): Promise<{ accepted: string[]; received: Map<string, number> }>;
}

/** The stand in the bench's process (single topology). */
function inProcessStand(stand: ProviderStand): BenchStand {
  return {
    endpointFor: (bin) => stand.endpointFor(bin),
    goDown: () => stand.goDown(),
    comeBack: () => stand.comeBack(),
    records: async () => ({ accepted: stand.accepted.map((m) => String(m.messageId)), received: new Map(stand.received) }),
  };
}

/**
 * The stand as a process of its own (processes topology): an outage stops the process (connections
 * refused, as a provider's system that is down), and its return starts it again on its port. What
 * it took is read over HTTP (GET /records) and kept across its restarts.
 */
function processStand(processes: RunningHubProcesses): BenchStand {
  const url = processes.standUrl!;
  const kept = { accepted: [] as string[], received: new Map<string, number>() };
  let down = false;
  const live = async () => {
    const r = await (await fetch(`${url}/records`, { signal: AbortSignal.timeout(30_000) })).json() as { accepted: string[]; received: Record<string, number> };
    return { accepted: r.accepted, received: new Map(Object.entries(r.received)) };
  };
  const merged = (now: { accepted: string[]; received: Map<string, number> }) => {
    const received = new Map(kept.received);
    for (const [id, n] of now.received) received.set(id, (received.get(id) ?? 0) + n);
    return { accepted: [...kept.accepted, ...now.accepted], received };
  };
  return {
    endpointFor: (bin) => `${url}/providers/${bin}/requests`,
    async goDown() {
      const now = merged(await live());
      kept.accepted = now.accepted;
      kept.received = now.received;
      down = true;
      await processes.stopService('provider-stand');
    },
    async comeBack() {
      await processes.startService('provider-stand');
      down = false;
    },
    // while it is down, what it took before
    records: async () => (down ? merged({ accepted: [], received: new Map() }) : merged(await live())),
  };
}

export interface BenchHub {
  topology: Topology;
  databaseUrl: string;
  /** the bench's own connection (setup, checks, the baselines' reads) */
  dataSource: DataSource;
  gatewayUrl: string;
  subgraphUrls: { applications: string; documents: string; signatures: string; statuses: string };
  /** HTTP requests (GraphQL operations) each subgraph has served so far (counted for the tables) */
  subgraphRequests(): Promise<Record<string, number>>;
  stand: BenchStand;
  /** the run's demo PKI: trust/, crl/, demo/ (signers' test-only certificates and keys) */
  pkiDir: string;
  signers: DemoSigner[];
  signer(role: string, bin?: string): DemoSigner;
  delivery: DeliveryConfig;
  /** CPU ms each process of the hub has used so far */
  cpuSnapshot(): CpuSnapshot;
  /** resident memory of the gateway's process in MB (single topology: the bench's process, the whole hub) */
  gatewayRssMb(): number;
  stop(): Promise<void>;
}

/** GraphQL operations a service has served, from its metrics (qyzmet_graphql_requests_total, every operation and outcome). */
async function operationsServed(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) })).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^qyzmet_graphql_requests_total(?:\{[^}]*\})? ([0-9.e+]+)$/.exec(line);
    if (m) total += Number(m[1]);
  }
  return total;
}

/**
 * The hub over a fresh database (embedded PostgreSQL in a temporary directory unless DATABASE_URL
 * is set): migrated, reference data loaded, a demo PKI under a temporary directory, the four
 * subgraphs and the gateway from the committed supergraph with production limits (the per-client
 * rate limit off: one bench client is many users), and the demo provider system taking the
 * justice and migration departments' requests.
 *
 * BENCH_TOPOLOGY=processes (the default): as npm start runs it, each service the process of its
 * own (harness/hub-processes.ts: dist/<service>/index.js under npm start's Supervisor, configured
 * through the environment), the provider stand too; nothing of the hub runs in the bench's process.
 * BENCH_TOPOLOGY=single: everything in this process (harness/assemble-hub.ts), each subgraph with
 * its own connection pool, for profiling.
 */
export async function startBenchHub(log: (msg: string) => void): Promise<BenchHub> {
  const topology = benchTopology();
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`stop: ${(error as Error).message}`);
      }
    }
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const parent = mkdtempSync(path.join(tmpdir(), 'qyzmet-bench-hub-'));
      chmodSync(parent, 0o755); // as root, Postgres runs as its own user and must reach its directory
      const db = await startEmbeddedPostgres({ dataDir: path.join(parent, 'pg'), port: await freePort(), database: 'qyzmet_bench', persistent: false });
      stops.push(() => rmSync(parent, { recursive: true, force: true }), () => db.stop());
      databaseUrl = db.url;
      log(`embedded PostgreSQL started (${parent})`);
    } else {
      log('using DATABASE_URL (it must be a database the bench may fill)');
    }
    const setup = createDataSource(databaseUrl, 'qyzmet-bench-setup');
    await setup.initialize();
    await migrate(setup);
    await loadReferenceData(setup);
    await setup.destroy();

    // HUB_DATA_DIR of the service processes: their demo PKI in pki/, as npm start makes it
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qyzmet-bench-data-'));
    stops.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const pkiDir = path.join(dataDir, 'pki');
    const { signers } = await ensureDemoPki(pkiDir);
    const delivery = benchDelivery();

    let dataSource: DataSource;
    let gatewayUrl: string;
    let subgraphUrls: BenchHub['subgraphUrls'];
    let subgraphRequests: BenchHub['subgraphRequests'];
    let stand: BenchStand;
    let ownCpu: () => CpuSnapshot;
    let gatewayRssMb = () => process.memoryUsage().rss / 2 ** 20;
    if (topology === 'processes') {
      dataSource = createDataSource(databaseUrl, 'qyzmet-bench');
      await dataSource.initialize();
      stops.push(() => dataSource.destroy());
      const processes = await startHubProcesses({
        databaseUrl,
        dataDir,
        providerStand: true,
        log,
        env: {
          ...deliveryEnv(delivery),
          // one bench client is many users
          GATEWAY_RATE_LIMIT_PER_MINUTE: '0',
          // the direct call drives the applications subgraph at thousands of signed requests a
          // second, each remembered for its window (60 s): more than the production default's 100000
          UPSTREAM_REPLAY_CACHE_SIZE: '2000000',
          // the stand only takes requests, as in the single topology: its reports back (accepted
          // into work, the result) fall after the run, so they do not load the hub meanwhile
          PROVIDER_STAND_ACCEPT_MS: String(24 * 3600_000),
          PROVIDER_STAND_RESULT_MS: String(24 * 3600_000),
        },
      });
      stops.push(() => processes.stop());
      ({ gatewayUrl, subgraphUrls } = processes);
      const metricsUrls = processes.metricsUrls;
      subgraphRequests = async () => Object.fromEntries(await Promise.all((['applications', 'documents', 'signatures', 'statuses'] as const).map(async (n) => [n, await operationsServed(metricsUrls[n])] as const)));
      stand = processStand(processes);
      // the bench's own process (the load generators, @apollo/gateway) beside the hub's, not counted in the hub's CPU
      ownCpu = () => ({ ...Object.fromEntries(Object.entries(processes.pids()).map(([name, pid]) => [name, procCpuMs(`/proc/${pid}/stat`)])), bench: procCpuMs('/proc/self/stat') });
      gatewayRssMb = () => rssMbOf(processes.pids().gateway);
      log(`hub started as processes: ${Object.entries(processes.pids()).map(([n, pid]) => `${n} ${pid}`).join(', ')}`);
    } else {
      const hub = await assembleHub({
        databaseUrl,
        pkiDir,
        applicationName: 'qyzmet-bench',
        // each subgraph with its own connection pool, as each runs in a process of its own in production
        poolPerSubgraph: true,
        upstream: { replayCacheSize: 2_000_000 },
        delivery,
        reportSchedule: false,
      });
      stops.push(() => hub.stop());
      dataSource = hub.dataSource;
      gatewayUrl = `http://127.0.0.1:${hub.gateways[0].port}/graphql`;
      subgraphUrls = hub.subgraphUrls[0];
      const counts: Record<string, number> = {};
      for (const s of hub.subgraphs) {
        counts[s.name] = 0;
        s.server.on('request', () => { counts[s.name]++; });
      }
      subgraphRequests = async () => ({ ...counts });
      const inProcess = await new ProviderStand({ signers }).start();
      stops.push(() => inProcess.stop());
      stand = inProcessStand(inProcess);
      ownCpu = () => ({ 'hub-thread': mainThreadCpuMs() });
    }
    for (const bin of [JUSTICE_BIN, MIGRATION_BIN]) {
      await dataSource.query('UPDATE organisation SET has_own_system = true, system_endpoint = $2, system_auth = $3 WHERE bin = $1', [bin, stand.endpointFor(bin), 'BEARER']);
    }
    const postmaster = await postmasterOf(dataSource);
    if (!postmaster) log('PostgreSQL runs elsewhere (or /proc cannot tell): its CPU is not counted');
    const cpuSnapshot = () => ({ ...ownCpu(), postgres: postgresCpuMs(postmaster) });
    measured = { cpuSnapshot, topology };

    return {
      topology,
      databaseUrl,
      dataSource,
      gatewayUrl,
      subgraphUrls,
      subgraphRequests,
      stand,
      pkiDir,
      signers,
      signer(role, bin) {
        const found = signers.find((s) => (s.role ?? 'provider') === role && (!bin || s.bin === bin));
        if (!found) throw new Error(`no demo signer ${role} ${bin ?? ''}`);
        return found;
      },
      delivery,
      cpuSnapshot,
      gatewayRssMb,
      stop: async () => {
        measured = undefined;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
