import { ProviderStand } from '../../../provider-stand/stand';
import { allDelivered, expectDeliveredOnceAfterOutage, submitWhileProviderDown } from '../../support/delivery';
import { eventually, operatorToken, routeProviderTo, signedSubmission, SUBMIT } from '../../support/applications';
import { startHub, TestHub } from '../../support/hub';
import { demoSigners } from '../../support/reports';
import { JUSTICE_BIN } from '../../support/tokens';

/**
 * A provider's system down for longer than a message's attempts would last, with production-like
 * retry settings: few attempts, backoff capped at 600 s. Undelivered messages wait and are resent
 * after the outage (exchange rules); only the provider's own refusal, or a message older than
 * DELIVERY_MAX_AGE_SECONDS, is dead-lettered.
 */
const MAX_ATTEMPTS = 3;
/** how often the hub probes an unreachable provider here (DELIVERY_PROBE_SECONDS) */
const PROBE_SECONDS = 1;
const COUNT = 40;

let hub: TestHub;
let stand: ProviderStand;

beforeAll(async () => {
  hub = await startHub({ delivery: { maxAttempts: MAX_ATTEMPTS, retryBaseSeconds: 0.2, retryMaxSeconds: 600, probeSeconds: PROBE_SECONDS } });
  stand = await new ProviderStand({ signers: demoSigners() }).start();
  await routeProviderTo(hub.dataSource, JUSTICE_BIN, stand.endpointFor(JUSTICE_BIN));
});

afterAll(async () => {
  await stand?.stop();
  await hub?.stop();
});

async function submit(): Promise<string> {
  const r = await hub.query(SUBMIT, { input: signedSubmission() }, operatorToken());
  expect(r.errors).toBeUndefined();
  return r.data.submitApplication.application.id;
}

const requestOf = async (applicationId: string): Promise<{ id: string; message_id: string; outcome: string; attempts: number; error_code: string | null; delivered_at: Date | null }> => (await hub.dataSource.query(
  `SELECT id, message_id, outcome, attempts, error_code, delivered_at FROM exchange_message WHERE application_id = $1 AND direction = 'OUT'`, [applicationId]))[0];

it('does not dead-letter a request whose provider stays unreachable for more than DELIVERY_MAX_ATTEMPTS attempts, and delivers it once when the provider is back', async () => {
  await stand.goDown();
  const id = await submit();
  // more attempts than DELIVERY_MAX_ATTEMPTS, or (the defect) dead-lettered after them
  const waiting = await eventually(async () => { const r = await requestOf(id); return (r.attempts > MAX_ATTEMPTS + 1 || r.outcome === 'DEAD') && r; }, 60_000, 100);
  expect(waiting).toMatchObject({ outcome: 'RETRYING', error_code: 'PROVIDER_UNREACHABLE' });

  await stand.comeBack();
  await eventually(async () => (await requestOf(id)).outcome === 'DELIVERED', 60_000, 100);
  const request = await requestOf(id);
  expect(stand.accepted.filter((m) => m.messageId === request.message_id)).toHaveLength(1);
}, 120_000);

it('dead-letters a request whose provider is still unreachable once it is older than DELIVERY_MAX_AGE_SECONDS', async () => {
  await stand.goDown();
  const id = await submit();
  await eventually(async () => (await requestOf(id)).attempts >= 1, 30_000, 100);
  // the request has waited a week (the default maximum age) by now
  await hub.dataSource.query(`UPDATE exchange_message SET created_at = created_at - interval '8 days' WHERE application_id = $1 AND direction = 'OUT'`, [id]);
  await eventually(async () => (await requestOf(id)).outcome === 'DEAD', 60_000, 100);
  expect(await requestOf(id)).toMatchObject({ error_code: 'PROVIDER_UNREACHABLE' });
  await stand.comeBack();
}, 120_000);

it('still dead-letters at once a request the provider rejects', async () => {
  stand.mode = 'reject';
  try {
    const id = await submit();
    await eventually(async () => (await requestOf(id)).outcome === 'DEAD', 30_000, 100);
    expect(await requestOf(id)).toMatchObject({ attempts: 1, error_code: 'PROVIDER_REJECTED' });
  } finally {
    stand.mode = 'normal';
  }
}, 60_000);

it(`delivers all ${COUNT} requests within seconds of the provider's return after an outage longer than their attempts would last, each once, none dead-lettered`, async () => {
  // a provider's stand of its own, so that it has seen only these requests
  await stand.stop();
  stand = await new ProviderStand({ signers: demoSigners() }).start();
  await routeProviderTo(hub.dataSource, JUSTICE_BIN, stand.endpointFor(JUSTICE_BIN));
  const ids = await submitWhileProviderDown(hub, stand, COUNT, 8);
  // down for longer than DELIVERY_MAX_ATTEMPTS attempts with this backoff would last (0.2 s, 0.4 s: under a second)
  const downSince = Date.now();
  await eventually(async () => Date.now() - downSince > 15_000, 30_000, 500);
  const [{ dead }] = await hub.dataSource.query(`SELECT count(*)::int AS dead FROM exchange_message WHERE application_id = ANY($1) AND direction = 'OUT' AND outcome = 'DEAD'`, [ids]);
  expect(dead).toBe(0);
  // the messages wait behind the provider's circuit: one probe per second, not each message's own retries
  const [{ failed }] = await hub.dataSource.query(`SELECT count(*)::int AS failed FROM delivery_attempt a JOIN exchange_message m ON m.id = a.message_id WHERE m.application_id = ANY($1) AND a.outcome = 'FAILED'`, [ids]);
  const downSeconds = (Date.now() - downSince) / 1000;
  expect(failed).toBeLessThanOrEqual(COUNT + (downSeconds + 15) / PROBE_SECONDS);

  const backAt = new Date();
  await stand.comeBack();
  await allDelivered(hub.dataSource, ids, 120_000);

  const messages = await expectDeliveredOnceAfterOutage(hub.dataSource, stand, ids, backAt);
  // noticed by the next probe, and the whole queue released at once: every delivery recorded within
  // a few seconds of the return (the hub's own record of when each was delivered)
  const lagSeconds = Math.max(...messages.map((m) => m.delivered_at.getTime() - backAt.getTime())) / 1000;
  // delivered in batches, but each request's delivery time is its own POST's answer, not the batch's
  expect(new Set(messages.map((m) => m.delivered_at.getTime())).size).toBeGreaterThan(COUNT / 2);
  expect(lagSeconds).toBeLessThan(PROBE_SECONDS + 8);
  console.log(`delivery-long-outage: ${COUNT} requests, ${failed} failed attempts in ${downSeconds.toFixed(1)} s down, last delivered ${lagSeconds.toFixed(2)} s after the return`);
}, 240_000);
