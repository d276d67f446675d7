import path from 'node:path';
import { Client } from 'pg';
import { verifyFrom } from '../../../scripts/log-cli';
import { eventually } from '../../support/applications';
import { freePort } from '../../support/global-setup';
import { note, startSubgraphProcess, SubgraphProcess } from '../../support/processes';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { DedicatedPostgres, startDedicatedPostgres } from '../support/database';
import { FaultHub, startFaultHub } from '../support/fault-hub';
import { REPORT, ReportLoad } from '../support/load';

/**
 * The exchange log (issue 18) through a statuses SIGKILL and a PostgreSQL restart, on a database
 * of its own: every acknowledged report has exactly one leaf, the leaves are numbered without a
 * gap, and the whole log verifies offline (each head signed, each extending the one before).
 */
let pg: DedicatedPostgres;
let statuses: SubgraphProcess;
let port: number;
let hub: FaultHub;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const LOG_ENV = { LOG_STH_SECONDS: '1' };

beforeAll(async () => {
  pg = await startDedicatedPostgres();
  port = await freePort();
  statuses = await startSubgraphProcess('statuses', { port, databaseUrl: pg.url, env: LOG_ENV });
  hub = await startFaultHub({ databaseUrl: pg.url, statusesUrls: [statuses.url] });
}, 120_000);

afterAll(async () => {
  await statuses?.kill('SIGKILL');
  await hub?.stop().catch(() => undefined);
  await pg?.destroy();
});

const send = (input: Record<string, unknown>) => hub.query(REPORT, { input }, provider);

/** Waits until the sequencer has taken every leaf and signed a head over all of them. */
async function settled(): Promise<number> {
  return eventually(async () => {
    const [row] = await hub.dataSource.query('SELECT (SELECT count(*) FROM log_leaf_pending)::int AS pending, (SELECT count(*) FROM log_leaf)::int AS leaves, (SELECT max(idx) + 1 FROM log_leaf)::int AS size, (SELECT tree_size FROM log_tree_head ORDER BY id DESC LIMIT 1)::int AS head');
    return row.pending === 0 && row.head === row.leaves && row.size === row.leaves && row.leaves;
  }, 60_000, 200);
}

/** Every acknowledged report has exactly one leaf, and the whole log verifies. */
async function expectEveryReportLogged(load: ReportLoad): Promise<void> {
  const size = await settled();
  const ids = load.acknowledged.map((a) => a.recordId);
  const [{ logged, distinct }] = await hub.dataSource.query("SELECT count(*)::int AS logged, count(DISTINCT source_key)::int AS distinct FROM log_leaf WHERE source_table = 'stage_record' AND source_key = ANY($1::text[])", [ids]);
  expect({ logged, distinct }).toEqual({ logged: ids.length, distinct: ids.length });
  // every stage recorded at all (acknowledged or not: a report committed before the kill) has its leaf
  const [{ unlogged }] = await hub.dataSource.query("SELECT count(*)::int AS unlogged FROM stage_record s WHERE NOT EXISTS (SELECT 1 FROM log_leaf l WHERE l.source_table = 'stage_record' AND l.source_key = s.id::text)");
  expect(unlogged).toBe(0);
  const verdict = await verifyFrom({ databaseUrl: pg.url }, path.join(process.env.TEST_PKI_DIR!, 'demo', 'hub.pem'));
  expect(verdict.problems).toEqual([]);
  expect(verdict.leaves).toBe(size);
}

it('logs every acknowledged report once, without a gap, when statuses is SIGKILLed under load', async () => {
  const load = new ReportLoad(send, { concurrency: 4 });
  load.start();
  try {
    await eventually(async () => load.acknowledged.length >= 30, 60_000, 50);
    await statuses.kill('SIGKILL');
    const before = load.acknowledged.length;
    statuses = await startSubgraphProcess('statuses', { port, databaseUrl: pg.url, env: LOG_ENV });
    await eventually(async () => load.acknowledged.length >= before + 30, 60_000, 50);
  } finally {
    await load.stop();
  }
  await expectEveryReportLogged(load);
  note('exchange-log-kill', { acknowledged: load.acknowledged.length, refused: load.refused.length });
}, 240_000);

it('logs every acknowledged report once, without a gap, across a PostgreSQL restart, and the heads after it extend those before', async () => {
  const headsBefore = await settled();
  const load = new ReportLoad(send, { concurrency: 4 });
  load.start();
  try {
    await eventually(async () => load.acknowledged.length >= 20, 60_000, 50);
    await pg.stop();
    await new Promise((r) => setTimeout(r, 1000));
    await pg.start();
    const before = load.acknowledged.length;
    await eventually(async () => load.acknowledged.length >= before + 20, 90_000, 100);
  } finally {
    await load.stop();
  }
  await expectEveryReportLogged(load);
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  const { rows: [{ sizes }] } = await client.query('SELECT array_agg(tree_size ORDER BY id)::int[] AS sizes FROM log_tree_head');
  await client.end();
  expect(sizes.some((s: number) => s > headsBefore)).toBe(true);
  note('exchange-log-postgres', { acknowledged: load.acknowledged.length, refused: load.refused.length, heads: sizes.length });
}, 240_000);
