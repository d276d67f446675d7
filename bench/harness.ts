import 'reflect-metadata';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { assembleHub } from '../harness/assemble-hub';
import { signMessage } from '../lib/ecp/sign-message';
import { DeliveryConfig, DEV_JWT_SECRET, loadConfig } from '../platform/config';
import { startEmbeddedPostgres } from '../platform/embedded-postgres';
import { Role } from '../platform/identity';
import { loadReferenceData } from '../platform/reference-data';
import { ProviderStand } from '../provider-stand/stand';
import { RunningApplications } from '../subgraphs/applications/server';
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

export interface ThreadUse {
  /** share of the wall time the hub's thread (this one: the gateway and the four subgraphs) was busy (event-loop utilisation) */
  utilization: number;
  busyMs: number;
  /** CPU time of that thread alone (Linux: /proc/self/task/<pid>/stat, 10 ms ticks); NaN elsewhere */
  cpuMs: number;
}

/** CPU ms (user + system) the main thread has used, or NaN where /proc is not available. */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5); fields[0] is field 3; ticks of 1/100 s on Linux
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/**
 * Runs `fn` (whose client load runs in worker threads) and measures how busy this thread, the one
 * the whole hub runs on, was meanwhile, and the CPU it used: the hub's cost, not the clients'.
 */
export async function onHubThread<T>(fn: () => Promise<T>): Promise<{ result: T; thread: ThreadUse }> {
  const before = performance.eventLoopUtilization();
  const cpuBefore = mainThreadCpuMs();
  const result = await fn();
  const used = performance.eventLoopUtilization(before);
  return { result, thread: { utilization: used.utilization, busyMs: used.active, cpuMs: mainThreadCpuMs() - cpuBefore } };
}

/** CPU ms per operation of the hub thread (its busy time where the CPU time is not known). */
export const cpuPer = (thread: ThreadUse, operations: number) => (Number.isFinite(thread.cpuMs) ? thread.cpuMs : thread.busyMs) / Math.max(1, operations);

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

export interface BenchHub {
  databaseUrl: string;
  /** the bench's own connection (setup, checks, the baselines' reads) */
  dataSource: DataSource;
  gatewayUrl: string;
  subgraphUrls: { applications: string; documents: string; signatures: string; statuses: string };
  /** HTTP requests each subgraph's server has received so far (counted for the tables) */
  subgraphRequests(): Record<string, number>;
  applications: RunningApplications;
  stand: ProviderStand;
  /** the run's demo PKI: trust/, crl/, demo/ (signers' test-only certificates and keys) */
  pkiDir: string;
  signers: DemoSigner[];
  signer(role: string, bin?: string): DemoSigner;
  delivery: DeliveryConfig;
  stop(): Promise<void>;
}

/**
 * The whole hub in this process on free ports over a fresh database (embedded PostgreSQL in a
 * temporary directory unless DATABASE_URL is set): migrated, reference data loaded, a demo PKI
 * under a temporary directory, the four subgraphs (each with its own connection pool, as each
 * runs in a process of its own in production), the gateway from the committed supergraph with
 * production limits (the per-client rate limit off: one bench client is many users), and the
 * demo provider system (ProviderStand) taking the justice and migration departments' requests.
 */
export async function startBenchHub(log: (msg: string) => void): Promise<BenchHub> {
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

    const pkiDir = mkdtempSync(path.join(tmpdir(), 'qyzmet-bench-pki-'));
    stops.push(() => rmSync(pkiDir, { recursive: true, force: true }));
    const { signers } = await ensureDemoPki(pkiDir);
    const delivery = benchDelivery();
    const hub = await assembleHub({
      databaseUrl,
      pkiDir,
      applicationName: 'qyzmet-bench',
      // each subgraph with its own connection pool, as each runs in a process of its own in production
      poolPerSubgraph: true,
      // the direct call drives the applications subgraph at thousands of signed requests a second,
      // each remembered for its window (60 s): more than the production default's 100000
      upstream: { replayCacheSize: 2_000_000 },
      delivery,
      reportSchedule: false,
    });
    stops.push(() => hub.stop());
    const { dataSource } = hub;
    const applications = hub.applications!;
    const [gateway] = hub.gateways;
    const [subgraphUrls] = hub.subgraphUrls;

    const counts: Record<string, number> = {};
    for (const s of hub.subgraphs) {
      counts[s.name] = 0;
      s.server.on('request', () => { counts[s.name]++; });
    }
    const stand = await new ProviderStand({ signers }).start();
    stops.push(() => stand.stop());
    for (const bin of [JUSTICE_BIN, MIGRATION_BIN]) {
      await dataSource.query('UPDATE organisation SET has_own_system = true, system_endpoint = $2, system_auth = $3 WHERE bin = $1', [bin, stand.endpointFor(bin), 'BEARER']);
    }

    return {
      databaseUrl,
      dataSource,
      gatewayUrl: `http://127.0.0.1:${gateway.port}/graphql`,
      subgraphUrls,
      subgraphRequests: () => ({ ...counts }),
      applications,
      stand,
      pkiDir,
      signers,
      signer(role, bin) {
        const found = signers.find((s) => (s.role ?? 'provider') === role && (!bin || s.bin === bin));
        if (!found) throw new Error(`no demo signer ${role} ${bin ?? ''}`);
        return found;
      },
      delivery,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
