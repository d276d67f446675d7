import { randomUUID } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import Redis from 'ioredis';
import { freePort } from '../../support/global-setup';
import { GraphQLResponse, startHub, TestHub } from '../../support/hub';
import { tokenFor } from '../../support/tokens';
import { captureLogs, sample, scrape } from '../telemetry/support';

/** A Redis for the tests (README: TEST_REDIS_URL, this machine's by default); each test uses keys of its own prefix. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUERY = '{ services { code } }';

interface Answer { status: number; body: GraphQLResponse }

async function ask(hub: TestHub, gateway: number, token?: string): Promise<Answer> {
  const response = await fetch(hub.gateways[gateway].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: QUERY }),
  });
  return { status: response.status, body: await response.json() as GraphQLResponse };
}

const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
const served = (answer: Answer) => answer.status === 200 && !answer.body.errors;

describe('two gateways sharing each client\'s allowance of 3 operations a minute through Redis', () => {
  let hub: TestHub;
  let redis: Redis;
  const prefix = `qyzmet-test:${randomUUID()}:`;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    hub = await startHub({ statusesInstances: 2, gateway: { limits: { rateLimit: { perMinute: 3, redis: { url: REDIS_URL, prefix, timeoutMs: 2000 } } } } });
    expect(hub.gateways).toHaveLength(2);
  });
  afterAll(async () => {
    await hub?.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('refuses a client\'s fourth operation on either gateway once it has spent its allowance across both', async () => {
    const token = tokenFor('citizen', { sub: `shared-${randomUUID()}` });
    expect(served(await ask(hub, 0, token))).toBe(true);
    expect(served(await ask(hub, 1, token))).toBe(true);
    expect(served(await ask(hub, 0, token))).toBe(true);
    for (const gateway of [1, 0]) {
      const refused = await ask(hub, gateway, token);
      expect(refused.status).toBe(429);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
    }
    // another client still has its own allowance, on both
    const other = tokenFor('citizen', { sub: `shared-${randomUUID()}` });
    expect(served(await ask(hub, 1, other))).toBe(true);
    expect(served(await ask(hub, 0, other))).toBe(true);
  });

  it('keeps each bucket under the prefix, with a TTL, so that idle clients cost Redis nothing', async () => {
    const sub = `shared-${randomUUID()}`;
    expect(served(await ask(hub, 1, tokenFor('citizen', { sub })))).toBe(true);
    const keys = await redis.keys(`${prefix}*`);
    const mine = keys.filter((k) => k.includes(sub));
    expect(mine).toHaveLength(1);
    const ttl = await redis.pttl(mine[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(61_000);
  });

  it('takes tokens atomically: 10 operations at once through both gateways are served 3 times', async () => {
    const token = tokenFor('citizen', { sub: `shared-${randomUUID()}` });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(hub, i % 2, token)));
    expect(answers.filter(served)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
  });
});

describe('a gateway whose Redis is down', () => {
  let hub: TestHub;
  const logs = captureLogs();

  beforeAll(async () => {
    const closed = await freePort();
    hub = await startHub({
      telemetry: { logDestination: logs.destination },
      gateway: { limits: { rateLimit: { perMinute: 3, redis: { url: `redis://127.0.0.1:${closed}`, prefix: 'qyzmet-test:down:', timeoutMs: 200 } } } },
    });
  });
  afterAll(async () => { await hub?.stop(); });

  it('keeps serving and still limits each client with its own bucket, says so in a warning, and counts it', async () => {
    const token = tokenFor('citizen', { sub: `down-${randomUUID()}` });
    for (let i = 0; i < 3; i++) expect(served(await ask(hub, 0, token))).toBe(true);
    const refused = await ask(hub, 0, token);
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(served(await ask(hub, 0, tokenFor('citizen', { sub: `down-${randomUUID()}` })))).toBe(true);

    const warnings = logs.lines.filter((l) => l.service === 'gateway' && l.level === 'warn' && /rate limit/.test(l.msg ?? ''));
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    // one warning when it falls back, not one per request
    expect(warnings.length).toBeLessThan(5);
    const metrics = await scrape(hub.gateways[0].metricsPort);
    expect(sample(metrics, 'qyzmet_rate_limit_local_fallbacks_total')).toBeGreaterThanOrEqual(5);
    expect(sample(metrics, 'qyzmet_rate_limit_shared')).toBe(0);
  });
});

describe('a gateway whose Redis accepts connections but never answers', () => {
  let hub: TestHub;
  let silent: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // takes every connection and every command, and answers none
    silent = createServer((socket) => { sockets.add(socket); socket.on('data', () => undefined); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    hub = await startHub({ gateway: { limits: { rateLimit: { perMinute: 3, redis: { url: `redis://127.0.0.1:${port}`, prefix: 'qyzmet-test:silent:', timeoutMs: 200 } } } } });
  });
  afterAll(async () => {
    await hub?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('keeps serving, within the time Redis is given, and still limits each client with its own bucket', async () => {
    const token = tokenFor('citizen', { sub: `silent-${randomUUID()}` });
    for (let i = 0; i < 3; i++) expect(served(await ask(hub, 0, token))).toBe(true);
    const refused = await ask(hub, 0, token);
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
  });
});
