import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { RunningGateway, startGateway } from '../../../gateway/server';
import { DEV_JWT_SECRET, DEV_UPSTREAM_SECRET } from '../../../platform/config';
import { repoRoot } from '../../../platform/paths';
import { HMAC_EXTENSION, signUpstream } from '../../../platform/upstream-signature';
import { postOperation, startHub, TestHub } from '../../support/hub';
import { registration, REPORT_STAGE, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';

// A subgraph answers only what the gateway signed, once, within a short window, for a caller
// whose token has not expired: a request captured between the gateway and a subgraph is useless.

const STAMP = 'upstream-request';
const STAGE_REPORTS = '{ stageReports { edges { cursor } } }';

let hub: TestHub;
/** a second gateway whose requests to every subgraph pass through a recording proxy */
let recorded: RunningGateway;
const wire: { subgraph: string; body: string }[] = [];
const proxies: Server[] = [];

/** Forwards HTTP to the subgraph and keeps every request body, as someone on the wire could. */
async function recordingProxy(subgraph: string, target: string): Promise<string> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    wire.push({ subgraph, body });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
    const answer = await fetch(target, { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxies.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const subgraphUrl = (name: string) => hub.subgraphs.find((s) => s.name === name)!.url;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const analystPayload = (exp = nowSeconds() + 3600) => ({ sub: 'upstream-analyst', role: 'analyst', iat: nowSeconds(), exp });

/** A request signed with the gateway's secret, stamped as told. */
function signedRequest(query: string, opts: { payload?: Record<string, unknown>; at?: number; to?: string; id?: string } = {}) {
  const extensions: Record<string, unknown> = {
    jwt: { payload: opts.payload ?? analystPayload() },
    [STAMP]: { id: opts.id ?? randomUUID(), at: opts.at ?? Date.now(), to: opts.to ?? 'statuses' },
  };
  extensions[HMAC_EXTENSION] = signUpstream({ query, extensions }, DEV_UPSTREAM_SECRET);
  return { query, extensions };
}

async function send(url: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const json = await response.json() as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, codes: (json.errors ?? []).map((e) => e.extensions?.code), data: json.data };
}

beforeAll(async () => {
  hub = await startHub();
  const urls: Record<string, string> = {};
  for (const name of ['applications', 'documents', 'statuses', 'signatures']) urls[name] = await recordingProxy(name, subgraphUrl(name));
  recorded = await startGateway({
    supergraphPath: path.join(repoRoot(), 'schema', 'supergraph.graphql'),
    port: 0, host: '127.0.0.1', jwt: { secret: DEV_JWT_SECRET }, upstreamSecret: DEV_UPSTREAM_SECRET,
    subgraphUrls: urls, logging: false, limits: { rateLimit: { perMinute: 0 } },
  });
});
afterAll(async () => {
  await recorded.stop();
  for (const server of proxies) await new Promise((resolve) => server.close(resolve));
  await hub.stop();
});

describe('a request captured between the gateway and a subgraph', () => {
  it('is refused when replayed', async () => {
    wire.length = 0;
    const first = await postOperation(recorded.url, STAGE_REPORTS, {}, tokenFor('analyst'));
    expect(first.errors).toBeUndefined();
    const captured = wire.find((w) => w.subgraph === 'statuses')!;
    const replayed = await send(subgraphUrl('statuses'), captured.body);
    expect([replayed.status, replayed.codes]).toEqual([401, ['UPSTREAM_REQUEST_REPLAYED']]);
  });

  it('is refused once its time is more than a minute off, either way', async () => {
    for (const at of [Date.now() - 61_000, Date.now() + 61_000]) {
      const stale = await send(subgraphUrl('statuses'), signedRequest(STAGE_REPORTS, { at }));
      expect([stale.status, stale.codes]).toEqual([401, ['UPSTREAM_REQUEST_STALE']]);
    }
    const fresh = await send(subgraphUrl('statuses'), signedRequest(STAGE_REPORTS, { at: Date.now() - 30_000 }));
    expect([fresh.status, fresh.codes]).toEqual([200, []]);
  });

  it('is refused by another subgraph than the one it was signed for, and without a stamp', async () => {
    const forDocuments = await send(subgraphUrl('statuses'), signedRequest(STAGE_REPORTS, { to: 'documents' }));
    expect([forDocuments.status, forDocuments.codes]).toEqual([401, ['UPSTREAM_REQUEST_STALE']]);
    const extensions: Record<string, unknown> = { jwt: { payload: analystPayload() } };
    extensions[HMAC_EXTENSION] = signUpstream({ query: STAGE_REPORTS, extensions }, DEV_UPSTREAM_SECRET);
    const unstamped = await send(subgraphUrl('statuses'), { query: STAGE_REPORTS, extensions });
    expect([unstamped.status, unstamped.codes]).toEqual([401, ['UPSTREAM_REQUEST_STALE']]);
  });

  it("is refused when the caller's token it carries has expired", async () => {
    const expired = await send(subgraphUrl('statuses'), signedRequest(STAGE_REPORTS, { payload: analystPayload(nowSeconds() - 10) }));
    expect([expired.status, expired.codes]).toEqual([401, ['TOKEN_EXPIRED']]);
    const { exp: _none, ...withoutExp } = analystPayload();
    const noExp = await send(subgraphUrl('statuses'), signedRequest(STAGE_REPORTS, { payload: withoutExp }));
    expect([noExp.status, noExp.codes]).toEqual([401, ['INVALID_TOKEN']]);
  });

  it('is refused when a subscription is replayed over graphql-ws', async () => {
    const subscribe = signedRequest('subscription { stageChanged { cursor } }');
    const outcome = () => new Promise<(string | undefined)[]>((resolve) => {
      const client = createClient({ url: subgraphUrl('statuses').replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      const timer = setTimeout(() => finish(['RUNNING']), 1500);
      const finish = (codes: (string | undefined)[]) => { clearTimeout(timer); void client.dispose(); resolve(codes); };
      client.subscribe(subscribe, {
        next: (r) => { if (r.errors) finish(r.errors.map((e) => e.extensions?.code as string)); },
        error: (e) => finish(Array.isArray(e) ? e.map((x: { extensions?: { code?: string } }) => x.extensions?.code) : ['SOCKET']),
        complete: () => finish(['COMPLETED']),
      });
    });
    expect(await outcome()).toEqual(['RUNNING']);
    expect(await outcome()).toEqual(['UPSTREAM_REQUEST_REPLAYED']);
  });
});

describe('the gateway', () => {
  it('signs every upstream request of a federated query with its own id, for the subgraph it goes to', async () => {
    const provider = tokenFor('provider', { bin: JUSTICE_BIN });
    expect((await postOperation(recorded.url, REPORT_STAGE, { input: signed(registration()) }, provider)).errors).toBeUndefined();
    wire.length = 0;
    const federated = '{ stageReports(first: 3, newestFirst: true) { edges { node { stage application { number service { nameRu } } signature { signerName } } } } }';
    // identical queries at once: the runtime may share identical upstream requests in flight, never a signed one twice
    const answers = await Promise.all([1, 2, 3, 4].map(() => postOperation(recorded.url, federated, {}, tokenFor('admin'))));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data.stageReports.edges[0].node.signature.signerName).toBeTruthy();
      expect(answer.data.stageReports.edges[0].node.application.service.nameRu).toBeTruthy();
    }
    const stamps = wire.map((w) => ({ subgraph: w.subgraph, stamp: JSON.parse(w.body).extensions[STAMP] as { id: string; at: number; to: string } }));
    expect(new Set(stamps.map((s) => s.subgraph))).toEqual(new Set(['statuses', 'applications', 'signatures']));
    expect(new Set(stamps.map((s) => s.stamp.id)).size).toBe(stamps.length);
    for (const { subgraph, stamp } of stamps) {
      expect(stamp.to).toBe(subgraph);
      expect(Math.abs(stamp.at - Date.now())).toBeLessThan(30_000);
    }
  });

  it('still serves subscriptions through graphql-ws to the statuses subgraph', async () => {
    const client = hub.wsClient(tokenFor('contact_centre'));
    const events: unknown[] = [];
    const errors: unknown[] = [];
    client.subscribe({ query: 'subscription { stageChanged(filter: { providerBin: "010840004568" }) { cursor } }' }, { next: (r) => (r.errors ? errors.push(r.errors) : events.push(r.data)), error: (e) => errors.push(e), complete: () => undefined });
    await new Promise((r) => setTimeout(r, 300));
    await hub.query(REPORT_STAGE, { input: signed(registration()) }, tokenFor('provider', { bin: JUSTICE_BIN }));
    for (let i = 0; i < 100 && !events.length && !errors.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(errors).toEqual([]);
    expect(events).toHaveLength(1);
  });
});
