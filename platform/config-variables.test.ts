import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PATTERN_VARIABLES, readmeVariables, variablesLoadConfigReads } from './config-variables';
import { repoRoot } from './paths';

const README = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');

/** The source files of the hub's processes (not tests, not the test support). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' ? [] : sources(file);
    return /\.(ts|mts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

/** Variables read directly from process.env (or an `env` given one) outside the configuration module. */
function variablesReadElsewhere(): string[] {
  const names = new Set<string>();
  for (const dir of ['platform', 'lib', 'harness', 'subgraphs', 'gateway', 'scripts', 'provider-stand', 'console']) {
    for (const file of sources(path.join(repoRoot(), dir))) {
      if (file.endsWith(path.join('shared', 'config.ts'))) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:process\.)?env\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]);
    }
  }
  return [...names].sort();
}

/** A row to paste for each variable the table lacks. */
const rows = (names: string[]) => names.map((n) => `| \`${n}\` | ? | ? |`).join('\n');

describe("the README's configuration table", () => {
  const table = readmeVariables(README);
  const read = [...new Set([...variablesLoadConfigReads(), ...variablesReadElsewhere()])];

  it('lists every variable the hub reads (BIND_HOST and the *_URL ones included)', () => {
    const missing = read.filter((n) => !table.includes(n));
    expect(rows(missing)).toBe('');
    expect(table).toEqual(expect.arrayContaining(['BIND_HOST', 'APPLICATIONS_URL', 'DOCUMENTS_URL', 'STATUSES_URL', 'SIGNATURES_URL', 'PROVIDER_STAND_URL']));
  });

  it('lists the variables read by pattern with their placeholder', () => {
    expect(PATTERN_VARIABLES.filter((n) => !table.includes(n))).toEqual([]);
  });

  it('lists no variable that nothing reads', () => {
    const known = new Set([...read, ...PATTERN_VARIABLES]);
    expect(table.filter((n) => !known.has(n))).toEqual([]);
  });

  it('finds what loadConfig reads, so the comparison is not empty', () => {
    expect(variablesLoadConfigReads()).toEqual(expect.arrayContaining(['DATABASE_URL', 'GATEWAY_PORT', 'BIND_HOST', 'APPLICATIONS_URL', 'PROVIDER_STAND_URL']));
  });
});
