import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource } from '../database';
import { CURSOR_SQL, cursorOf, StageEvent, StageEventBus, STAGE_EVENTS_CHANNEL } from './stage-events';

/**
 * The LISTEN bus reads settled events, and looks again while one is held back by an older
 * transaction still running (README "Event numbering"). That older transaction may end between the
 * bus's read (the event not yet settled) and its look for what is held back: the event must still
 * be delivered, without waiting for another report's notification.
 */
const PROVIDER = '010840004568';
const url = () => process.env.TEST_DATABASE_URL!;

let dataSource: DataSource;
let bus: StageEventBus;
let blocker: Client;

beforeAll(async () => {
  dataSource = createDataSource(url(), 'stage-events-test');
  await dataSource.initialize();
  bus = new StageEventBus(dataSource, url());
  await bus.start();
});

afterAll(async () => {
  await bus?.stop();
  await blocker?.end().catch(() => undefined);
  await dataSource?.destroy();
});

/** A stage record of a new application, committed on its own and announced as a report's commit is. */
async function recordStage(): Promise<string> {
  const [signature] = await dataSource.query(`INSERT INTO signature (format, value, payload_sha256, received_at, verdict, signer_bin) VALUES ('CMS', 'x', repeat('0', 64), now(), 'VALID', $1) RETURNING id`, [PROVIDER]);
  const [app] = await dataSource.query(
    `INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance, accepted_at, registered_at, planned_date, current_stage, channel)
     VALUES ($1, $2, 'Ищенко', 'Ольга', '900101300126', 'LAND-PLOT', 'Акимат', now(), now(), current_date, 1, 'PROVIDER') RETURNING id`,
    [PROVIDER, `EVT-${randomUUID()}`]);
  const [record] = await dataSource.query(
    `INSERT INTO stage_record (application_id, stage, occurred_at, received_at, provider_bin, message_id, report, signature_id, reported_by) VALUES ($1, 1, now(), now(), $2, $3, '{}', $4, 'test') RETURNING id`,
    [app.id, PROVIDER, randomUUID(), signature.id]);
  await dataSource.query('SELECT pg_notify($1, $2)', [STAGE_EVENTS_CHANNEL, 'new']);
  return record.id;
}

it('delivers an event whose holding transaction ends between the read and the look for held-back events', async () => {
  // an older transaction that has written (it has an xid) and is still open holds the next record back
  blocker = new Client({ connectionString: url() });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('SELECT pg_current_xact_id()');

  // it ends just after the bus read the record as not yet settled, before the bus asks what is held back
  let ended = false;
  const query = dataSource.query.bind(dataSource);
  jest.spyOn(dataSource, 'query').mockImplementation(async (sql: string, parameters?: Parameters<DataSource["query"]>[1]) => {
    if (!ended && /FROM stage_record r WHERE/.test(sql) && /EXISTS/.test(sql)) {
      ended = true;
      await blocker.query('COMMIT');
    }
    return query(sql, parameters);
  });

  const received: string[] = [];
  const delivered = new Promise<void>((resolve) => {
    bus.subscribe((event: StageEvent) => {
      received.push(event.record.id);
      if (received.includes(id)) resolve();
    });
  });
  const id = await recordStage();
  // no other report comes to wake the bus; ten times the longest look-again delay
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([delivered, new Promise((resolve) => { timer = setTimeout(resolve, 5_000); })]);
  clearTimeout(timer);
  expect(ended).toBe(true);
  expect(received).toContain(id);
});

it('numbers an event in SQL, for the NOTIFY of its own INSERT, with the same digits as cursorOf', async () => {
  // xid8 is 64 bits: a cursor reaches 2^128, far past a float's exact integers
  const positions = [{ xid: '742', seq: '1' }, { xid: '18446744073709551615', seq: '9223372036854775807' }, { xid: '4294967296123', seq: '5000000000' }];
  for (const p of positions) {
    const [{ cursor }] = await dataSource.query(`SELECT ${CURSOR_SQL} AS cursor FROM (VALUES ($1::xid8, $2::bigint)) AS r(xid, seq)`, [p.xid, p.seq]);
    expect(cursor).toBe(cursorOf(p));
  }
});
