import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource, migrate } from '../../../subgraphs/database';
import { repoRoot } from '../../../platform/paths';
import { loadReferenceData } from '../../../platform/reference-data';
import { freePort } from '../../support/global-setup';

/**
 * A PostgreSQL of the test's own, on its own port, that the test may stop and start again (same
 * data directory, same port) without touching the run's shared database. Migrated and loaded with
 * reference data like the shared one. It runs under test/faults/support/postgres-host.ts.
 */
export interface DedicatedPostgres {
  url: string;
  port: number;
  /** a fast shutdown: open transactions are aborted and every connection is closed */
  stop(): Promise<void>;
  /** starts it again on the same data directory and port */
  start(): Promise<void>;
  /** stops it and deletes its files */
  destroy(): Promise<void>;
}

const DATABASE = 'qyzmet_faults';
const hosts = new Set<ChildProcess>();
process.once('exit', () => { for (const host of hosts) host.kill('SIGTERM'); });

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); }),
  ]);
}

async function host(dataDir: string, port: number): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [path.join(repoRoot(), 'test/support/run-ts.js'), path.join(repoRoot(), 'test/faults/support/postgres-host.ts'), dataDir, String(port), DATABASE], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  hosts.add(proc);
  proc.once('exit', () => hosts.delete(proc));
  let output = '';
  proc.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const url = await withTimeout(new Promise<string>((resolve, reject) => {
    let line = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      line += chunk.toString('utf8');
      const end = line.indexOf('\n');
      if (end >= 0) resolve((JSON.parse(line.slice(0, end)) as { url: string }).url);
    });
    proc.once('exit', (code) => reject(new Error(`PostgreSQL host exited with ${code}: ${output}`)));
  }), 120_000, 'PostgreSQL host');
  return { proc, url };
}

export async function startDedicatedPostgres(): Promise<DedicatedPostgres> {
  const parent = mkdtempSync(path.join(tmpdir(), 'qyzmet-faults-'));
  chmodSync(parent, 0o755); // as root, Postgres runs as its own user and must reach its directory
  const dataDir = path.join(parent, 'pg');
  const port = await freePort();
  let current: ChildProcess | undefined;
  let first: { proc: ChildProcess; url: string };
  try {
    first = await host(dataDir, port);
    current = first.proc;
    const setup = createDataSource(first.url, 'qyzmet-faults-setup');
    await setup.initialize();
    try {
      await migrate(setup);
      await loadReferenceData(setup);
    } finally {
      await setup.destroy();
    }
  } catch (error) {
    current?.kill('SIGTERM');
    rmSync(parent, { recursive: true, force: true });
    throw error;
  }
  const handle: DedicatedPostgres = {
    url: first.url,
    port,
    async stop() {
      const proc = current;
      if (!proc) return;
      current = undefined;
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await withTimeout(exited, 30_000, 'PostgreSQL shutdown');
    },
    async start() {
      if (current) return;
      current = (await host(dataDir, port)).proc;
    },
    async destroy() {
      await handle.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
  return handle;
}
