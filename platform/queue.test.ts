import { DataSource } from 'typeorm';
import PgBoss from 'pg-boss';
import { completeJobs, createQueue, DELIVERY_QUEUE, enqueueDelivery } from './queue';

/**
 * A delivery's job is completed in the transaction that records what came of it: should that
 * transaction roll back, the job must still be there to be handed out again, or the request
 * would never be delivered (nor dead-lettered).
 */
let dataSource: DataSource;
let boss: PgBoss;
const delivery = { expireSeconds: 60, maintenanceSeconds: 30 };
// a row id of its own, so that no worker of another test file takes this job as a delivery
const messageRowId = '00000000-0000-4000-8000-0000000000a1';

beforeAll(async () => {
  dataSource = new DataSource({ type: 'postgres', url: process.env.TEST_DATABASE_URL!, applicationName: 'qyzmet-test-queue' });
  await dataSource.initialize();
  boss = createQueue(process.env.TEST_DATABASE_URL!, delivery, { supervise: false });
  boss.on('error', () => undefined);
  await boss.start();
});

afterAll(async () => {
  await boss?.stop({ graceful: false, close: true, wait: false });
  await dataSource?.destroy();
});

const stateOf = async (id: string): Promise<string> => (await dataSource.query('SELECT state FROM pgboss.job WHERE name = $1 AND id = $2', [DELIVERY_QUEUE, id]))[0].state;

it('completes jobs only if the caller\'s transaction commits', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    await dataSource.transaction((m) => enqueueDelivery(boss, m, { messageRowId, requestId: `queue-test-${i}` }, delivery));
  }
  const [{ id: first }, { id: second }] = await dataSource.query(`SELECT id FROM pgboss.job WHERE name = $1 AND data->>'messageRowId' = $2 ORDER BY created_on`, [DELIVERY_QUEUE, messageRowId]);
  ids.push(first, second);
  // taken as a worker takes them (state active), without a fetch that another test's worker could race
  await dataSource.query(`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE name = $1 AND id = ANY($2)`, [DELIVERY_QUEUE, ids]);

  await expect(dataSource.transaction(async (m) => {
    await completeJobs(boss, m, ids);
    throw new Error('the recording failed');
  })).rejects.toThrow('the recording failed');
  expect([await stateOf(first), await stateOf(second)]).toEqual(['active', 'active']);

  await dataSource.transaction((m) => completeJobs(boss, m, ids));
  expect([await stateOf(first), await stateOf(second)]).toEqual(['completed', 'completed']);
});
