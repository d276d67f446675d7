import { eventually } from '../../support/applications';
import { freePort } from '../../support/global-setup';
import { note, startSubgraphProcess, SubgraphProcess } from '../../support/processes';
import { registration, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { FaultHub, startFaultHub } from '../support/fault-hub';
import { REPORT, ReportLoad, sendReport } from '../support/load';
import { CURSOR_SQL, owedCursors } from '../support/owed';
import { ResumingSubscriber, untilSubscribed } from '../support/subscriber';

/**
 * The order of stage events without a global write lock (issue 17): two statuses instances, each
 * behind a gateway of its own, take reports from 16 concurrent writers each, so that transactions
 * commit in another order than they were numbered. Subscribers on both gateways keep dropping and
 * resuming after their last cursor. Each must receive exactly the events after its first, each
 * once, in cursor order — none committed late behind a cursor it already had.
 */
let hub: FaultHub;
let instances: SubgraphProcess[] = [];
const databaseUrl = () => process.env.TEST_DATABASE_URL!;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const contactCentre = tokenFor('contact_centre');
const WRITERS_PER_INSTANCE = 16;
/** each instance takes this many reports, or as many as it can in LOAD_SECONDS on a busy machine (at least MIN_PER_INSTANCE) */
const REPORTS_PER_INSTANCE = 250;
const MIN_PER_INSTANCE = 40;
const LOAD_SECONDS = 40;

beforeAll(async () => {
  instances = await Promise.all([0, 1].map(async () => startSubgraphProcess('statuses', { port: await freePort(), databaseUrl: databaseUrl() })));
  hub = await startFaultHub({ databaseUrl: databaseUrl(), statusesUrls: instances.map((i) => i.url) });
}, 90_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.kill('SIGKILL')));
  await hub?.stop();
});

it('delivers every event once and in cursor order to subscribers that drop and resume, while two instances write concurrently', async () => {
  const sendVia = (gateway: number) => (input: Record<string, unknown>) => hub.query(REPORT, { input }, provider, gateway, 60_000);
  const subscribers = [0, 1].flatMap((gateway) => [
    { name: `gateway ${gateway}, drops and resumes`, dropping: true, subscriber: new ResumingSubscriber(hub.wsClient(contactCentre, gateway), {}) },
    { name: `gateway ${gateway}, drops and resumes (second)`, dropping: true, subscriber: new ResumingSubscriber(hub.wsClient(contactCentre, gateway), {}) },
    { name: `gateway ${gateway}, stays (live only)`, dropping: false, subscriber: new ResumingSubscriber(hub.wsClient(contactCentre, gateway), {}) },
  ]);
  for (const { subscriber } of subscribers) subscriber.start();
  await untilSubscribed(subscribers.map((s) => s.subscriber), async () => {
    const r = await sendReport(sendVia(0), signed(registration()));
    if (!('ok' in r)) throw new Error(r.refused.message);
    return r.ok.cursor;
  });
  const firstCursors = subscribers.map((s) => s.subscriber.events[0].cursor);

  const loads = [0, 1].map((gateway) => new ReportLoad(sendVia(gateway), { concurrency: WRITERS_PER_INSTANCE, services: ['CRIM-CERT', 'RE-RIGHTS'], numberPrefix: `ORD${gateway}` }));
  // while they write, the dropping subscribers leave and come back after their last cursor, each at its own pace
  // (each only once its last subscription brought something, so that on a busy machine it still moves on)
  const dropping = subscribers.filter((s) => s.dropping).map(({ subscriber }, i) => {
    let seen = subscriber.events.length;
    return setInterval(() => {
      if (subscriber.events.length === seen) return;
      seen = subscriber.events.length;
      subscriber.drop();
    }, 150 + 70 * i);
  });
  for (const load of loads) load.start();
  try {
    const until = Date.now() + LOAD_SECONDS * 1000;
    await eventually(async () => loads.every((l) => l.acknowledged.length >= REPORTS_PER_INSTANCE || (Date.now() > until && l.acknowledged.length >= MIN_PER_INSTANCE)), 150_000, 100);
  } finally {
    await Promise.all(loads.map((l) => l.stop()));
    for (const timer of dropping) clearInterval(timer);
  }
  // a report whose answer was lost on a busy machine (NO_ANSWER) may be recorded or not: the events
  // owed are read from the database below, so it counts either way; any other refusal is a fault
  expect(loads.flatMap((l) => l.refused).filter((r) => !r.codes.every((c) => c === 'NO_ANSWER'))).toEqual([]);
  const acknowledged = loads.flatMap((l) => l.acknowledged).map((a) => a.cursor);
  const newest = acknowledged.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));

  // (one that never gets there fails below, with the events it missed)
  await Promise.all(subscribers.map(({ name, subscriber }) => subscriber.until((events) => events.some((e) => e.cursor === newest), 45_000, name).catch(() => undefined)));
  await new Promise((r) => setTimeout(r, 500)); // a repeat would arrive now
  for (const { subscriber } of subscribers) subscriber.stop();

  // every subscriber checked before any fails, so that a failure shows what each one saw
  const seen = await Promise.all(subscribers.map(async ({ name, subscriber, dropping: drops }, i) => {
    const received = subscriber.events.map((e) => e.cursor);
    // none missed: exactly the events after its first, as the database holds them now that every writer is done
    const owed = new Set([firstCursors[i], ...(await owedCursors(hub.dataSource, {}, firstCursors[i]))]);
    return {
      name,
      // each event once, in cursor order
      repeated: received.filter((c, at) => received.indexOf(c) !== at),
      outOfOrder: received.filter((c, at) => at > 0 && BigInt(c) <= BigInt(received[at - 1])),
      missed: [...owed].filter((c) => !received.includes(c)),
      extra: received.filter((c) => !owed.has(c)),
      acknowledgedNotReceived: acknowledged.filter((c) => !received.includes(c)),
      errors: [...subscriber.eventErrors],
      resumedEnough: !drops || subscriber.resumed >= 3,
    };
  }));
  const clean = (name: string) => ({ name, repeated: [], outOfOrder: [], missed: [], extra: [], acknowledgedNotReceived: [], errors: [], resumedEnough: true });
  expect(seen).toEqual(subscribers.map((s) => clean(s.name)));
  // the writers did overlap: records of a later transaction numbered (seq) before those of an earlier one
  const [{ inversions }] = await hub.dataSource.query(`
    SELECT count(*) FILTER (WHERE inverted)::int AS inversions FROM (
      SELECT r.seq < lag(r.seq) OVER (ORDER BY r.xid, r.seq) AS inverted FROM stage_record r WHERE ${CURSOR_SQL}::numeric >= $1::numeric
    ) x`, [firstCursors[0]]);
  expect(inversions).toBeGreaterThan(0);
  note('event-ordering', {
    acknowledged: acknowledged.length, seqInversions: inversions,
    subscribers: subscribers.map((s) => ({ name: s.name, events: s.subscriber.events.length, resumed: s.subscriber.resumed, interruptions: s.subscriber.interruptions })),
  });
}, 300_000);
