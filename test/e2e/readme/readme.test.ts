import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FieldNode, OperationDefinitionNode, parse, validate } from 'graphql';
import { apiSchema } from '../../../gateway/schema-docs';
import { repoRoot } from '../../../platform/paths';
import { ProviderStand } from '../../../provider-stand/stand';
import { eventually, operatorToken } from '../../support/applications';
import { collect, startHub, TestHub } from '../../support/hub';
import { newNumber, registration, REPORT_STAGE, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';

// The README cannot drift: its quick start runs here as it is written (against a test hub), and
// every operation of its examples is checked against the schema and run against that hub with a
// token of the role it is for.

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

describe('the other shell lines', () => {
  it('name only npm commands and scripts that package.json has', () => {
    const npmLines = blocks('bash').flatMap((b) => b.split('\n')).map((l) => l.replace(/#.*/, '').trim()).filter((l) => /^(TOKEN=\$\()?npm /.test(l));
    const scripts = npmLines.flatMap((l) => [...l.matchAll(/npm (?:run (?:-s )?)?(\S+)/g)].map((m) => m[1])).filter((s) => s !== 'ci');
    expect(scripts).toEqual(expect.arrayContaining(['start', 'test', 'lint', 'typecheck', 'token', 'sign', 'send']));
    expect(scripts.filter((s) => !packageScripts[s])).toEqual([]);
  });

  it('make the demo provider system misbehave as written (on the stand\'s own port)', async () => {
    const control = blocks('bash').find((b) => b.includes('/control'))!;
    const lines = control.split('\n').map((l) => l.replace(/\s+#.*/, '').trim()).filter(Boolean);
    expect(lines).toHaveLength(2);
    const answers = [];
    // each line on a stand of its own: the first takes the stand down for 30 s
    for (const line of lines) {
      const stand = await new ProviderStand({ signers: [] }).start();
      try {
        // the README's address is the demo stand's default port; this stand listens where it was given one
        const run = await shell(line.replace('localhost:4010', new URL(stand.url).host), ROOT, process.env);
        expect(run.status).toBe(0);
        answers.push(JSON.parse(run.stdout));
      } finally {
        await stand.stop();
      }
    }
    expect(answers).toEqual([expect.objectContaining({ downForSeconds: 30 }), expect.objectContaining({ mode: 'reject' })]);
  });
});

/** An operation's first root field: what the table below knows an example by. */
const rootField = (operation: string) => {
  const definition = parse(operation).definitions[0] as OperationDefinitionNode;
  return (definition.selectionSet.selections[0] as FieldNode).name.value;
};

/** Codes that mean the README's operation is wrong (or the hub broke on it), never what its text leads one to expect. */
const NEVER = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT', 'INTERNAL_SERVER_ERROR', 'UNAUTHENTICATED', 'FORBIDDEN'];

interface Example {
  /** whose token it runs with */
  token: () => string;
  /** what the test puts for the README's placeholders ("…", "<…>") */
  fill?: (operation: string) => string;
  /** the coded domain error the README's text leads one to expect from it as written (placeholders for a signature or a file); data otherwise */
  expectCode?: string;
}

/** Each README example by its root field: the role it is for, and what it answers as written. */
let applicationId = '';
let lastCursor = '';
const EXAMPLES: Record<string, Example> = {
  // a provider's report; "<base64 CMS>" is not a signature
  reportStage: { token: () => tokenFor('provider', { bin: JUSTICE_BIN }), expectCode: 'MALFORMED_SIGNATURE' },
  // an application the test registered
  application: { token: () => tokenFor('analyst'), fill: (o) => o.replace('"…"', JSON.stringify(applicationId)) },
  // "the cursor of the last event you received": that of the test's registration
  stageChanged: { token: () => tokenFor('analyst'), fill: (o) => o.replace('after: "41"', `after: ${JSON.stringify(lastCursor)}`) },
  stageReports: { token: () => tokenFor('analyst') },
  exchangeMessages: { token: () => tokenFor('admin') },
  // an operator's submission; "…" is not a file's content (checked whole before anything is written)
  submitApplication: { token: () => operatorToken(), expectCode: 'ATTACHMENT_INVALID' },
  // an operator's lookup; "<the citizen's base64 CMS>" is not a signature
  prefillApplication: { token: () => operatorToken(), expectCode: 'MALFORMED_SIGNATURE' },
  monthlyReport: { token: () => tokenFor('analyst') },
};

describe('the example operations', () => {
  const schema = apiSchema(readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
  const operations = blocks('graphql');

  beforeAll(async () => {
    // the application the examples read, and a stage for the live feed's example to receive
    const registered = await hub.query(REPORT_STAGE, { input: signed(registration()) }, tokenFor('provider', { bin: JUSTICE_BIN }));
    expect(registered.errors).toBeUndefined();
    applicationId = registered.data.reportStage.record.application.id;
    lastCursor = registered.data.reportStage.record.cursor;
  });

  it('are there to check, each known to the table below', () => {
    expect(operations.length).toBeGreaterThanOrEqual(5);
    expect(operations.map(rootField).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  it.each(operations.map((o) => [rootField(o), o]))('%s … is valid against the schema', (_first, operation) => {
    expect(validate(schema, parse(operation)).map((e) => e.message)).toEqual([]);
  });

  const queries = operations.filter((o) => !/^\s*subscription/.test(o));
  it.each(queries.map((o) => [rootField(o), o]))('%s … answers with the token of its role', async (_first, operation) => {
    const example = EXAMPLES[rootField(operation)];
    const answer = await hub.query((example.fill ?? ((o) => o))(operation), {}, example.token());
    const codes = (answer.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);
    expect(codes.filter((c: string | undefined) => !c || NEVER.includes(c))).toEqual([]);
    if (example.expectCode) expect(codes).toContain(example.expectCode);
    else expect([codes, answer.data?.[rootField(operation)] ?? null]).toEqual([[], expect.anything()]);
  });

  it('the live example receives a stage as it is reported', async () => {
    const operation = operations.find((o) => /^\s*subscription/.test(o))!;
    const client = hub.wsClient(EXAMPLES.stageChanged.token());
    const example = EXAMPLES[rootField(operation)];
    const feed = collect<{ stageChanged: { stage: string; application: { number: string } } }>(client, example.fill!(operation));
    try {
      // the subscription is live once it has replayed what came after its cursor; a new report then arrives
      await new Promise((r) => setTimeout(r, 1_000));
      const number = newNumber();
      await hub.query(REPORT_STAGE, { input: signed(registration({ applicationNumber: number })) }, tokenFor('provider', { bin: JUSTICE_BIN }));
      await eventually(async () => feed.errors.length > 0 || feed.events.some((e) => e.stageChanged.application.number === number), 20_000);
      expect(feed.errors).toEqual([]);
    } finally {
      feed.unsubscribe();
    }
  });
});
