import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { HubConfig } from '../platform/config';
import { createDataSource } from '../subgraphs/database';
import { embeddedUrl, startEmbeddedPostgres } from '../platform/embedded-postgres';
import { loadReferenceData } from '../platform/reference-data';

export const MIGRATE_USAGE = 'usage: npm run migrate -- [status|up|down]   (up is the default)';

/** Why the database cannot be used now, said in one line with what to do (exit code 2). */
export class DatabaseBusy extends Error {}

/**
 * The embedded PostgreSQL of this data directory when a process runs it already (`npm start`):
 * its postmaster.pid names the process (line 1) and the port (line 4). A second one cannot start
 * on the same directory; the migration uses the running one instead.
 */
export function runningEmbedded(databaseDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return undefined; // left by a crash; PostgreSQL starts over it
  }
  return { pid, port };
}

/** A data source on the configured database, or on the embedded one `npm start` runs; undefined: start one. */
async function openRunning(config: HubConfig): Promise<DataSource | undefined> {
  let url = config.databaseUrl;
  if (!url) {
    const databaseDir = path.resolve(config.dataDir, 'postgres');
    const running = runningEmbedded(databaseDir);
    if (!running) return undefined;
    url = embeddedUrl(running.port, 'qyzmet');
  }
  const dataSource = createDataSource(url, 'qyzmet-migrate');
  try {
    await dataSource.initialize();
  } catch (error) {
    const where = config.databaseUrl ? 'DATABASE_URL' : `the embedded PostgreSQL in ${path.resolve(config.dataDir, 'postgres')}`;
    throw new DatabaseBusy(`the database is busy or unreachable: ${where} did not take a connection (${(error as Error)?.message ?? error}); stop whatever holds it (npm start) or try again`);
  }
  return dataSource;
}

/** Each migration with whether it has run, in order. */
async function status(dataSource: DataSource): Promise<{ name: string; applied: boolean }[]> {
  const table = await dataSource.query(`SELECT to_regclass('public.migrations') AS t`);
  const done = new Set<string>(table[0].t ? (await dataSource.query('SELECT name FROM migrations')).map((r: { name: string }) => r.name) : []);
  return dataSource.migrations.map((m) => ({ name: m.name!, applied: done.has(m.name!) }));
}

/**
 * npm run migrate -- status|up|down: lists the migrations and whether each ran; runs those that did
 * not (and loads the reference data); or reverts the last one. Uses DATABASE_URL, or the embedded
 * PostgreSQL: the one `npm start` runs when it runs, else one started for this command.
 */
export async function runMigrate(args: string[], config: HubConfig, print: (line: string) => void = console.log): Promise<number> {
  const command = args[0] ?? 'up';
  if (!['status', 'up', 'down'].includes(command)) {
    print(MIGRATE_USAGE);
    return 64;
  }
  let dataSource = await openRunning(config);
  const started = dataSource ? undefined : await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort, database: 'qyzmet' });
  if (started) {
    dataSource = createDataSource(started.url, 'qyzmet-migrate');
    await dataSource.initialize();
  }
  try {
    if (command === 'status') {
      for (const m of await status(dataSource!)) print(`${m.applied ? 'applied' : 'pending'}  ${m.name}`);
    } else if (command === 'up') {
      const ran = await dataSource!.runMigrations({ transaction: 'each' });
      const reference = await loadReferenceData(dataSource!);
      print(`migrations run: ${ran.length ? ran.map((m) => m.name).join(', ') : 'none (up to date)'}`);
      print(`reference data: ${reference.services} services, ${reference.calendarDays} calendar days`);
    } else {
      const before = (await status(dataSource!)).filter((m) => m.applied);
      if (!before.length) print('nothing to revert');
      else {
        // TypeORM's undo ignores a migration's own `transaction = false` (an index built CONCURRENTLY
        // cannot be in a transaction block): such a migration is reverted outside one, as it ran
        const last = dataSource!.migrations.find((m) => m.name === before[before.length - 1].name);
        await dataSource!.undoLastMigration({ transaction: (last as { transaction?: boolean } | undefined)?.transaction === false ? 'none' : 'each' });
        print(`reverted: ${before[before.length - 1].name}`);
      }
    }
    return 0;
  } finally {
    await dataSource!.destroy();
    await started?.stop();
  }
}
