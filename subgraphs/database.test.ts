import { createServer, Server, Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { StageEventBus } from './statuses/stage-events';
import { createDataSource } from './database';
import { createQueue } from '../platform/queue';

/**
 * The database pools: a busy machine (every connection taken by slow work, the CPU starved) must
 * make requests wait, not fail; a database that does not answer at all must make them fail in a
 * bounded time, not hang.
 */
const url = () => process.env.TEST_DATABASE_URL!;

/** A TCP server that accepts connections and never says a word: a database host that hangs. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => { sockets.add(socket); socket.on('error', () => undefined); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `postgres://nobody@127.0.0.1:${port}/nothing`,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

/** How long the promise took to settle, and whether it failed. */
async function timed(work: () => Promise<unknown>): Promise<{ ms: number; failed: boolean }> {
  const started = Date.now();
  try {
    await work();
    return { ms: Date.now() - started, failed: false };
  } catch {
    return { ms: Date.now() - started, failed: true };
  }
}

describe("the hub's database pool", () => {
  let dataSource: DataSource;
  afterEach(async () => { if (dataSource?.isInitialized) await dataSource.destroy(); });

  it('makes a request wait for a connection while every one is busy for longer than it used to allow (5 s), rather than fail it', async () => {
    dataSource = createDataSource(url(), 'qyzmet-test-busy');
    await dataSource.initialize();
    const size = (dataSource.driver as unknown as { master: { options: { max: number } } }).master.options.max;
    // every connection of the pool busy for 6 s, as when slow transactions hold them on a starved CPU
    const busy = Array.from({ length: size }, () => dataSource.query('SELECT pg_sleep(6)'));
    await new Promise((r) => setTimeout(r, 300));
    const [{ answer }] = await dataSource.query('SELECT 42 AS answer');
    expect(answer).toBe(42);
    await Promise.all(busy);
  }, 30_000);

  it('takes its size and its patience from the configuration', async () => {
    dataSource = createDataSource(url(), 'qyzmet-test-sized', { poolSize: 3, connectTimeoutMs: 1234 });
    const options = (dataSource.options as { extra: { max: number; connectionTimeoutMillis: number } }).extra;
    expect(options).toMatchObject({ max: 3, connectionTimeoutMillis: 1234 });
  });
});

describe('a database that does not answer', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  beforeEach(async () => { silent = await silentServer(); });
  afterEach(async () => { await silent.close(); });
  const pool = { poolSize: 2, connectTimeoutMs: 1000 };

  it("fails the hub's pool in the configured time", async () => {
    const dataSource = createDataSource(silent.url, 'qyzmet-test-silent', pool);
    const result = await timed(() => dataSource.initialize());
    expect(result.failed).toBe(true);
    expect(result.ms).toBeLessThan(5000);
  });

  it("fails the delivery queue's start in the configured time", async () => {
    const boss = createQueue(silent.url, { maintenanceSeconds: 30 }, { supervise: false, pool });
    boss.on('error', () => undefined);
    const result = await timed(() => boss.start());
    expect(result.failed).toBe(true);
    expect(result.ms).toBeLessThan(5000);
    await boss.stop({ graceful: false, close: true, wait: false }).catch(() => undefined);
  });

  it("fails the stage events' LISTEN connection in the configured time", async () => {
    const dataSource = createDataSource(url(), 'qyzmet-test-listen');
    await dataSource.initialize();
    const bus = new StageEventBus(dataSource, silent.url, pool.connectTimeoutMs);
    try {
      const result = await timed(() => bus.start());
      expect(result.failed).toBe(true);
      expect(result.ms).toBeLessThan(5000);
    } finally {
      await bus.stop();
      await dataSource.destroy();
    }
  });
});
