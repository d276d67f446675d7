import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, validate } from 'graphql';
import { apiSchema } from '../../../gateway/schema-docs';
import { repoRoot } from '../../../platform/paths';
import { startHub, TestHub } from '../../support/hub';

// The README cannot drift: its quick start runs here as it is written (against a test hub), and
// every operation of its examples is checked against the schema.

const ROOT = repoRoot();
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = (language: string) => [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const packageScripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/**
 * `npm run -s <script> -- args` as a shell function: the script's entry point (package.json runs
 * dist/scripts/<script>.js after building) run from its TypeScript source, compiled as Jest does,
 * so the test needs no build. Anything else asked of npm fails the test.
 */
const NPM = `npm() {
  if [ "$1" != run ] || [ "$2" != -s ] || [ "$4" != -- ]; then echo "the README should use npm run -s <script> -- ...: got npm $*" >&2; return 64; fi
  local script="$3"; shift 4
  node "${ROOT}/test/support/run-ts.js" "${ROOT}/scripts/$script.ts" "$@"
}`;

function shell(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub.stop(); });

describe('the quick start', () => {
  const quickStart = blocks('bash').find((b) => b.includes('npm run -s send'))!;

  it('names only package scripts that run their own entry point', () => {
    const used = [...quickStart.matchAll(/npm run -s (\S+)/g)].map((m) => m[1]);
    expect(used).toEqual(['token', 'sign', 'send']);
    for (const script of used) expect(packageScripts[script]).toMatch(new RegExp(`node dist/scripts/${script}\\.js$`));
  });

  it('records a stage when pasted: the sample report, signed, sent, accepted now and not overdue', async () => {
    // a working folder like a clone after npm start: .data/pki holds the demo PKI, examples/ the sample
    const cwd = mkdtempSync(path.join(tmpdir(), 'qyzmet-readme-'));
    try {
      mkdirSync(path.join(cwd, '.data'));
      symlinkSync(process.env.TEST_PKI_DIR!, path.join(cwd, '.data', 'pki'));
      symlinkSync(path.join(ROOT, 'examples'), path.join(cwd, 'examples'));
      // not spawnSync: the test hub answers from this process
      const run = await shell(`${NPM}\n${quickStart}`, cwd, { ...process.env, NODE_OPTIONS: '', GATEWAY_PORT: String(hub.gateways[0].port) });
      expect([run.status, run.stderr]).toEqual([0, '']);
      const answer = JSON.parse(run.stdout);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.reportStage).toMatchObject({ duplicate: false, record: { stage: 'ACCEPTED', application: { overdue: { isOverdue: false } } } });
      expect(answer.data.reportStage.record.application.number).toMatch(/^QS-/);
      expect(answer.data.reportStage.record.application.plannedDate >= new Date().toISOString().slice(0, 10)).toBe(true);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('the example operations', () => {
  const schema = apiSchema(readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
  const operations = blocks('graphql');

  it('are there to check', () => {
    expect(operations.length).toBeGreaterThanOrEqual(5);
  });

  it.each(operations.map((o) => [o.trim().split('\n')[0], o]))('%s … is valid against the schema', (_first, operation) => {
    expect(validate(schema, parse(operation)).map((e) => e.message)).toEqual([]);
  });
});
