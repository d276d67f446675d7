import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { repoRoot } from '../../../platform/paths';
import { GOING_AWAY } from '../../../platform/telemetry/lifecycle';
import { eventually } from '../../support/applications';
import { freePort } from '../../support/global-setup';
import { collect, startHub, TestHub } from '../../support/hub';
import { registration, REPORT_STAGE, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { post, sample, scrape } from './support';

const provider = tokenFor('provider', { bin: JUSTICE_BIN });

describe('stopping the gateway and a subgraph', () => {
  let hub: TestHub;
  let locker: PgClient;

  beforeAll(async () => {
    hub = await startHub();
    locker = new PgClient({ connectionString: hub.databaseUrl });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await hub?.stop();
  });

  it('finishes the request under way, accepts no new one, and closes subscriptions with 1001 and the reason', async () => {
    const gateway = hub.gateways[0];
    const statuses = hub.subgraphs.find((s) => s.name === 'statuses')!;
    const sub = collect(hub.wsClient(tokenFor('contact_centre')), 'subscription { stageChanged { cursor } }');
    await eventually(async () => sample(await scrape(gateway.metricsPort), 'qyzmet_active_subscriptions') === 1);

    // a transaction here that holds stage_record in SHARE mode: the report's INSERT waits for it in the subgraph
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE stage_record IN SHARE MODE');
    const underWay = post(gateway.url, REPORT_STAGE, { input: signed(registration()) }, { authorization: `Bearer ${provider}` });
    await eventually(async () => (await hub.dataSource.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'relation' AND relation = 'stage_record'::regclass AND NOT granted`))[0].n > 0);

    const stopped = Promise.all([gateway.stop(), statuses.stop()]);
    await expect(fetch(gateway.url, { method: 'POST' })).rejects.toThrow();
    await locker.query('COMMIT');

    const answer = await underWay;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.reportStage.duplicate).toBe(false);
    await stopped;
    // the subscriber's client ends with the close event (the harness's client does not reconnect)
    expect(sub.errors).toHaveLength(1);
    expect(sub.errors[0]).toMatchObject({ code: GOING_AWAY.code, reason: GOING_AWAY.reason });
  });
});

// in development, where Apollo Server would also stop on signals by itself (not under NODE_ENV=test)
it('a subgraph process stops on SIGTERM: JSON log lines, then exit 0', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot(), 'test/support/run-ts.js'), path.join(repoRoot(), 'subgraphs/signatures/index.ts')], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', DATABASE_URL: process.env.TEST_DATABASE_URL, SIGNATURES_PORT: String(port), BIND_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout!.on('data', (chunk) => { stdout += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`signatures exited with ${child.exitCode}`);
    return fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
  }, 30_000, 100);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
  expect(lines.map((l) => l.msg)).toEqual(['listening', 'stopping', 'stopped']);
  expect(lines.every((l) => l.service === 'signatures' && typeof l.time === 'string')).toBe(true);
  expect(lines[1]).toMatchObject({ level: 'info', signal: 'SIGTERM' });
});
