import { ProviderStand } from '../../../provider-stand/stand';
import { eventually, operatorToken, routeProviderTo, signedSubmission, SUBMIT } from '../../support/applications';
import { freePort } from '../../support/global-setup';
import { demoSigners, registration, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { DedicatedPostgres, startDedicatedPostgres } from '../support/database';
import { FaultHub, startFaultHub } from '../support/fault-hub';
import { REPORT, ReportLoad, resendUntilAcknowledged, sendReport, storedMessageIds } from '../support/load';
import { note, startSubgraphProcess, SubgraphProcess, TEST_DELIVERY_ENV } from '../../support/processes';
import { owedCursors } from '../support/owed';
import { ResumingSubscriber, untilSubscribed } from '../support/subscriber';

/**
 * PostgreSQL restarted under the hub (its own database, so the run's shared one is untouched):
 * statuses and applications run as processes of their own and must come back by themselves.
 */
let pg: DedicatedPostgres;
let statuses: SubgraphProcess;
let applications: SubgraphProcess;
let hub: FaultHub;
let stand: ProviderStand;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const contactCentre = tokenFor('contact_centre');
// the load's reports are of this service; the hub's own stages (submissions, deliveries) are of CRIM-CERT
const SERVICE = 'RE-RIGHTS';

beforeAll(async () => {
  pg = await startDedicatedPostgres();
  const [statusesPort, applicationsPort] = [await freePort(), await freePort()];
  [statuses, applications] = await Promise.all([
    startSubgraphProcess('statuses', { port: statusesPort, databaseUrl: pg.url }),
    startSubgraphProcess('applications', { port: applicationsPort, databaseUrl: pg.url, env: TEST_DELIVERY_ENV }),
  ]);
  hub = await startFaultHub({ databaseUrl: pg.url, statusesUrls: [statuses.url], applicationsUrl: applications.url });
  stand = await new ProviderStand({ signers: demoSigners() }).start();
  await routeProviderTo(hub.dataSource, JUSTICE_BIN, stand.endpointFor(JUSTICE_BIN));
}, 120_000);

afterAll(async () => {
  await Promise.all([statuses?.kill('SIGKILL'), applications?.kill('SIGKILL')]);
  await stand?.stop();
  await hub?.stop().catch(() => undefined);
  await pg?.destroy();
});

const sendStage = (input: Record<string, unknown>) => hub.query(REPORT, { input }, provider);
const submit = async () => {
  const r = await hub.query(SUBMIT, { input: signedSubmission() }, operatorToken());
  return r.data?.submitApplication?.application?.id as string | undefined;
};
/** A report of the load's service that must be acknowledged; its cursor. */
const acknowledgedReport = async () => {
  const r = await sendReport(sendStage, signed(registration({ serviceCode: SERVICE })));
  if (!('ok' in r)) throw new Error(r.refused.message);
  return r.ok.cursor;
};
const ready = (s: SubgraphProcess) => fetch(`http://127.0.0.1:${s.port}/readyz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);
const delivered = async (ids: string[]) => {
  const rows: { message_id: string }[] = await hub.dataSource.query(`SELECT message_id FROM exchange_message WHERE application_id = ANY($1) AND direction = 'OUT' AND outcome = 'DELIVERED'`, [ids]);
  return rows.map((r) => r.message_id);
};

it('reconnects every pool, the LISTEN connection and pg-boss by itself, loses no acknowledged report and acknowledges nothing while the database is down', async () => {
  // a subscriber on statuses all along: its events come through the LISTEN connection
  const subscriber = new ResumingSubscriber(hub.wsClient(contactCentre), { serviceCode: SERVICE });
  subscriber.start();
  await untilSubscribed([subscriber], acknowledgedReport);
  const firstCursor = subscriber.events[0].cursor;

  // deliveries work before the restart
  const before = await Promise.all(Array.from({ length: 5 }, submit));
  expect(before.every(Boolean)).toBe(true);
  await eventually(async () => (await delivered(before as string[])).length === 5, 30_000, 200);

  const load = new ReportLoad(sendStage, { concurrency: 4, services: [SERVICE] });
  const whileDown: { input: Record<string, unknown>; codes: string[]; message: string }[] = [];
  let submittedWhileDown: string | undefined = 'not tried';
  load.start();
  try {
    await eventually(async () => load.acknowledged.length >= 30, 60_000, 50);
    await pg.stop(); // a fast shutdown: transactions in progress are aborted, every connection is closed

    // while it is down nothing is acknowledged: each report gets an error, coded, in the hub's own words
    for (let i = 0; i < 5; i++) {
      const result = await sendReport(sendStage, signed(registration({ serviceCode: SERVICE })));
      expect(result).not.toHaveProperty('ok');
      if ('refused' in result) whileDown.push({ input: result.refused.input, codes: result.refused.codes, message: result.refused.message });
    }
    expect(new Set(whileDown.flatMap((r) => r.codes))).toEqual(new Set(['DATABASE_UNAVAILABLE']));
    for (const refused of whileDown) expect(refused.message).not.toMatch(/ECONNREFUSED|Connection terminated|timeout exceeded|terminating connection|the database system/i);
    submittedWhileDown = await submit();
    expect(await ready(statuses)).toBe(503);
    expect(await ready(applications)).toBe(503);
    // long enough for every connection to have failed and been retried a few times
    await new Promise((r) => setTimeout(r, 3000));

    await pg.start(); // same data directory, same port
    const acknowledgedBeforeRestart = load.acknowledged.length;
    await eventually(async () => load.acknowledged.length >= acknowledgedBeforeRestart + 30, 60_000, 50);
  } finally {
    await load.stop();
  }
  expect(submittedWhileDown).toBeUndefined();
  await eventually(async () => (await ready(statuses)) === 200 && (await ready(applications)) === 200, 30_000, 200);

  // every acknowledged report is in the database
  const acknowledged = load.acknowledged;
  expect(new Set(await storedMessageIds(hub.dataSource, JUSTICE_BIN, acknowledged.map((a) => a.messageId)))).toEqual(new Set(acknowledged.map((a) => a.messageId)));
  // a report refused while the database was down was not recorded (the error was true); resent, it is
  const downIds = whileDown.map((r) => r.input.messageId as string);
  expect(await storedMessageIds(hub.dataSource, JUSTICE_BIN, downIds)).toEqual([]);
  for (const refused of whileDown) expect((await resendUntilAcknowledged(sendStage, refused.input)).duplicate).toBe(false);
  // a report refused by the load (in flight at the shutdown) may have been committed; resent, it is recorded once
  const loadRefusedIds = load.refused.map((r) => r.input.messageId as string);
  const committedAnyway = new Set(await storedMessageIds(hub.dataSource, JUSTICE_BIN, loadRefusedIds));
  for (const refused of load.refused) expect((await resendUntilAcknowledged(sendStage, refused.input)).duplicate).toBe(committedAnyway.has(refused.input.messageId as string));

  // the LISTEN connection is back: the subscriber, never disconnected, gets every report of its
  // service after the first one, live, exactly once and in order, including those made after the restart
  const cursors = await owedCursors(hub.dataSource, { serviceCode: SERVICE }, firstCursor);
  expect(cursors.length).toBeGreaterThanOrEqual(acknowledged.length);
  await subscriber.until((events) => events.length >= cursors.length + 1, 30_000, 'events after the restart');
  await new Promise((r) => setTimeout(r, 500)); // anything more (a repeat) would arrive now
  expect(subscriber.events.map((e) => e.cursor)).toEqual([firstCursor, ...cursors]);
  // events made once everything is back come whole: no error (from a fetch that failed while the database was away) rides along
  const lastReport = await acknowledgedReport();
  await subscriber.until((events) => events.some((e) => e.cursor === lastReport), 30_000, 'the last report');
  subscriber.stop();
  expect(subscriber.events.at(-1)).toEqual(expect.objectContaining({ cursor: lastReport, application: expect.objectContaining({ number: expect.any(String) }) }));
  expect(subscriber.eventErrors.get(lastReport)).toBeUndefined();
  expect({ interruptions: subscriber.interruptions, resumed: subscriber.resumed }).toEqual({ interruptions: [], resumed: 0 });

  // pg-boss is back: submissions after the restart are delivered, each once
  const after = await Promise.all(Array.from({ length: 5 }, submit));
  expect(after.every(Boolean)).toBe(true);
  await eventually(async () => (await delivered(after as string[])).length === 5, 60_000, 200);
  const messageIds = await delivered([...before, ...after] as string[]);
  expect(stand.accepted.map((m) => m.messageId).sort()).toEqual([...messageIds].sort());
  expect(stand.redelivered).toEqual([]);

  note('postgres-restart', {
    acknowledged: acknowledged.length, refusedByLoad: load.refused.length, refusedButCommitted: committedAnyway.size,
    codesWhileDown: [...new Set(whileDown.flatMap((r) => r.codes))], loadCodes: [...new Set(load.refused.flatMap((r) => r.codes))],
    messagesWhileDown: [...new Set(load.refused.map((r) => r.message.slice(0, 80)))],
    subscriberEvents: subscriber.events.length, eventsWithErrors: subscriber.eventErrors.size, subscriberInterruptions: subscriber.interruptions,
  });
}, 300_000);
