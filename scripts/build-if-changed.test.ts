import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stale, sourcesHash, TARGETS } = require('./build-if-changed.js') as {
  stale(root: string, names?: string[]): { name: string; hash: string }[];
  sourcesHash(root: string, target: unknown): string;
  TARGETS: Record<string, { output: string }>;
};

describe('npm start builds only what changed', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  /** What a build leaves: each part's output, and the hash of the sources it was built from. */
  const built = (...names: string[]) => {
    for (const name of names) write(TARGETS[name].output, 'built');
    write('dist/.build-state.json', JSON.stringify(Object.fromEntries(names.map((n) => [n, sourcesHash(root, TARGETS[n])]))));
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'qyzmet-build-'));
    write('gateway/server.ts', 'export const a = 1;');
    write('console/src/main.tsx', 'export const b = 1;');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds both parts of a fresh clone (no dist/)', () => {
    expect(stale(root).map((t) => t.name)).toEqual(['server', 'console']);
  });

  it('builds nothing when dist/ is current', () => {
    built('server', 'console');
    expect(stale(root)).toEqual([]);
  });

  it('rebuilds the server alone when a server source changed, and the console alone when one of its files did', () => {
    built('server', 'console');
    write('gateway/server.ts', 'export const a = 2;');
    expect(stale(root).map((t) => t.name)).toEqual(['server']);
    built('server', 'console');
    write('console/src/main.tsx', 'export const b = 2;');
    expect(stale(root).map((t) => t.name)).toEqual(['console']);
  });

  it('does not rebuild for a changed test file, which the build does not compile', () => {
    built('server', 'console');
    write('gateway/server.test.ts', 'it("x", () => undefined);');
    expect(stale(root)).toEqual([]);
  });

  it('rebuilds a part whose output was deleted even when its sources did not change', () => {
    built('server', 'console');
    rmSync(path.join(root, TARGETS.console.output));
    expect(stale(root).map((t) => t.name)).toEqual(['console']);
  });

  it('looks only at the parts asked for (npm run token needs the server only)', () => {
    expect(stale(root, ['server']).map((t) => t.name)).toEqual(['server']);
  });
});
