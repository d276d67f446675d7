import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { RunningGateway, startGateway } from '../../../gateway/server';
import { DEV_JWT_SECRET, DEV_UPSTREAM_SECRET } from '../../../platform/config';
import { repoRoot } from '../../../platform/paths';
import { collect, gatewayAccess, startHub, TestHub } from '../../support/hub';
import { registration, REPORT_STAGE, signed } from '../../support/reports';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, OTHER_CITIZEN_IIN, tokenFor } from '../../support/tokens';

/**
 * Fan-out of stage events: subscribers of one visibility scope (role and organisation, or one
 * citizen), each with a token of their own, share one execution of their subscription (one
 * upstream subscription, one applications lookup per event), and never see what another scope
 * would not show them. The gateway under test reaches the applications subgraph through a proxy
 * that counts and keeps the `_entities` requests it is sent.
 */

const STAGE_CHANGED = `
  subscription Changes($filter: StageChangeFilter, $after: String) {
    stageChanged(filter: $filter, after: $after) { cursor stage messageId providerBin application { id number recipient { iinOrBin } } }
  }`;

type Event = { stageChanged: { cursor: string; stage: string; messageId: string; providerBin: string; application: { id: string; number: string; recipient: { iinOrBin: string } } } };

let hub: TestHub;
let gateway: RunningGateway;
let access: ReturnType<typeof gatewayAccess>;
let proxy: Server;
/** the `_entities` requests the gateway sent the applications subgraph, with the identity each carried */
const entityRequests: { payload: Record<string, unknown> }[] = [];

