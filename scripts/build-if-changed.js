#!/usr/bin/env node
// npm start, npm run token, npm run sign: build only what changed since the last build, and say so.
// Plain JavaScript, because it runs before anything is compiled. The server (tsc) and the console
// (vite) are built each when a hash of their sources differs from the one recorded in
// dist/.build-state.json by the last build of it; tsc builds incrementally (dist/.tsbuildinfo).
// Progress goes to stderr, so that `npm run -s token` prints the token alone.
// Usage: node scripts/build-if-changed.js [server] [console]   (both unless told)
const { createHash } = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const SKIP_DIRS = new Set(['node_modules', 'dist', '.data', '.git', 'test-output']);

/** The folders tsc compiles: tsconfig.build.json's own list, so that a new folder cannot be missed here. */
const COMPILED = JSON.parse(readFileSync(path.join(__dirname, '..', 'tsconfig.build.json'), 'utf8')).include;

/** What each part is built from, what shows it was built, and how to build it. */
const TARGETS = {
  server: {
    inputs: [...COMPILED, 'schema', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    // tests are not compiled (tsconfig.build.json excludes them): changing one needs no build
    include: (file) => /\.(ts|json|graphql)$/.test(file) && !/\.test\.ts$/.test(file),
    output: 'dist/scripts/start.js',
    command: (root) => [process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo']],
  },
  console: {
    inputs: ['console', 'package-lock.json'],
    include: (file) => !/\.test\.tsx?$/.test(file),
    output: 'dist/console/index.html',
    command: (root) => [process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'console', '--logLevel', 'warn']],
  },
};

function filesUnder(root, relative, include) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return include(relative) ? [relative] : [];
  return readdirSync(full).sort().flatMap((name) => (SKIP_DIRS.has(name) ? [] : filesUnder(root, path.join(relative, name), include)));
}

/** A hash of a part's sources: their paths and contents (not mtimes: a fresh clone or checkout changes those only). */
function sourcesHash(root, target) {
  const hash = createHash('sha256');
  for (const file of target.inputs.flatMap((input) => filesUnder(root, input, target.include))) {
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

const statePath = (root) => path.join(root, 'dist', '.build-state.json');
function readState(root) {
  try {
    return JSON.parse(readFileSync(statePath(root), 'utf8'));
  } catch {
    return {};
  }
}

/** The parts whose built output is missing or older than their sources, each with its sources' hash. */
function stale(root, names = Object.keys(TARGETS)) {
  const state = readState(root);
  return names.map((name) => ({ name, hash: sourcesHash(root, TARGETS[name]) }))
    .filter(({ name, hash }) => state[name] !== hash || !existsSync(path.join(root, TARGETS[name].output)));
}

function buildIfChanged(root, names, log = (line) => process.stderr.write(`[build] ${line}\n`)) {
  const started = Date.now();
  const todo = stale(root, names);
  const current = names.filter((name) => !todo.some((t) => t.name === name));
  if (current.length) log(`${current.join(' and ')}: dist/ is current, not rebuilt`);
  for (const { name, hash } of todo) {
    const at = Date.now();
    log(`${name}: sources changed since the last build, building (${name === 'server' ? 'tsc' : 'vite'})…`);
    const [command, args] = TARGETS[name].command(root);
    execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    // the API's documentation (/docs) from the supergraph, beside the server it describes
    if (name === 'server') execFileSync(process.execPath, [path.join(root, 'dist', 'scripts', 'schema-docs.js')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    writeFileSync(statePath(root), `${JSON.stringify({ ...readState(root), [name]: hash }, null, 1)}\n`);
    log(`${name}: built in ${((Date.now() - at) / 1000).toFixed(1)} s`);
  }
  if (todo.length) log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return todo.map((t) => t.name);
}

module.exports = { TARGETS, sourcesHash, stale, buildIfChanged };

if (require.main === module) {
  const asked = process.argv.slice(2).filter((a) => a in TARGETS);
  try {
    buildIfChanged(path.resolve(__dirname, '..'), asked.length ? asked : Object.keys(TARGETS));
  } catch (error) {
    process.stderr.write(`[build] failed: ${error.message}\n`);
    process.exit(1);
  }
}
