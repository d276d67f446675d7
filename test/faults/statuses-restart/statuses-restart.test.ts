import { eventually } from '../../support/applications';
import { freePort } from '../../support/global-setup';
import { registration, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { FaultHub, startFaultHub } from '../support/fault-hub';
import { REPORT, ReportLoad, sendReport, storedMessageIds } from '../support/load';
import { note, startSubgraphProcess, SubgraphProcess } from '../../support/processes';
import { EventFilter, owedCursors } from '../support/owed';
import { ResumingSubscriber, untilSubscribed } from '../support/subscriber';

/**
 * Two statuses instances, each behind a gateway of its own. The first is stopped (SIGTERM) and
 * started again on the same port while reports keep coming through the second; subscribers on
 * the first resume from their cursors.
 */
let hub: FaultHub;
let restarted: SubgraphProcess;
let steady: SubgraphProcess;
let port: number;
const databaseUrl = () => process.env.TEST_DATABASE_URL!;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const contactCentre = tokenFor('contact_centre');
const RESTARTED = 0;
const STEADY = 1;

beforeAll(async () => {
  port = await freePort();
  const steadyPort = await freePort();
  [restarted, steady] = await Promise.all([
    startSubgraphProcess('statuses', { port, databaseUrl: databaseUrl() }),
    startSubgraphProcess('statuses', { port: steadyPort, databaseUrl: databaseUrl() }),
  ]);
  hub = await startFaultHub({ databaseUrl: databaseUrl(), statusesUrls: [restarted.url, steady.url] });
}, 90_000);

afterAll(async () => {
  await Promise.all([restarted?.kill('SIGKILL'), steady?.kill('SIGKILL')]);
  await hub?.stop();
});

type Filter = EventFilter;

/** The events a subscriber with this filter is owed after `from`, in stream order, from the database. */
const owed = (filter: Filter, from: string) => owedCursors(hub.dataSource, filter, from);

it('resumes subscribers from their cursors across a statuses restart: every event once, in order, including those made while it was down', async () => {
  const byProvider: Filter = { providerBin: JUSTICE_BIN };
  const byService: Filter = { serviceCode: 'RE-RIGHTS' };
  const subscribers = [
    { name: 'provider filter, restarted instance', filter: byProvider, gateway: RESTARTED },
    { name: 'service filter, restarted instance', filter: byService, gateway: RESTARTED },
    { name: 'provider filter, steady instance (control)', filter: byProvider, gateway: STEADY },
  ].map((s) => ({ ...s, subscriber: new ResumingSubscriber(hub.wsClient(contactCentre, s.gateway), s.filter) }));
  for (const { subscriber } of subscribers) subscriber.start();
  const sendVia = (gateway: number) => (input: Record<string, unknown>) => hub.query(REPORT, { input }, provider, gateway);
  await untilSubscribed(subscribers.map((s) => s.subscriber), async () => {
    const r = await sendReport(sendVia(RESTARTED), signed(registration({ serviceCode: 'RE-RIGHTS' })));
    if (!('ok' in r)) throw new Error(r.refused.message);
    return r.ok.cursor;
  });
  const firstCursors = subscribers.map((s) => s.subscriber.events[0].cursor);

  // reports all along through each instance, of two services
  const services = ['CRIM-CERT', 'RE-RIGHTS'];
  const throughRestarted = new ReportLoad(sendVia(RESTARTED), { concurrency: 1, services, pauseMs: 30 });
  const throughSteady = new ReportLoad(sendVia(STEADY), { concurrency: 1, services, pauseMs: 30 });
  throughRestarted.start();
  throughSteady.start();
  let whileDown = 0;
  try {
    await eventually(async () => throughRestarted.acknowledged.length >= 10 && throughSteady.acknowledged.length >= 10, 60_000, 50);

    await restarted.kill('SIGTERM');
    // reports while it is down, through the other instance
    const steadyBefore = throughSteady.acknowledged.length;
    await eventually(async () => throughSteady.acknowledged.length >= steadyBefore + 10, 60_000, 50);
    whileDown = throughSteady.acknowledged.length - steadyBefore;

    restarted = await startSubgraphProcess('statuses', { port, databaseUrl: databaseUrl() });
    // and directly after the restart, through both
    const [a, b] = [throughRestarted.acknowledged.length, throughSteady.acknowledged.length];
    await eventually(async () => throughRestarted.acknowledged.length >= a + 10 && throughSteady.acknowledged.length >= b + 10, 60_000, 50);
  } finally {
    await Promise.all([throughRestarted.stop(), throughSteady.stop()]);
  }
  const acknowledged = [...throughRestarted.acknowledged, ...throughSteady.acknowledged];
  expect(await storedMessageIds(hub.dataSource, JUSTICE_BIN, acknowledged.map((a) => a.messageId))).toHaveLength(acknowledged.length);

  // a last report, and every subscriber has everything up to it
  const last = await sendReport(sendVia(RESTARTED), signed(registration({ serviceCode: 'RE-RIGHTS' })));
  if (!('ok' in last)) throw new Error(last.refused.message);
  for (const { name, subscriber } of subscribers) await subscriber.until((events) => events.some((e) => e.cursor === last.ok.cursor), 60_000, name);
  await new Promise((r) => setTimeout(r, 500)); // a repeat would arrive now
  for (const { subscriber } of subscribers) subscriber.stop();

  for (const [i, { name, filter, subscriber, gateway }] of subscribers.entries()) {
    const received = subscriber.events.map((e) => e.cursor);
    // exactly the events owed, each once, in order
    expect({ name, received }).toEqual({ name, received: [firstCursors[i], ...(await owed(filter, firstCursors[i]))] });
    // every acknowledged report of its filter among them
    const mine = acknowledged.filter((a) => !filter.serviceCode || a.serviceCode === filter.serviceCode).map((a) => a.cursor);
    expect(mine.filter((c) => !received.includes(c))).toEqual([]);
    expect([...subscriber.eventErrors]).toEqual([]);
    if (gateway === RESTARTED) {
      // it went through the restart: told the subgraph was unavailable, and resumed from its cursor
      expect(subscriber.interruptions).toContain('SUBGRAPH_UNAVAILABLE');
      expect(subscriber.resumed).toBeGreaterThan(0);
    } else {
      expect({ name, interruptions: subscriber.interruptions, resumed: subscriber.resumed }).toEqual({ name, interruptions: [], resumed: 0 });
    }
  }
  // the restarted instance refused reports while it was down, as unavailable
  expect(throughRestarted.refused.length).toBeGreaterThan(0);
  expect(new Set(throughRestarted.refused.flatMap((r) => r.codes))).toEqual(new Set(['SUBGRAPH_UNAVAILABLE']));
  note('statuses-restart', {
    acknowledged: acknowledged.length, acknowledgedThroughSteadyWhileDown: whileDown, refusedByRestarted: throughRestarted.refused.length,
    subscribers: subscribers.map((s) => ({ name: s.name, events: s.subscriber.events.length, resumed: s.subscriber.resumed, interruptions: new Set(s.subscriber.interruptions).size })),
  });
}, 300_000);
