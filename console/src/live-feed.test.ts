import { AddressInfo } from 'node:net';
import { buildSchema, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import { LiveState, startLiveFeed } from './live-feed';

// The board's feed in Node: a scripted graphql-ws server ends each subscription the way the hub or
// the network can, and the feed must subscribe again from the last cursor it received.

type Event = { id: string; cursor: string };
const schema = buildSchema('type R { id: ID! cursor: String! } type Query { x: Int } type Subscription { stageChanged(after: String, filter: String): R! }');
const QUERY = 'subscription($after: String, $filter: String) { stageChanged(after: $after, filter: $filter) { id cursor } }';
const event = (n: number) => ({ data: { stageChanged: { id: `r${n}`, cursor: `c${n}` } } });
/** An error as the hub ends a stream with it (graphql-ws sends only GraphQLError instances). */
const failure = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server whose n-th subscription plays `script[n]`; records the `after` each one asked from. */
async function scriptedServer(script: ((wss: WebSocketServer) => AsyncGenerator<unknown>)[]) {
  const afters: (string | null)[] = [];
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  useServer({
    schema,
    subscribe: (args) => {
      afters.push((args.variableValues?.after as string | undefined) ?? null);
      const play = script[Math.min(afters.length - 1, script.length - 1)];
      return play(wss) as never;
    },
  }, wss);
  return { wss, afters, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}` };
}

function feedOn(url: string, after: string | null = null) {
  const events: string[] = [];
  const states: LiveState[] = [];
  const feed = startLiveFeed<Event>({
    url, token: () => 'token', query: QUERY, variables: { filter: 'f' }, field: 'stageChanged', after,
    onEvent: (e) => events.push(e.id), onState: (s) => states.push(s), retry: { firstDelayMs: 20, maxDelayMs: 100 },
  });
  return { events, states, feed };
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await sleep(10);
  }
}

const forever = () => new Promise(() => undefined);
let server: Awaited<ReturnType<typeof scriptedServer>> | undefined;
let feed: ReturnType<typeof feedOn> | undefined;

beforeAll(() => { (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket; });
afterEach(async () => {
  feed?.feed.dispose();
  await new Promise((resolve) => server?.wss.close(resolve));
  server = undefined;
  feed = undefined;
});

describe('connecting', () => {
  it('starts from now, or from the cursor of a feed shown before, and says when it is live', async () => {
    server = await scriptedServer([async function* () { yield event(1); await forever(); }]);
    feed = feedOn(server.url, 'c0');
    await until(() => feed!.events.length === 1);
    expect(server.afters).toEqual(['c0']);
    expect(feed.states).toEqual(['connecting', 'live']);
  });
});

describe('after the stream ends', () => {
  it('resumes from the last cursor when the hub ends it with an error, the socket closes, or it completes', async () => {
    server = await scriptedServer([
      async function* () { yield event(1); yield event(2); await sleep(30); yield { errors: [failure('statuses down', 'SUBGRAPH_UNAVAILABLE')] }; },
      async function* (wss) { yield event(3); await sleep(30); for (const c of wss.clients) c.close(1000, 'bye'); await forever(); },
      async function* () { yield event(4); await sleep(30); },
      async function* () { yield event(5); await forever(); },
    ]);
    feed = feedOn(server.url);
    await until(() => feed!.events.length === 5);
    expect(server.afters).toEqual([null, 'c2', 'c3', 'c4']);
    expect(feed.events).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(feed.states.filter((s) => s === 'reconnecting')).toHaveLength(3);
    expect(feed.states.at(-1)).toBe('live');
  });

  it('shows a replayed event once', async () => {
    server = await scriptedServer([
      async function* (wss) { yield event(1); yield event(2); await sleep(30); for (const c of wss.clients) c.terminate(); await forever(); },
      // the server replays from an earlier point than asked: nothing is shown twice
      async function* () { yield event(2); yield event(3); await forever(); },
    ]);
    feed = feedOn(server.url);
    await until(() => feed!.events.length === 3);
    await sleep(50);
    expect(feed.events).toEqual(['r1', 'r2', 'r3']);
  });

  it('resumes after the newest event it showed, not after one replayed out of order', async () => {
    server = await scriptedServer([
      async function* (wss) { yield event(1); yield event(2); yield event(3); yield event(2); await sleep(30); for (const c of wss.clients) c.terminate(); await forever(); },
      async function* () { yield event(4); await forever(); },
    ]);
    feed = feedOn(server.url);
    await until(() => feed!.events.length === 4);
    expect(server.afters).toEqual([null, 'c3']);
    expect(feed.events).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('starts from now again when the hub no longer knows its cursor', async () => {
    server = await scriptedServer([
      async function* () { yield event(1); await sleep(30); yield { errors: [failure('stale', 'INVALID_CURSOR')] }; },
      async function* () { yield event(2); await forever(); },
    ]);
    feed = feedOn(server.url);
    await until(() => feed!.events.length === 2);
    expect(server.afters).toEqual([null, null]);
  });
});

describe('when the hub refuses the token', () => {
  const expiredThenLive = () => scriptedServer([
    async function* () { yield event(1); await sleep(30); yield { errors: [failure('The token expired', 'TOKEN_EXPIRED')] }; },
    async function* () { yield event(2); await forever(); },
  ]);

  it('stops and asks for sign-in instead of subscribing again with the same token', async () => {
    server = await expiredThenLive();
    const signedOut: unknown[] = [];
    const events: string[] = [];
    const live = startLiveFeed<Event>({
      url: server.url, token: () => 'expired-token', query: QUERY, variables: {}, field: 'stageChanged',
      onEvent: (e) => events.push(e.id), onState: () => undefined, onUnauthenticated: (problem) => signedOut.push(problem), retry: { firstDelayMs: 20, maxDelayMs: 100 },
    });
    feed = { events, states: [], feed: live };
    await until(() => signedOut.length === 1);
    await sleep(300);
    expect(server.afters).toEqual([null]);
    expect(signedOut).toHaveLength(1);
    expect(JSON.stringify(signedOut[0])).toContain('TOKEN_EXPIRED');
  });

  it('resumes from the last cursor with a token renewed meanwhile', async () => {
    server = await expiredThenLive();
    let token = 'first-token';
    const signedOut: unknown[] = [];
    const events: string[] = [];
    const live = startLiveFeed<Event>({
      url: server.url, token: () => token, query: QUERY, variables: {}, field: 'stageChanged',
      onEvent: (e) => { events.push(e.id); token = 'renewed-token'; }, onState: () => undefined, onUnauthenticated: (problem) => signedOut.push(problem),
      retry: { firstDelayMs: 20, maxDelayMs: 100 },
    });
    feed = { events, states: [], feed: live };
    await until(() => events.length === 2);
    expect(server.afters).toEqual([null, 'c1']);
    expect(signedOut).toEqual([]);
  });
});

describe('disposing', () => {
  it('subscribes no more once disposed', async () => {
    server = await scriptedServer([async function* () { yield event(1); await sleep(30); yield { errors: [failure('down', 'SUBGRAPH_UNAVAILABLE')] }; }]);
    feed = feedOn(server.url);
    await until(() => feed!.events.length === 1);
    feed.feed.dispose();
    await sleep(200);
    expect(server.afters).toHaveLength(1);
  });
});
