import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../../platform/paths';
import { eventually } from '../../support/applications';
import { freePort } from '../../support/global-setup';
import { postOperation } from '../../support/hub';
import { note } from '../../support/processes';
import { tokenFor } from '../../support/tokens';

/**
 * npm start (the built launcher, dist/scripts/start.js) supervising the hub it starts: a service
 * that dies is restarted with a growing delay, each restart logged with why it exited, while the
 * gateway answers that service's fields with SUBGRAPH_UNAVAILABLE; SIGTERM still stops every
 * service, gateway first, and then its embedded PostgreSQL.
 */
const LAUNCHER = path.join(repoRoot(), 'dist', 'scripts', 'start.js');
const SERVICES = ['gateway', 'applications', 'documents', 'statuses', 'signatures', 'provider-stand'] as const;
const READ_STAGES = '{ stageReports(first: 1) { edges { node { id } } } }';
const contactCentre = tokenFor('contact_centre');

let launcher: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
const output: string[] = [];
let dataDir: string;
let ports: Record<string, number>;
const hubLines = () => output.filter((l) => l.startsWith('[hub] '));
/** every service pid the test saw, killed after it if still running */
const seen: number[] = [];

/** Where each service's process starts from, as the launcher runs it. */
const SCRIPTS: Record<(typeof SERVICES)[number], string> = {
  gateway: 'dist/gateway/index.js',
  applications: 'dist/subgraphs/applications/index.js',
  documents: 'dist/subgraphs/documents/index.js',
  statuses: 'dist/subgraphs/statuses/index.js',
  signatures: 'dist/subgraphs/signatures/index.js',
  'provider-stand': 'dist/provider-stand/index.js',
};

