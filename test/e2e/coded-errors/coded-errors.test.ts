import { DataSource } from 'typeorm';
import { CuttableProxy } from '../../support/cuttable-proxy';
import { collect, GraphQLResponse, startHub, TestHub } from '../../support/hub';
import { REPORT_STAGE, registration, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';

/**
 * Whatever a client sends, every error it gets back carries a code (and, for an argument, the
 * argument's path), and never the words of the database driver: a bad argument is the client's
 * INVALID_ARGUMENT or INVALID_CURSOR, a database that is away is DATABASE_UNAVAILABLE.
 */
const DRIVER_TEXT = /invalid input syntax|out of range for type|invalid byte sequence|ECONNREFUSED|timeout exceeded|Connection terminated|QueryFailedError|date\/time field value/i;
const admin = tokenFor('admin');
const provider = tokenFor('provider', { bin: JUSTICE_BIN });

const journalSize = async (db: DataSource) => Number((await db.query('SELECT count(*) AS n FROM data_access'))[0].n);

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

function theError(result: GraphQLResponse) {
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error.message).not.toMatch(DRIVER_TEXT);
  return { code: error.extensions?.code, field: error.extensions?.field };
}

describe('arguments the database cannot take', () => {
  let hub: TestHub;
  beforeAll(async () => { hub = await startHub(); });
  afterAll(async () => { await hub?.stop(); });

  it('refuses a NUL byte in a looked-up number with INVALID_ARGUMENT naming the argument', async () => {
    const result = await hub.query('query($n: String!) { applicationByNumber(number: $n) { id } }', { n: 'QH-\u0000' }, admin);
    expect(theError(result)).toEqual({ code: 'INVALID_ARGUMENT', field: 'number' });
  });

  it('names the nested field of an input that holds a NUL byte, and records nothing', async () => {
    const input = signed(registration({ placeOfAcceptance: 'ЦОН\u0000' }));
    const result = await hub.query(REPORT_STAGE, { input }, provider);
    expect(theError(result)).toEqual({ code: 'INVALID_ARGUMENT', field: 'input.placeOfAcceptance' });
    const stored = await hub.dataSource.query('SELECT 1 FROM stage_record WHERE message_id = $1', [input.messageId]);
    expect(stored).toEqual([]);
  });

  it('finds a NUL byte written inline in the document too', async () => {
    const result = await hub.query('{ stageReports(filter: { providerBin: "01084000\\u0000" }) { edges { cursor } } }', {}, admin);
    expect(theError(result)).toEqual({ code: 'INVALID_ARGUMENT', field: 'filter.providerBin' });
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate) instead of storing it altered', async () => {
    const result = await hub.query('query($s: String) { surveyResults(serviceCode: $s) { serviceCode } }', { s: 'CRIM\ud800' }, admin);
    expect(theError(result)).toEqual({ code: 'INVALID_ARGUMENT', field: 'serviceCode' });
  });

  it('refuses a stage cursor beyond the range of the event sequence with INVALID_CURSOR, over HTTP and graphql-ws', async () => {
    const result = await hub.query('query($a: String) { stageReports(after: $a) { edges { cursor } } }', { a: '9223372036854775808' }, admin);
    expect(theError(result)).toEqual({ code: 'INVALID_CURSOR', field: 'after' });

    const subscription = collect(hub.wsClient(admin), 'subscription($a: String) { stageChanged(after: $a) { cursor } }', { a: '9999999999999999999' });
    await until(() => subscription.errors.length > 0);
    expect(theError({ errors: subscription.errors as GraphQLResponse['errors'] })).toEqual({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('refuses a subscription filter naming an application by something that is not an id, naming the field', async () => {
    const subscription = collect(hub.wsClient(admin), 'subscription($f: StageChangeFilter) { stageChanged(after: "0", filter: $f) { cursor } }', { f: { applicationId: ' ' } });
    await until(() => subscription.errors.length > 0);
    expect(theError({ errors: subscription.errors as GraphQLResponse['errors'] })).toEqual({ code: 'INVALID_ARGUMENT', field: 'filter.applicationId' });
  });

  it('takes an explicit null for an optional filter field or cursor as its absence', async () => {
    const result = await hub.query('query($f: StageReportFilter) { stageReports(first: 1, after: null, filter: $f) { edges { cursor } } }', { f: { from: null, to: null, serviceCode: null, overdue: null } }, admin);
    expect(result.errors).toBeUndefined();
  });

  it('refuses a period the database cannot hold with a coded error naming the filter field', async () => {
    const result = await hub.query('query($f: StageReportFilter) { stageReports(filter: $f) { edges { cursor } } }', { f: { from: '+275760-09-13T00:00:00Z' } }, admin);
    expect(theError(result)).toEqual({ code: 'INVALID_TIME', field: 'filter.from' });
  });

  it('writes nothing to the access journal for a lookup refused for a NUL byte', async () => {
    const before = await journalSize(hub.dataSource);
    const result = await hub.query(
      'mutation($i: SingleLookupInput!) { lookupDocument(input: $i) { id } }',
      { i: { requestedAt: new Date().toISOString(), purpose: 'purpose\u0000', documentType: 'IDENTITY', subjectIinBin: '900101300126', signature: 'eA==' } },
      tokenFor('partner', { bin: '050140007891' }),
    );
    expect(theError(result)).toEqual({ code: 'INVALID_ARGUMENT', field: 'input.purpose' });
    expect(await journalSize(hub.dataSource)).toBe(before);
  });
});

describe('what the gateway itself refuses', () => {
  let hub: TestHub;
  beforeAll(async () => { hub = await startHub(); });
  afterAll(async () => { await hub?.stop(); });

  it('codes a document that does not parse GRAPHQL_PARSE_FAILED', async () => {
    const result = await hub.query('{ services { code }', {}, admin);
    expect(theError(result).code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('codes a field the schema does not have GRAPHQL_VALIDATION_FAILED, over HTTP and graphql-ws', async () => {
    expect(theError(await hub.query('{ services { nope } }', {}, admin)).code).toBe('GRAPHQL_VALIDATION_FAILED');
    const subscription = collect(hub.wsClient(admin), 'subscription { stageChanged { nope } }');
    await until(() => subscription.errors.length > 0);
    expect((subscription.errors as GraphQLResponse['errors'])!.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('answers a GET or form request whose variables or extensions are not JSON with 400 BAD_REQUEST, not a 500', async () => {
    const url = hub.gateways[0].url;
    const query = encodeURIComponent('{ services { code } }');
    for (const params of [`query=${query}&variables=nope`, `query=${query}&extensions=%7B`, `query=${query}&variables=%ZZ`]) {
      const response = await fetch(`${url}?${params}`, { headers: { 'x-graphql-csrf': '1' } });
      const body = await response.json() as GraphQLResponse;
      expect({ params, status: response.status, code: body.errors?.[0]?.extensions?.code }).toEqual({ params, status: 400, code: 'BAD_REQUEST' });
    }
    const form = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-graphql-csrf': '1' }, body: `query=${query}&variables=%5B` });
    expect(form.status).toBe(400);
  });

  it('codes a variable of the wrong type BAD_USER_INPUT, naming the argument it was given for', async () => {
    const result = await hub.query('query($f: StageReportFilter) { stageReports(filter: $f) { edges { cursor } } }', { f: { providerBin: { deep: 1 } } }, admin);
    expect(theError(result)).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.providerBin' });
    const missing = await hub.query('query($id: ID!) { application(id: $id) { id } }', {}, admin);
    expect(theError(missing)).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('a database that is away', () => {
  let hub: TestHub;
  let proxy: CuttableProxy;
  beforeAll(async () => {
    proxy = await CuttableProxy.before(process.env.TEST_DATABASE_URL!);
    hub = await startHub({ databaseUrl: proxy.url });
  });
  afterAll(async () => {
    proxy?.restore();
    await hub?.stop();
    await proxy?.stop();
  });

  it('answers DATABASE_UNAVAILABLE without the driver\'s words while it is away, and serves again when it is back', async () => {
    const read = () => hub.query('query($n: String!) { applicationByNumber(number: $n) { id } }', { n: 'QH-2026-0000001' }, admin);
    expect((await read()).errors).toBeUndefined();
    proxy.cut();
    const whileAway = await read();
    expect(theError(whileAway).code).toBe('DATABASE_UNAVAILABLE');
    proxy.restore();
    const deadline = Date.now() + 20_000;
    let after = await read();
    while (after.errors && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await read();
    }
    expect(after.errors).toBeUndefined();
  });

  it('ends a subscription that cannot read its catch-up with DATABASE_UNAVAILABLE, in the hub\'s words', async () => {
    proxy.cut();
    try {
      const subscription = collect(hub.wsClient(admin), 'subscription { stageChanged(after: "0") { cursor } }');
      await until(() => subscription.errors.length > 0, 20_000);
      expect(theError({ errors: subscription.errors as GraphQLResponse['errors'] }).code).toBe('DATABASE_UNAVAILABLE');
    } finally {
      proxy.restore();
    }
  });
});
