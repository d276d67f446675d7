import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { freePort } from '../test/support/global-setup';
import { DatabaseBusy, MIGRATE_USAGE, runMigrate } from './migrations-cli';

// A database of its own on the test run's PostgreSQL: reverting a migration must not touch the shared one.
const admin = () => new Client({ connectionString: process.env.TEST_DATABASE_URL });
const NAME = `qyzmet_migrate_${process.pid}`;
let url: string;

beforeAll(async () => {
  const c = admin();
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${NAME}`);
  await c.query(`CREATE DATABASE ${NAME}`);
  await c.end();
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${NAME}`;
  url = u.toString();
});
afterAll(async () => {
  const c = admin();
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await c.end();
});

async function migrate(args: string[], env: NodeJS.ProcessEnv = { DATABASE_URL: url }) {
  const lines: string[] = [];
  const code = await runMigrate(args, loadConfig(env), (l) => lines.push(l));
  return { code, lines };
}

describe('npm run migrate', () => {
  it('shows every migration pending on a new database, runs them with up, and shows them applied', async () => {
    const before = await migrate(['status']);
    expect(before.lines.length).toBeGreaterThan(5);
    expect(before.lines.every((l) => l.startsWith('pending '))).toBe(true);
    const up = await migrate(['up']);
    expect(up.lines[0]).toMatch(/^migrations run: Foundation1732300000000, /);
    expect(up.lines[1]).toMatch(/^reference data: \d+ services/);
    expect((await migrate(['status'])).lines.every((l) => l.startsWith('applied '))).toBe(true);
    expect((await migrate([])).lines[0]).toBe('migrations run: none (up to date)');
  });

  it('reverts the last migration with down, and up runs it again', async () => {
    const applied = (await migrate(['status'])).lines;
    const last = applied[applied.length - 1].replace(/^applied +/, '');
    expect((await migrate(['down'])).lines).toEqual([`reverted: ${last}`]);
    const after = (await migrate(['status'])).lines;
    expect(after[after.length - 1]).toBe(`pending  ${last}`);
    expect(after[after.length - 2]).toMatch(/^applied /);
    expect((await migrate(['up'])).lines[0]).toBe(`migrations run: ${last}`);
  });

  it('answers an unknown command with its usage', async () => {
    expect(await migrate(['sideways'])).toEqual({ code: 64, lines: [MIGRATE_USAGE] });
  });

  it('uses the embedded PostgreSQL that npm start runs rather than start a second one on its directory', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qyzmet-migrate-'));
    chmodSync(dataDir, 0o755);
    const host = spawn(process.execPath, [path.join(repoRoot(), 'test/support/run-ts.js'), path.join(repoRoot(), 'test/faults/support/postgres-host.ts'), path.join(dataDir, 'postgres'), String(await freePort()), 'qyzmet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        host.stdout!.on('data', (d) => { if (String(d).includes('"url"')) resolve(); });
        host.once('exit', (code) => reject(new Error(`the database host exited with ${code}`)));
      });
      // EMBEDDED_PG_PORT is left at its default: the running one's port comes from its postmaster.pid
      const status = await migrate(['status'], { HUB_DATA_DIR: dataDir });
      expect(status.code).toBe(0);
      expect(status.lines[0]).toBe('pending  Foundation1732300000000');
    } finally {
      const exited = new Promise((r) => host.once('exit', r));
      host.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says in one line that the database is busy when the embedded one is held by a process it cannot connect to', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'qyzmet-migrate-'));
    try {
      mkdirSync(path.join(dataDir, 'postgres'));
      // a live process (this one) holds the directory, on a port where nothing answers
      writeFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), `${process.pid}\n${dataDir}\n0\n${await freePort()}\n`);
      const error = await migrate(['status'], { HUB_DATA_DIR: dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseBusy);
      expect((error as Error).message).toMatch(/^the database is busy or unreachable: the embedded PostgreSQL in .*postgres did not take a connection \(.+\); stop whatever holds it \(npm start\) or try again$/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