/** The pid of the launcher's child running this service now (from /proc: its parent and command line). */
function pidOf(service: (typeof SERVICES)[number]): number {
  const script = path.join(repoRoot(), SCRIPTS[service]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== launcher.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(script)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no process of the launcher runs ${service}:\n${hubLines().join('\n')}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForLine(pattern: RegExp, timeoutMs: number, count = 1): Promise<string[]> {
  return eventually(async () => {
    if (launcher.exitCode !== null || launcher.signalCode !== null) throw new Error(`the launcher exited:\n${output.slice(-40).join('\n')}`);
    const found = hubLines().filter((l) => pattern.test(l));
    return found.length >= count ? found : undefined;
  }, timeoutMs, 100).catch((error) => {
    throw new Error(`${(error as Error).message}; waiting for ${pattern} ×${count}; the launcher said:\n${hubLines().join('\n')}`);
  });
}

beforeAll(async () => {
  if (!existsSync(LAUNCHER) || statSync(LAUNCHER).mtimeMs < statSync(path.join(repoRoot(), 'scripts', 'start.ts')).mtimeMs) {
    throw new Error(`${LAUNCHER} is missing or older than scripts/start.ts: run npm run build first`);
  }
  const parent = mkdtempSync(path.join(tmpdir(), 'qyzmet-launcher-'));
  chmodSync(parent, 0o755); // as root, PostgreSQL runs as its own user and must reach its directory
  dataDir = path.join(parent, 'data');
  ports = {};
  for (const name of ['GATEWAY_PORT', 'APPLICATIONS_PORT', 'DOCUMENTS_PORT', 'STATUSES_PORT', 'SIGNATURES_PORT', 'PROVIDER_STAND_PORT', 'EMBEDDED_PG_PORT',
    'METRICS_PORT', 'APPLICATIONS_METRICS_PORT', 'DOCUMENTS_METRICS_PORT', 'STATUSES_METRICS_PORT', 'SIGNATURES_METRICS_PORT']) ports[name] = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'development', HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
  // the launcher's own embedded PostgreSQL, whatever the test run uses
  for (const name of ['DATABASE_URL', 'TRUST_STORE_DIR', 'CRL_DIR', 'HUB_SIGNING_CERT', 'HUB_SIGNING_KEY', 'JWT_SECRET', 'JWT_PUBLIC_KEY', 'UPSTREAM_HMAC_SECRET', 'REDIS_URL']) delete env[name];
  launcher = spawn(process.execPath, [LAUNCHER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  exited = new Promise((resolve) => launcher.once('exit', (code, signal) => resolve({ code, signal })));
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (process.env.FAULTS_VERBOSE) process.stdout.write(chunk);
  };
  launcher.stdout!.on('data', keep);
  launcher.stderr!.on('data', keep);
  await waitForLine(/^\[hub\] ready in/, 150_000);
}, 180_000);

afterAll(async () => {
  // a test that failed halfway must not leave the hub running
  if (launcher && launcher.exitCode === null && launcher.signalCode === null) {
    for (const service of SERVICES) {
      try {
        seen.push(pidOf(service));
      } catch {
        // never started, or gone
      }
    }
    launcher.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
  }
  for (const pid of seen) if (runsOurScript(pid)) process.kill(pid, 'SIGKILL');
  // an embedded PostgreSQL the launcher did not get to stop
  const postmaster = dataDir && path.join(dataDir, 'postgres', 'postmaster.pid');
  if (postmaster && existsSync(postmaster)) {
    const pid = Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
    if (pid && alive(pid)) process.kill(pid, 'SIGTERM');
    await eventually(async () => !alive(pid), 20_000, 100).catch(() => process.kill(pid, 'SIGKILL'));
  }
  if (dataDir) rmSync(path.dirname(dataDir), { recursive: true, force: true });
}, 90_000);

/** Whether the pid is (still) one of the hub's processes, not a pid reused since. */
function runsOurScript(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.startsWith(path.join(repoRoot(), 'dist')));
  } catch {
    return false;
  }
}

it('serves metrics on ports of their own and none on the public gateway port', async () => {
  expect((await fetch(`http://127.0.0.1:${ports.GATEWAY_PORT}/metrics`)).status).toBe(404);
  for (const name of ['METRICS_PORT', 'APPLICATIONS_METRICS_PORT', 'DOCUMENTS_METRICS_PORT', 'STATUSES_METRICS_PORT', 'SIGNATURES_METRICS_PORT']) {
    const answer = await fetch(`http://127.0.0.1:${ports[name]}/metrics`);
    expect({ name, status: answer.status }).toEqual({ name, status: 200 });
    expect(await answer.text()).toMatch(/qyzmet_graphql_requests_total|process_cpu_user_seconds_total/);
  }
});

it('restarts a killed service with a growing delay, logging each exit, while the gateway answers its fields with SUBGRAPH_UNAVAILABLE', async () => {
  const gatewayUrl = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
  expect((await postOperation(gatewayUrl, READ_STAGES, {}, contactCentre)).errors).toBeUndefined();
  const gatewayPid = pidOf('gateway');
  const killed = pidOf('statuses');
  seen.push(gatewayPid, killed);

  // killed, and its port taken at once by something that drops every connection: each restart fails
  // to listen (exit code 1) until the port is free again, so the outage lasts as long as the test wants
  const sockets = new Set<Socket>();
  const squatter: Server = createServer((socket) => { sockets.add(socket); socket.destroy(); });
  process.kill(killed, 'SIGKILL');
  await eventually(async () => !alive(killed), 10_000, 20);
  await new Promise<void>((resolve, reject) => { squatter.once('error', reject); squatter.listen(ports.STATUSES_PORT, '127.0.0.1', resolve); });
  try {
    const down = await postOperation(gatewayUrl, READ_STAGES, {}, contactCentre);
    expect(down.errors).toEqual([expect.objectContaining({ path: ['stageReports'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'statuses' } })]);
    const catalogue = await postOperation(gatewayUrl, '{ services { code } }', {});
    expect(catalogue.errors).toBeUndefined();

    const restarts = await waitForLine(/^\[hub\] statuses exited unexpectedly/, 60_000, 3);
    note('launcher', { restarts });
    expect(restarts[0]).toMatch(/\(SIGKILL\)/);
    expect(restarts[1]).toMatch(/\(exit code 1\)/);
    const delays = restarts.map((l) => Number(/restarting in ([\d.]+) s/.exec(l)?.[1]));
    expect(delays.slice(0, 3)).toEqual([0.5, 1, 2]);
    // meanwhile, still unavailable, and said so
    expect((await postOperation(gatewayUrl, READ_STAGES, {}, contactCentre)).errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  }

  await waitForLine(/^\[hub\] statuses ready again/, 90_000);
  const back = await eventually(async () => {
    const answer = await postOperation(gatewayUrl, READ_STAGES, {}, contactCentre);
    return answer.errors ? undefined : answer;
  }, 30_000, 200);
  expect(back.data.stageReports).toBeDefined();
  expect(pidOf('statuses')).not.toBe(killed);
  expect(alive(pidOf('statuses'))).toBe(true);
  // the gateway was never restarted: it recovered by itself
  expect(pidOf('gateway')).toBe(gatewayPid);
}, 180_000);

it('stops every service on SIGTERM, gateway first, then the database, and exits 0', async () => {
  const pids = Object.fromEntries(SERVICES.map((s) => [s, pidOf(s)]));
  seen.push(...Object.values(pids));
  for (const [service, pid] of Object.entries(pids)) expect({ service, alive: alive(pid) }).toEqual({ service, alive: true });
  const postmasterPid = path.join(dataDir, 'postgres', 'postmaster.pid');
  expect(existsSync(postmasterPid)).toBe(true);

  launcher.kill('SIGTERM');
  const { code } = await Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not stopped in 60 s:\n${hubLines().join('\n')}`)), 60_000))]);
  expect(code).toBe(0);
  for (const [service, pid] of Object.entries(pids)) expect({ service, alive: alive(pid) }).toEqual({ service, alive: false });
  expect(existsSync(postmasterPid)).toBe(false);
  await expect(fetch(`http://127.0.0.1:${ports.GATEWAY_PORT}/healthz`)).rejects.toThrow();

  // in order: the gateway first (no new request reaches a stopping service), the database last
  const lines = hubLines();
  const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
  const order = [/^\[hub\] stopping gateway/, /^\[hub\] stopping (applications|documents|statuses|signatures)/, /^\[hub\] services stopped; stopping the database/, /^\[hub\] stopped$/].map(at);
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // nothing was restarted while stopping
  expect(lines.slice(at(/^\[hub\] SIGTERM: stopping/)).filter((l) => /restarting in/.test(l))).toEqual([]);
}, 90_000);
