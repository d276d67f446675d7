import path from 'node:path';
import { repoRoot } from '../platform/paths';
import { Supervisor } from '../scripts/supervisor';
import { freePort } from './messages';

/** The services npm start runs, each a process of its own. */
export const HUB_PROCESSES = ['applications', 'documents', 'signatures', 'statuses', 'gateway'] as const;
export type HubProcess = typeof HUB_PROCESSES[number] | 'provider-stand';

export interface HubProcessesOptions {
  /** the (migrated) database every service uses */
  databaseUrl: string;
  /** HUB_DATA_DIR of the services: the demo PKI must already be in <dataDir>/pki (ensureDemoPki) */
  dataDir: string;
  /** further configuration, as environment variables (DELIVERY_*, UPSTREAM_REPLAY_CACHE_SIZE, …); they win over the harness's own */
  env?: Record<string, string>;
  /** the demo provider system as a process of its own too (off unless told) */
  providerStand?: boolean;
  log?: (line: string) => void;
}

export interface RunningHubProcesses {
  gatewayUrl: string;
  subgraphUrls: Record<'applications' | 'documents' | 'signatures' | 'statuses', string>;
  /** each service's metrics endpoint (GET /metrics) */
  metricsUrls: Record<typeof HUB_PROCESSES[number], string>;
  /** where the provider stand listens (when started) */
  standUrl?: string;
  /** the process id of each service that runs now */
  pids(): Partial<Record<HubProcess, number>>;
  /** stops one service (an outage), not restarted until start() */
  stopService(name: HubProcess): Promise<void>;
  /** starts a stopped service again on its port and resolves once it is ready */
  startService(name: HubProcess): Promise<void>;
  stop(): Promise<void>;
}

const loopback = (port: number, suffix = '/graphql') => `http://127.0.0.1:${port}${suffix}`;

/**
 * The hub in its production topology for a scenario that must measure it as deployed (npm run
 * bench): every service the compiled `dist/<service>/index.js` that npm start runs, each a process
 * of its own started and supervised by npm start's own Supervisor, configured only through the
 * environment (loadConfig) on free loopback ports, over an already migrated database. Nothing of
 * the hub runs in the caller's process: it reaches the services over HTTP and the database only.
 */
export async function startHubProcesses(opts: HubProcessesOptions): Promise<RunningHubProcesses> {
  // a port is free only until taken, and the system may offer one twice: each distinct here
  const taken = new Set<number>();
  const distinctPort = async () => {
    for (;;) {
      const port = await freePort();
      if (taken.has(port)) continue;
      taken.add(port);
      return port;
    }
  };
  const ports = {} as Record<typeof HUB_PROCESSES[number], number>;
  const metrics = {} as Record<typeof HUB_PROCESSES[number], number>;
  for (const name of HUB_PROCESSES) {
    ports[name] = await distinctPort();
    metrics[name] = await distinctPort();
  }
  const standPort = await distinctPort();
  const subgraphUrls = { applications: loopback(ports.applications), documents: loopback(ports.documents), signatures: loopback(ports.signatures), statuses: loopback(ports.statuses) };
  const gatewayUrl = loopback(ports.gateway);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: opts.databaseUrl,
    HUB_DATA_DIR: opts.dataDir,
    BIND_HOST: '127.0.0.1',
    GATEWAY_PORT: String(ports.gateway),
    APPLICATIONS_PORT: String(ports.applications),
    DOCUMENTS_PORT: String(ports.documents),
    SIGNATURES_PORT: String(ports.signatures),
    STATUSES_PORT: String(ports.statuses),
    // by address, not by name (localhost may resolve to ::1 first)
    APPLICATIONS_URL: subgraphUrls.applications,
    DOCUMENTS_URL: subgraphUrls.documents,
    SIGNATURES_URL: subgraphUrls.signatures,
    STATUSES_URL: subgraphUrls.statuses,
    METRICS_HOST: '127.0.0.1',
    METRICS_PORT: String(metrics.gateway),
    APPLICATIONS_METRICS_PORT: String(metrics.applications),
    DOCUMENTS_METRICS_PORT: String(metrics.documents),
    SIGNATURES_METRICS_PORT: String(metrics.signatures),
    STATUSES_METRICS_PORT: String(metrics.statuses),
    PROVIDER_STAND_PORT: String(standPort),
    PROVIDER_STAND_URL: loopback(standPort, ''),
    PROVIDER_STAND_HUB_URL: gatewayUrl,
    ...opts.env,
  };
  const log = opts.log ?? (() => undefined);
  const supervisor = new Supervisor(env, (line) => log(`[hub] ${line}`));
  const script = (relative: string) => path.join(repoRoot(), 'dist', relative);
  const specs: Record<HubProcess, { name: string; script: string; readyUrl: string }> = {
    applications: { name: 'applications', script: script('subgraphs/applications/index.js'), readyUrl: loopback(ports.applications, '/readyz') },
    documents: { name: 'documents', script: script('subgraphs/documents/index.js'), readyUrl: loopback(ports.documents, '/readyz') },
    signatures: { name: 'signatures', script: script('subgraphs/signatures/index.js'), readyUrl: loopback(ports.signatures, '/readyz') },
    statuses: { name: 'statuses', script: script('subgraphs/statuses/index.js'), readyUrl: loopback(ports.statuses, '/readyz') },
    gateway: { name: 'gateway', script: script('gateway/index.js'), readyUrl: loopback(ports.gateway, '/readyz') },
    'provider-stand': { name: 'provider-stand', script: script('provider-stand/index.js'), readyUrl: loopback(standPort, '/healthz') },
  };
  // as npm start: the gateway first when stopping, so that no new request reaches a stopping subgraph
  const stopOrder = ['gateway', 'provider-stand', 'statuses', 'signatures', 'documents', 'applications'];
  try {
    await Promise.all(HUB_PROCESSES.filter((n) => n !== 'gateway').map((name) => supervisor.start(specs[name])));
    await supervisor.start(specs.gateway);
    if (opts.providerStand) await supervisor.start(specs['provider-stand']);
  } catch (error) {
    await supervisor.stopAll(stopOrder);
    throw error;
  }
  const names: HubProcess[] = [...HUB_PROCESSES, 'provider-stand'];
  // a caller that exits without stop() (an uncaught error, process.exit) leaves no service behind
  const orphans = () => {
    for (const pid of names.map((n) => supervisor.pidOf(n))) {
      try {
        if (pid) process.kill(pid, 'SIGTERM');
      } catch {
        // gone already
      }
    }
  };
  process.once('exit', orphans);
  return {
    gatewayUrl,
    subgraphUrls,
    metricsUrls: Object.fromEntries(HUB_PROCESSES.map((n) => [n, loopback(metrics[n], '/metrics')])) as RunningHubProcesses['metricsUrls'],
    standUrl: opts.providerStand ? loopback(standPort, '') : undefined,
    pids: () => Object.fromEntries(names.map((n) => [n, supervisor.pidOf(n)]).filter(([, pid]) => pid !== undefined)),
    stopService: (name) => supervisor.stop(name),
    startService: (name) => supervisor.start(specs[name]),
    stop: async () => {
      process.removeListener('exit', orphans);
      await supervisor.stopAll(stopOrder);
    },
  };
}
