import { Client, CloseCode, createClient, FormattedExecutionResult as ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { startHub, TestHub } from '../../support/hub';
import { tokenFor } from '../../support/tokens';

// Standard graphql-ws clients: queries and mutations over the socket, the token where each client
// library puts it, and a token the hub does not take closing the connection with 4403 Forbidden.

let hub: TestHub;
const clients: Client[] = [];
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await hub.stop();
});

/** graphql-ws's own client, as an application would make it (no retries, so a close is seen). */
function client(connectionParams: Record<string, unknown>, headers?: Record<string, string>): Client {
  const webSocketImpl = headers ? class extends WebSocket { constructor(url: string, protocols: string[]) { super(url, protocols, { headers }); } } : WebSocket;
  const made = createClient({ url: hub.gateways[0].url.replace(/^http/, 'ws'), webSocketImpl, connectionParams, retryAttempts: 0, lazy: true });
  clients.push(made);
  return made;
}

/** One result of a query or mutation over the socket, or how the socket closed. */
function run(c: Client, query: string, variables?: Record<string, unknown>): Promise<ExecutionResult<any, any> | { closed: { code: number; reason: string } }> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult<any, any> | undefined;
    c.subscribe({ query, variables }, {
      next: (r) => { result = r; },
      error: (e) => {
        const closed = e as { code?: number; reason?: string };
        if (typeof closed.code === 'number') resolve({ closed: { code: closed.code, reason: closed.reason ?? '' } });
        else reject(e);
      },
      complete: () => resolve(result!),
    });
  });
}

const WHOAMI = '{ incidents { nodes { id } } }';
const RECORD = 'mutation($input: IncidentInput!) { recordIncident(input: $input) { id system } }';
const REMOVE = 'mutation($id: ID!) { removeIncident(id: $id, reason: "a test of graphql-ws") { removed } }';

describe('graphql-ws clients', () => {
  it('run a query over the socket', async () => {
    const answer = await run(client({}), '{ services { code } }') as ExecutionResult<{ services: { code: string }[] }>;
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.services.length).toBeGreaterThan(0);
  });

  it('run a mutation over the socket (not only over POST)', async () => {
    // an hour long in 2001 and withdrawn at once: the run shares one database with the monthly reports' tests
    const admin = client({ token: tokenFor('admin') });
    const answer = await run(admin, RECORD, { input: { system: 'HUB', startedAt: '2001-01-01T10:00:00+06:00', endedAt: '2001-01-01T11:00:00+06:00', description: 'over graphql-ws' } });
    expect(answer).toMatchObject({ data: { recordIncident: { system: 'HUB' } } });
    const removed = await run(admin, REMOVE, { id: (answer as ExecutionResult<any, any>).data.recordIncident.id });
    expect(removed).toMatchObject({ data: { removeIncident: { removed: true } } });
  });

  it.each([
    ['connectionParams.token', (t: string) => client({ token: t })],
    ['connectionParams.Authorization', (t: string) => client({ Authorization: `Bearer ${t}` })],
    ['connectionParams.authorization', (t: string) => client({ authorization: `Bearer ${t}` })],
    ['connectionParams.headers.Authorization', (t: string) => client({ headers: { Authorization: `Bearer ${t}` } })],
    ["the upgrade request's Authorization header", (t: string) => client({}, { Authorization: `Bearer ${t}` })],
  ])('take the token from %s', async (_where, make) => {
    // analysts may read incidents; an anonymous caller is refused UNAUTHENTICATED
    const answer = await run(make(tokenFor('analyst')), WHOAMI) as ExecutionResult;
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toHaveProperty('incidents');
  });

  it('run as anonymous without a token, so an operation that needs one is refused UNAUTHENTICATED', async () => {
    const answer = await run(client({}), WHOAMI) as ExecutionResult;
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    ['a garbage token', { token: 'not-a-jwt' }, 'INVALID_TOKEN'],
    ['a token signed with another secret', { Authorization: `Bearer ${'x'.repeat(10)}.${'y'.repeat(10)}.${'z'.repeat(10)}` }, 'INVALID_TOKEN'],
    ['an Authorization that is not Bearer', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } }, 'INVALID_TOKEN'],
  ])('close the connection given %s with Forbidden (4403) and the reason', async (_what, params, code) => {
    const answer = await run(client(params), '{ services { code } }') as { closed: { code: number; reason: string } };
    expect(answer.closed.code).toBe(CloseCode.Forbidden);
    expect(answer.closed.code).toBe(4403);
    expect(answer.closed.reason).toMatch(new RegExp(`^${code}: .+`));
  });
});
