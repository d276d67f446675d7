import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../platform/paths';
import { eventually } from './applications';

export type SubgraphName = 'statuses' | 'applications';

/** A real subgraph process (its index.ts through test/support/run-ts.js, as Jest compiles it). */
export interface SubgraphProcess {
  name: SubgraphName;
  port: number;
  url: string;
  proc: ChildProcess;
  /** the last lines it wrote (stdout and stderr), for failure messages */
  output(): string;
  /** sends the signal and waits (bounded) until the process has exited */
  kill(signal: 'SIGKILL' | 'SIGTERM', timeoutMs?: number): Promise<void>;
}

export interface SubgraphProcessOptions {
  port: number;
  databaseUrl: string;
  /** more variables (DELIVERY_* and the like) */
  env?: Record<string, string>;
  /** how long it may take to answer /readyz */
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
// a test that fails before its afterAll must not leave subgraphs listening
process.once('exit', () => { for (const proc of running) proc.kill('SIGKILL'); });

/** The delivery settings of test/support/hub.ts TEST_DELIVERY, as the applications process reads them. */
export const TEST_DELIVERY_ENV: Record<string, string> = {
  DELIVERY_CONCURRENCY: '8',
  DELIVERY_POLL_MS: '100',
  DELIVERY_TIMEOUT_MS: '2000',
  DELIVERY_EXPIRE_SECONDS: '3',
  DELIVERY_MAINTENANCE_SECONDS: '1',
  DELIVERY_RETRY_BASE_SECONDS: '0.2',
  DELIVERY_RETRY_MAX_SECONDS: '1',
  DELIVERY_MAX_ATTEMPTS: '40',
  DELIVERY_PROBE_SECONDS: '1',
};

/** Starts a subgraph as its own process on the given port and waits until it is ready (database reachable). */
export async function startSubgraphProcess(name: SubgraphName, opts: SubgraphProcessOptions): Promise<SubgraphProcess> {
  const pki = process.env.TEST_PKI_DIR!;
  const proc = spawn(process.execPath, [path.join(repoRoot(), 'test/support/run-ts.js'), path.join(repoRoot(), `subgraphs/${name}/index.ts`)], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      DATABASE_URL: opts.databaseUrl,
      [`${name.toUpperCase()}_PORT`]: String(opts.port),
      // metrics on any free port: a restarted or second instance must not find its default taken
      [`${name.toUpperCase()}_METRICS_PORT`]: '0',
      BIND_HOST: '127.0.0.1',
      TRUST_STORE_DIR: path.join(pki, 'trust'),
      CRL_DIR: path.join(pki, 'crl'),
      HUB_SIGNING_CERT: path.join(pki, 'demo', 'hub.pem'),
      HUB_SIGNING_KEY: path.join(pki, 'demo', 'hub.key'),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => { running.delete(proc); resolve(); }));
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  if (process.env.FAULTS_VERBOSE) {
    proc.stdout!.pipe(process.stdout);
    proc.stderr!.pipe(process.stderr);
  }
  const child: SubgraphProcess = {
    name,
    port: opts.port,
    url: `http://127.0.0.1:${opts.port}/graphql`,
    proc,
    output: () => lines.join('\n'),
    async kill(signal, timeoutMs = 15_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${name} did not exit ${timeoutMs} ms after ${signal}`)), timeoutMs); });
      try {
        await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  try {
    await eventually(async () => {
      if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}`);
      return fetch(`http://127.0.0.1:${opts.port}/readyz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    }, opts.readyTimeoutMs ?? 60_000, 100);
  } catch (error) {
    proc.kill('SIGKILL');
    throw new Error(`${name} did not become ready: ${(error as Error).message}\n${child.output()}`);
  }
  return child;
}

/** With FAULTS_VERBOSE set, a line of what a scenario saw (counts, codes), for the record. */
export function note(scenario: string, facts: Record<string, unknown>): void {
  if (process.env.FAULTS_VERBOSE) process.stdout.write(`[faults] ${scenario}: ${JSON.stringify(facts)}\n`);
}