/** Forwards to the applications subgraph, keeping each `_entities` request's forwarded identity. */
function countingProxy(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const parsed = JSON.parse(body.toString('utf8') || '{}') as { query?: string; extensions?: { jwt?: { payload?: Record<string, unknown> } } };
      // the reporting provider's own requests are not the subscribers'
      if (parsed.query?.includes('_entities') && parsed.extensions?.jwt?.payload?.sub !== 'test-provider') entityRequests.push({ payload: parsed.extensions?.jwt?.payload ?? {} });
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      const answer = await fetch(target, { method: req.method, headers, body: req.method === 'POST' ? body : undefined });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  hub = await startHub();
  const url = (name: string) => hub.subgraphs.find((s) => s.name === name)!.url.replace('localhost', '127.0.0.1');
  proxy = await countingProxy(url('applications'));
  gateway = await startGateway({
    supergraphPath: path.join(repoRoot(), 'schema', 'supergraph.graphql'),
    port: 0,
    host: '127.0.0.1',
    jwt: { secret: DEV_JWT_SECRET },
    upstreamSecret: DEV_UPSTREAM_SECRET,
    subgraphUrls: {
      applications: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`,
      documents: url('documents'), signatures: url('signatures'), statuses: url('statuses'),
    },
    logging: false,
    limits: { rateLimit: { perMinute: 0 } },
  });
  access = gatewayAccess([gateway]);
});

afterAll(async () => {
  await access?.dispose();
  await gateway?.stop();
  proxy?.close();
  await hub?.stop();
});

const upstreamSubscriptions = async () => (await hub.subgraphs.find((s) => s.name === 'statuses')!.metrics.registry.getSingleMetric('qyzmet_active_subscriptions')!.get()).values[0].value;

async function until(check: () => boolean | Promise<boolean>, what: string | (() => Promise<string>), timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so in ${timeoutMs} ms: ${typeof what === 'string' ? what : await what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const report = async (input: Record<string, unknown>) => {
  const result = await access.query(REPORT_STAGE, { input: signed(input) }, tokenFor('provider', { bin: input.providerBin as string }));
  expect(result.errors).toBeUndefined();
  return result.data.reportStage.record as { id: string; cursor: string; messageId: string; application: { id: string; number: string } };
};

const justice = (overrides: Record<string, unknown> = {}) => registration({ providerBin: JUSTICE_BIN, ...overrides });
const akimat = (overrides: Record<string, unknown> = {}) => registration({ providerBin: AKIMAT_BIN, serviceCode: 'LAND-PLOT', ...overrides });
const ofCitizen = (iin: string) => ({ recipient: { surname: 'Ким', name: 'Анна', iinOrBin: iin } });

/** every subscription of a test, ended after it whatever its outcome */
const open: { unsubscribe(): void }[] = [];
function follow(token: string, variables: Record<string, unknown>) {
  const sub = collect<Event>(access.wsClient(token), STAGE_CHANGED, variables);
  open.push(sub);
  return sub;
}

/** `n` subscribers, each on a socket of its own with its own token, all on the same operation. */
async function subscribers(tokens: string[], variables: Record<string, unknown> = {}) {
  const before = gateway.sharedSubscriptions().subscribers;
  const subs = tokens.map((token) => follow(token, variables));
  await until(() => gateway.sharedSubscriptions().subscribers >= before + tokens.length, `${tokens.length} subscribers joined`);
  return subs;
}

const waitExecutionsGone = () => until(async () => gateway.sharedSubscriptions().executions === 0 && (await upstreamSubscriptions()) === 0, async () => `every shared execution let go (${JSON.stringify(gateway.sharedSubscriptions())}, upstream ${await upstreamSubscriptions()})`);

afterEach(async () => {
  for (const sub of open.splice(0)) sub.unsubscribe();
  await waitExecutionsGone();
});

describe('subscribers of one scope, each with a token of their own', () => {
  it('share one upstream subscription and one applications lookup per event', async () => {
    const n = 12;
    const tokens = Array.from({ length: n }, (_, i) => tokenFor('contact_centre', { sub: `cc-operator-${i}`, iin: i % 2 ? CITIZEN_IIN : OTHER_CITIZEN_IIN }));
    const subs = await subscribers(tokens, { filter: { providerBin: JUSTICE_BIN } });
    expect(gateway.sharedSubscriptions()).toEqual({ executions: 1, subscribers: n });
    await until(async () => (await upstreamSubscriptions()) === 1, 'one upstream subscription');
    entityRequests.length = 0;

    const sent = [await report(justice()), await report(justice()), await report(justice())];
    for (const sub of subs) {
      const events = await sub.next(3);
      expect(events.map((e) => e.stageChanged.messageId)).toEqual(sent.map((r) => r.messageId));
      expect(events.map((e) => e.stageChanged.application.number)).toEqual(sent.map((r) => r.application.number));
      expect(sub.errors).toEqual([]);
    }
    // one lookup per event for all twelve, not twelve
    expect(entityRequests).toHaveLength(3);
    // made for the scope, not for any one person's token
    for (const { payload } of entityRequests) {
      expect(payload).toMatchObject({ sub: 'scope:contact_centre::', role: 'contact_centre', visibilityScope: true });
      expect(payload.iin).toBeUndefined();
    }
    for (const sub of subs) sub.unsubscribe();
  });

  it('end one by one at their own tokens\' expiry with TOKEN_EXPIRED, the others still served', async () => {
    const shortLived = jwt.sign({ role: 'contact_centre', sub: 'cc-expiring' }, DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn: 2 });
    const [expiring, staying] = await subscribers([shortLived, tokenFor('contact_centre', { sub: 'cc-staying' })], { filter: { providerBin: JUSTICE_BIN } });
    expect(gateway.sharedSubscriptions()).toEqual({ executions: 1, subscribers: 2 });
    await until(() => expiring.errors.length > 0, 'the short-lived token expired', 5000);
    expect(expiring.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual(['TOKEN_EXPIRED']);
    await until(() => gateway.sharedSubscriptions().subscribers === 1, 'the expired subscriber left the shared execution');
    const after = await report(justice());
    const [event] = await staying.next(1);
    expect(event.stageChanged.messageId).toBe(after.messageId);
    expect(expiring.events).toHaveLength(0);
    staying.unsubscribe();
  });
});

describe('scopes never see each other', () => {
  it("keeps two providers' subscribers to their own organisation's events, though they send the same operation", async () => {
    const [j1, j2, a1, a2] = await subscribers([
      tokenFor('provider', { bin: JUSTICE_BIN, sub: 'justice-1' }), tokenFor('provider', { bin: JUSTICE_BIN, sub: 'justice-2' }),
      tokenFor('provider', { bin: AKIMAT_BIN, sub: 'akimat-1' }), tokenFor('provider', { bin: AKIMAT_BIN, sub: 'akimat-2' }),
    ]);
    expect(gateway.sharedSubscriptions()).toEqual({ executions: 2, subscribers: 4 });
    entityRequests.length = 0;
    const ofJustice = await report(justice());
    const ofAkimat = await report(akimat());
    const marker = await report(justice());
    for (const sub of [j1, j2]) expect((await sub.next(2)).map((e) => e.stageChanged.messageId)).toEqual([ofJustice.messageId, marker.messageId]);
    const markerAkimat = await report(akimat());
    for (const sub of [a1, a2]) expect((await sub.next(2)).map((e) => e.stageChanged.messageId)).toEqual([ofAkimat.messageId, markerAkimat.messageId]);
    await new Promise((r) => setTimeout(r, 200));
    for (const sub of [j1, j2]) expect(sub.events.every((e) => e.stageChanged.providerBin === JUSTICE_BIN)).toBe(true);
    for (const sub of [a1, a2]) expect(sub.events.every((e) => e.stageChanged.providerBin === AKIMAT_BIN)).toBe(true);
    // each organisation's lookups were made as that organisation
    expect(entityRequests.map((r) => r.payload.bin).sort()).toEqual([JUSTICE_BIN, JUSTICE_BIN, AKIMAT_BIN, AKIMAT_BIN].sort());
    for (const sub of [j1, j2, a1, a2]) sub.unsubscribe();
  });

  it('keeps two citizens to their own applications, each with two devices', async () => {
    const [c1, c2, o1, o2] = await subscribers([
      tokenFor('citizen', { iin: CITIZEN_IIN, sub: 'citizen-phone' }), tokenFor('citizen', { iin: CITIZEN_IIN, sub: 'citizen-laptop' }),
      tokenFor('citizen', { iin: OTHER_CITIZEN_IIN, sub: 'other-phone' }), tokenFor('citizen', { iin: OTHER_CITIZEN_IIN, sub: 'other-laptop' }),
    ]);
    expect(gateway.sharedSubscriptions()).toEqual({ executions: 2, subscribers: 4 });
    const mine = await report(justice(ofCitizen(CITIZEN_IIN)));
    const theirs = await report(justice(ofCitizen(OTHER_CITIZEN_IIN)));
    const mine2 = await report(justice(ofCitizen(CITIZEN_IIN)));
    const theirs2 = await report(justice(ofCitizen(OTHER_CITIZEN_IIN)));
    for (const sub of [c1, c2]) expect((await sub.next(2)).map((e) => e.stageChanged.messageId)).toEqual([mine.messageId, mine2.messageId]);
    for (const sub of [o1, o2]) expect((await sub.next(2)).map((e) => e.stageChanged.messageId)).toEqual([theirs.messageId, theirs2.messageId]);
    await new Promise((r) => setTimeout(r, 200));
    for (const sub of [c1, c2]) expect(sub.events.map((e) => e.stageChanged.application.recipient.iinOrBin)).toEqual([CITIZEN_IIN, CITIZEN_IIN]);
    for (const sub of [o1, o2]) expect(sub.events.map((e) => e.stageChanged.application.recipient.iinOrBin)).toEqual([OTHER_CITIZEN_IIN, OTHER_CITIZEN_IIN]);
    for (const sub of [c1, c2, o1, o2]) sub.unsubscribe();
  });

  it("gives two organisations' operators executions of their own, each made as its organisation", async () => {
    const [x, y] = await subscribers([
      tokenFor('operator', { bin: JUSTICE_BIN, iin: CITIZEN_IIN, sub: 'operator-justice' }),
      tokenFor('operator', { bin: AKIMAT_BIN, iin: OTHER_CITIZEN_IIN, sub: 'operator-akimat' }),
    ], { filter: { providerBin: JUSTICE_BIN } });
    expect(gateway.sharedSubscriptions()).toEqual({ executions: 2, subscribers: 2 });
    entityRequests.length = 0;
    const sent = await report(justice());
    for (const sub of [x, y]) expect((await sub.next(1))[0].stageChanged.messageId).toBe(sent.messageId);
    expect(entityRequests.map((r) => [r.payload.role, r.payload.bin, r.payload.iin]).sort()).toEqual([['operator', JUSTICE_BIN, undefined], ['operator', AKIMAT_BIN, undefined]]);
    for (const sub of [x, y]) sub.unsubscribe();
  });
});

describe('a subscriber resuming after its cursor', () => {
  it('gets what it missed on its own stream, then joins the shared one, with nothing lost or repeated', async () => {
    const filter = { providerBin: JUSTICE_BIN };
    const [live] = await subscribers([tokenFor('contact_centre', { sub: 'cc-live' })], { filter });
    const first = await report(justice());
    await live.next(1);
    const missed = [await report(justice()), await report(justice())];
    await live.next(3);

    const resumed = follow(tokenFor('contact_centre', { sub: 'cc-resuming' }), { filter, after: first.cursor });
    const caughtUp = await resumed.next(2);
    expect(caughtUp.map((e) => e.stageChanged.messageId)).toEqual(missed.map((r) => r.messageId));
    // its own stream is live as well until the two streams meet at an event
    const later = [await report(justice()), await report(justice())];
    const all = await resumed.next(4);
    expect(all.map((e) => e.stageChanged.messageId)).toEqual([...missed, ...later].map((r) => r.messageId));
    // met: one upstream subscription again, for both
    await until(async () => (await upstreamSubscriptions()) === 1, 'the resumer let its own stream go');
    expect(gateway.sharedSubscriptions()).toEqual({ executions: 1, subscribers: 2 });
    entityRequests.length = 0;
    const last = await report(justice());
    for (const sub of [live, resumed]) expect((await sub.next(sub === live ? 6 : 5)).at(-1)!.stageChanged.messageId).toBe(last.messageId);
    expect(entityRequests).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    const ids = resumed.events.map((e) => e.stageChanged.messageId);
    expect(ids).toEqual([...missed, ...later, last].map((r) => r.messageId));
    const cursors = resumed.events.map((e) => BigInt(e.stageChanged.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => (a < b ? -1 : 1)));
    expect(resumed.errors).toEqual([]);
    for (const sub of [live, resumed]) sub.unsubscribe();
  });

  it('is refused on its own for a cursor that is not one, the shared stream untouched', async () => {
    const [live] = await subscribers([tokenFor('contact_centre', { sub: 'cc-live-2' })]);
    const bad = follow(tokenFor('contact_centre', { sub: 'cc-bad-cursor' }), { after: 'yesterday' });
    await until(() => bad.errors.length > 0, 'the bad cursor refused');
    expect(JSON.stringify(bad.errors)).toContain('INVALID_CURSOR');
    const sent = await report(justice());
    expect((await live.next(1))[0].stageChanged.messageId).toBe(sent.messageId);
    expect(live.errors).toEqual([]);
    live.unsubscribe();
  });
});
