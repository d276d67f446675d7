import { buildClientSchema, getIntrospectionQuery, GraphQLSchema, IntrospectionQuery } from 'graphql';
import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET } from '../../../platform/config';
import { operatorToken } from '../../support/applications';
import { startHub, TestHub, wsClientOn } from '../../support/hub';
import { REPORT_STAGE, registration, signed } from '../../support/reports';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { everyRootField, FuzzOperation, Pool, randomOperation } from './operations';
import { Random } from './random';

/**
 * Schema-aware fuzzing of the whole hub: random operations on every root field, as every role,
 * anonymously and with broken tokens, with valid, boundary and malformed arguments. Whatever it
 * sends, the hub answers with coded errors: never INTERNAL_SERVER_ERROR, never an error without a
 * code, never the database driver's own words, and no process dies.
 *
 * FUZZ_OPERATIONS (default 10,000) and FUZZ_SEED replay or lengthen a run; the seed of every run
 * is printed.
 */
const OPERATIONS = Number(process.env.FUZZ_OPERATIONS || 10_000);
const SEED = Number(process.env.FUZZ_SEED || Date.now() % 2 ** 31);
const CONCURRENCY = 8;

/** What the database driver or the ORM would say: it must never reach a client. */
const DRIVER_TEXT = /invalid input syntax|out of range for type|invalid byte sequence|ECONNREFUSED|violates [a-z ]*constraint|duplicate key value|relation "|column "|syntax error at or near|QueryFailedError|Could not find any entity|invalid input value for enum|date\/time field value out of range|numeric field overflow|unterminated|pg_|typeorm|connection terminated|Cannot read propert|is not a function|undefined is not|\bat [\w.<>]+ \(/i;

interface Caller { name: string; token?: string }

function callers(): Caller[] {
  const broken = (claims: Record<string, unknown>, secret = DEV_JWT_SECRET, options: jwt.SignOptions = {}) => jwt.sign(claims, secret, { algorithm: 'HS256', ...options });
  return [
    { name: 'anonymous' },
    { name: 'citizen', token: tokenFor('citizen', { iin: CITIZEN_IIN }) },
    { name: 'operator', token: operatorToken() },
    { name: 'provider', token: tokenFor('provider', { bin: JUSTICE_BIN }) },
    { name: 'provider (akimat)', token: tokenFor('provider', { bin: AKIMAT_BIN }) },
    { name: 'partner', token: tokenFor('partner', { bin: AKIMAT_BIN }) },
    { name: 'contact_centre', token: tokenFor('contact_centre') },
    { name: 'analyst', token: tokenFor('analyst') },
    { name: 'admin', token: tokenFor('admin') },
    { name: 'expired token', token: broken({ role: 'admin', sub: 'x' }, DEV_JWT_SECRET, { expiresIn: -60 }) },
    { name: 'token of another secret', token: broken({ role: 'admin', sub: 'x' }, 'another-secret-of-at-least-32-characters', { expiresIn: 600 }) },
    { name: 'garbage token', token: 'not.a.jwt' },
    { name: 'unknown role', token: broken({ role: 'root', sub: 'x' }, DEV_JWT_SECRET, { expiresIn: 600 }) },
  ];
}

interface Failure { caller: string; operation: FuzzOperation; why: string; answer: string }

const clip = (text: string, n = 600) => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);
const shown = (value: unknown) => clip(JSON.stringify(value, (_k, v) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length})` : v)) ?? 'undefined');

/** One kind of failure: the message without its particulars (quoted values, numbers). */
function kindOf(answer: string): string {
  let message = answer;
  try {
    message = String((JSON.parse(answer) as { message?: unknown }).message ?? answer);
  } catch {
    // not JSON: the text itself
  }
  return message.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 120);
}

/** What is wrong with one error of an answer, if anything. */
function problemOf(error: { message?: unknown; extensions?: { code?: unknown } }): string | undefined {
  const code = error?.extensions?.code;
  if (typeof code !== 'string' || !code) return 'an error without extensions.code';
  if (code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL_SERVER_ERROR';
  if (typeof error.message === 'string' && DRIVER_TEXT.test(error.message)) return `driver or stack text in the message (${code})`;
  return undefined;
}

async function overHttp(hub: TestHub, caller: Caller, operation: FuzzOperation): Promise<string | { why: string; answer: string }> {
  const response = await fetch(hub.gateways[0].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}) },
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status >= 500) return { why: `HTTP ${response.status}`, answer: text };
  let body: { errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return { why: `HTTP ${response.status} with an answer that is not JSON`, answer: text };
  }
  for (const error of body.errors ?? []) {
    const why = problemOf(error);
    if (why) return { why, answer: JSON.stringify(error) };
  }
  return `${response.status}`;
}

/** A subscription's first answer (an event, an error, or nothing within a moment), then unsubscribed. */
async function overWebSocket(hub: TestHub, caller: Caller, operation: FuzzOperation): Promise<string | { why: string; answer: string }> {
  const client = wsClientOn(hub.gateways[0].url, caller.token);
  try {
    const first = await new Promise<{ errors?: unknown[] } | { closed: unknown } | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 300);
      const stop = client.subscribe({ query: operation.query, variables: operation.variables }, {
        next: (result) => { clearTimeout(timer); stop(); resolve(result as { errors?: unknown[] }); },
        error: (error) => { clearTimeout(timer); resolve(Array.isArray(error) ? { errors: error } : { closed: error }); },
        complete: () => { clearTimeout(timer); resolve(undefined); },
      });
    });
    if (first && 'closed' in first) {
      const close = first.closed as { code?: number; reason?: string };
      if (close?.code === 1011 || (close?.code ?? 0) >= 4500) return { why: `socket closed ${close.code}`, answer: String(close.reason) };
      return 'closed';
    }
    for (const error of (first?.errors ?? []) as { message?: unknown; extensions?: { code?: unknown } }[]) {
      const why = problemOf(error);
      if (why) return { why, answer: JSON.stringify(error) };
    }
    return first ? 'answered' : 'quiet';
  } finally {
    // a client disposed while still connecting rejects with the close event: that is the harness's own doing
    await Promise.resolve(client.dispose()).catch(() => undefined);
  }
}

/** Real ids, numbers and cursors of the hub, so that valid arguments get past the first lookup. */
async function poolOf(hub: TestHub): Promise<Pool> {
  const registered = await hub.query(REPORT_STAGE, { input: signed(registration()) }, tokenFor('provider', { bin: JUSTICE_BIN }));
  if (registered.errors) throw new Error(`cannot register a request to fuzz with: ${JSON.stringify(registered.errors)}`);
  const column = async (sql: string) => ((await hub.dataSource.query(sql)) as Record<string, unknown>[]).map((r) => String(Object.values(r)[0]));
  const ids = [
    ...await column('SELECT id FROM application ORDER BY accepted_at DESC LIMIT 5'),
    ...await column('SELECT id FROM document LIMIT 3'),
    ...await column('SELECT id FROM signature LIMIT 3'),
    ...await column('SELECT id FROM exchange_message LIMIT 3'),
    ...await column('SELECT id FROM incident LIMIT 2'),
  ];
  const cursors = [registered.data.reportStage.record.cursor];
  for (const page of ['exchangeMessages', 'dataAccessJournal']) {
    const answer = await hub.query(`{ ${page}(first: 1) { endCursor } }`, {}, tokenFor('admin'));
    if (answer.data?.[page]?.endCursor) cursors.push(answer.data[page].endCursor);
  }
  return {
    ids,
    cursors,
    applicationNumbers: [registered.data.reportStage.record.application.number, ...await column('SELECT number FROM application LIMIT 3')],
    iinBins: [CITIZEN_IIN, JUSTICE_BIN, AKIMAT_BIN, '850625401118', '990340001230'],
    serviceCodes: await column('SELECT code FROM service LIMIT 10'),
    documentTypes: ['IDENTITY', 'INDIVIDUAL', 'LEGAL_ENTITY', 'ADDRESS', 'REAL_ESTATE_TITLE', 'SECURITY_CLEARANCE', 'NOT_A_TYPE'],
  };
}

describe('the hub under schema-aware fuzzing', () => {
  let hub: TestHub;
  let schema: GraphQLSchema;
  let pool: Pool;

  beforeAll(async () => {
    hub = await startHub();
    const introspection = await hub.query<IntrospectionQuery>(getIntrospectionQuery(), {}, tokenFor('admin'));
    schema = buildClientSchema(introspection.data!);
    pool = await poolOf(hub);
  });
  afterAll(async () => { await hub?.stop(); });

  it(`answers ${OPERATIONS} random operations as every role with coded errors only, and every process keeps serving`, async () => {
    const random = new Random(SEED);
    const everyone = callers();
    const operations = everyRootField(schema, random, pool);
    while (operations.length < OPERATIONS) operations.push(randomOperation(schema, random, pool));
    const failures = new Map<string, Failure & { times: number; fields: Set<string> }>();
    const outcomes = new Map<string, number>();
    let next = 0;
    const started = Date.now();

    const worker = async () => {
      for (let i = next++; i < operations.length; i = next++) {
        const operation = operations[i];
        const caller = everyone[i % everyone.length];
        let outcome: string | { why: string; answer: string };
        try {
          outcome = operation.rootType === 'subscription' ? await overWebSocket(hub, caller, operation) : await overHttp(hub, caller, operation);
        } catch (error) {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          const text = error instanceof Error ? String(error) : JSON.stringify(error);
          outcome = { why: 'no answer', answer: `${text}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}` };
        }
        if (typeof outcome === 'string') {
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          continue;
        }
        const key = `${outcome.why} · ${kindOf(outcome.answer)}`;
        const known = failures.get(key);
        if (known) {
          known.times++;
          known.fields.add(operation.field);
        } else failures.set(key, { caller: caller.name, operation, why: outcome.why, answer: outcome.answer, times: 1, fields: new Set([operation.field]) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: seed ${SEED}, ${operations.length} operations in ${seconds.toFixed(1)} s (${(operations.length / seconds).toFixed(0)}/s); answers ${JSON.stringify(Object.fromEntries(outcomes))}; ${failures.size} kinds of failure`);
    const report = [...failures.entries()].map(([key, f]) => `${key} (×${f.times} in ${[...f.fields].join(', ')}; e.g. as ${f.caller}, ${f.operation.mode}):\n  ${clip(f.operation.query, 400)}\n  variables ${shown(f.operation.variables)}\n  answer ${clip(f.answer, 400)}`);
    expect(report).toEqual([]);

    // nothing died: every service still answers
    for (const server of [...hub.gateways.map((g) => g.url), ...hub.subgraphs.map((s) => s.url)]) {
      const health = await fetch(server.replace(/\/graphql$/, '/healthz'));
      expect({ server, status: health.status }).toEqual({ server, status: 200 });
    }
    const services = await hub.query('{ services { code } }');
    expect(services.data.services.length).toBeGreaterThan(0);
  }, Math.max(300_000, OPERATIONS * 100));
});
