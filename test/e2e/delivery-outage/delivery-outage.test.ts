import { ProviderStand } from '../../../provider-stand/stand';
import { eventually, operatorToken, routeProviderTo, signedSubmission, SUBMIT } from '../../support/applications';
import { expectDeliveredOnceAfterOutage } from '../../support/delivery';
import { startHub, TestHub } from '../../support/hub';
import { demoSigners } from '../../support/reports';
import { JUSTICE_BIN } from '../../support/tokens';

const COUNT = 500;

let hub: TestHub;
let stand: ProviderStand;

beforeAll(async () => {
  // retries at most every 2 s, as a provider outage in production would see them every few minutes
  hub = await startHub({ delivery: { retryMaxSeconds: 2 } });
  stand = await new ProviderStand({ signers: demoSigners() }).start();
  await routeProviderTo(hub.dataSource, JUSTICE_BIN, stand.endpointFor(JUSTICE_BIN));
});

afterAll(async () => {
  await stand?.stop();
  await hub?.stop();
});

/** Runs the tasks with at most `width` at a time. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  }));
  return results;
}

it(`delivers all ${COUNT} applications submitted while the provider's system was down, each once, after it came back`, async () => {
  await stand.goDown();
  const token = operatorToken();
  const submitted = await inParallel(Array.from({ length: COUNT }, () => async () => {
    const r = await hub.query(SUBMIT, { input: signedSubmission() }, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.submitApplication.application as { id: string; number: string };
  }), 16);
  const ids = submitted.map((a) => a.id);

  // every request has failed at least once while the provider was down, and nothing reached it
  await eventually(async () => {
    const [{ n }] = await hub.dataSource.query(`SELECT count(DISTINCT a.message_id)::int AS n FROM delivery_attempt a JOIN exchange_message m ON m.id = a.message_id WHERE m.application_id = ANY($1) AND a.outcome = 'FAILED'`, [ids]);
    return n === COUNT;
  }, 60_000, 250);
  expect(stand.received.size).toBe(0);

  const backAt = new Date();
  await stand.comeBack();
  await eventually(async () => {
    const [{ n }] = await hub.dataSource.query(`SELECT count(*)::int AS n FROM exchange_message WHERE application_id = ANY($1) AND outcome = 'DELIVERED'`, [ids]);
    return n === COUNT;
  }, 60_000, 250);

  // exactly once: the provider took each message id once, and the hub recorded one delivery each
  await expectDeliveredOnceAfterOutage(hub.dataSource, stand, ids, backAt);
}, 180_000);
