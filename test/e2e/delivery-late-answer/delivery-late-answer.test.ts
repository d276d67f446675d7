import { ProviderStand } from '../../../provider-stand/stand';
import { eventually, operatorToken, routeProviderTo, signedSubmission, SUBMIT } from '../../support/applications';
import { startHub, TEST_DELIVERY, TestHub } from '../../support/hub';
import { demoSigners, followUp, REPORT_STAGE, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';

/**
 * A provider's system that answers after the hub's delivery timeout (2 s in the test hub) has
 * taken the request all the same: it goes on to report "accepted into work" while the hub still
 * retries. The retry that finally gets an answer must settle the request, not leave it stuck.
 */
// enough for the attempts that time out while the provider is slow (about one per 2-3 s for 12 s), few enough to run out quickly
const MAX_ATTEMPTS = 12;

let hub: TestHub;
let stand: ProviderStand;

beforeAll(async () => {
  hub = await startHub({ delivery: { maxAttempts: MAX_ATTEMPTS } });
  stand = await new ProviderStand({
    signers: demoSigners(),
    hub: { url: hub.gateways[0].url, tokenFor: (bin) => tokenFor('provider', { bin }) },
    processing: { acceptAfterMs: 200, resultAfterMs: 600_000 },
  }).start();
  await routeProviderTo(hub.dataSource, JUSTICE_BIN, stand.endpointFor(JUSTICE_BIN));
});

afterAll(async () => {
  await stand?.stop();
  await hub?.stop();
});

async function submit(): Promise<{ id: string; number: string }> {
  const r = await hub.query(SUBMIT, { input: signedSubmission() }, operatorToken());
  expect(r.errors).toBeUndefined();
  return r.data.submitApplication.application;
}

/** A fault only this request's delivery meets: the hub cannot record its "sent for execution". Gives back the repair. */
async function refuseRecordingDeliveryOf(applicationId: string): Promise<() => Promise<unknown>> {
  await hub.dataSource.query(`
    CREATE OR REPLACE FUNCTION test_refuse_sent_stage() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.stage = 2 AND NEW.application_id = '${applicationId}' THEN RAISE EXCEPTION 'test fault: cannot record this delivery'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER test_refuse_sent_stage BEFORE INSERT ON stage_record FOR EACH ROW EXECUTE FUNCTION test_refuse_sent_stage();`);
  return () => hub.dataSource.query('DROP TRIGGER test_refuse_sent_stage ON stage_record; DROP FUNCTION test_refuse_sent_stage()');
}

const requestOf = async (applicationId: string) => (await hub.dataSource.query(
  `SELECT id, message_id, outcome, attempts, sent_at, delivered_at, error_code FROM exchange_message WHERE application_id = $1 AND direction = 'OUT'`, [applicationId]))[0];
const timelineOf = (applicationId: string): Promise<{ stage: number; occurred_at: Date }[]> =>
  hub.dataSource.query('SELECT stage, occurred_at FROM stage_record WHERE application_id = $1 ORDER BY occurred_at, stage', [applicationId]);
const attemptsOf = (messageRowId: string): Promise<{ attempt: number; started_at: Date; outcome: string; error_code: string | null }[]> =>
  hub.dataSource.query('SELECT attempt, started_at, outcome, error_code FROM delivery_attempt WHERE message_id = $1 ORDER BY attempt', [messageRowId]);

it('settles a request whose provider answered after the timeout and reported "accepted into work" before the retry got through', async () => {
  stand.mode = 'slow';
  stand.slowMs = 12_000;
  const app = await submit();
  // the provider took the first attempt (its answer came too late) and took the request into work
  await eventually(async () => (await timelineOf(app.id)).some((s) => s.stage === 3), 40_000, 200);
  stand.mode = 'normal';

  await eventually(async () => (await requestOf(app.id)).outcome === 'DELIVERED', 20_000, 200);
  const request = await requestOf(app.id);
  const attempts = await attemptsOf(request.id);
  expect(attempts[0]).toMatchObject({ attempt: 1, outcome: 'FAILED', error_code: 'PROVIDER_TIMEOUT' });
  expect(attempts.at(-1)!.outcome).toBe('DELIVERED');

  // "sent for execution" is dated when the request was first handed over, before the provider's own stage
  const timeline = await timelineOf(app.id);
  expect(timeline.map((s) => s.stage)).toEqual([1, 2, 3]);
  expect(timeline[1].occurred_at.getTime()).toBe(attempts[0].started_at.getTime());
  expect(request.sent_at.getTime()).toBe(attempts[0].started_at.getTime());

  // and it is settled: the job is done, and the request is not posted again (every post is an attempt in the journal first)
  await new Promise((r) => setTimeout(r, (TEST_DELIVERY.expireSeconds + TEST_DELIVERY.maintenanceSeconds) * 1000 * 2));
  expect((await requestOf(app.id)).attempts).toBe(attempts.length);
  expect(await attemptsOf(request.id)).toHaveLength(attempts.length);
  const [{ open }] = await hub.dataSource.query(`SELECT count(*)::int AS open FROM pgboss.job WHERE data->>'messageRowId' = $1 AND state IN ('created', 'retry', 'active')`, [request.id]);
  expect(open).toBe(0);
  expect(stand.processingErrors).toEqual([]);
}, 120_000);

it('counts an attempt whose delivery cannot be recorded as failed, and dead-letters the request after the last attempt', async () => {
  const app = await submit();
  const repair = await refuseRecordingDeliveryOf(app.id);
  try {
    await eventually(async () => (await requestOf(app.id)).outcome === 'DEAD', 60_000, 200);
  } finally {
    await repair();
  }
  const request = await requestOf(app.id);
  expect(request).toMatchObject({ attempts: MAX_ATTEMPTS, error_code: 'DELIVERY_NOT_RECORDED' });
  const attempts = await attemptsOf(request.id);
  expect(attempts).toHaveLength(MAX_ATTEMPTS);
  for (const a of attempts) expect(a).toMatchObject({ outcome: 'FAILED', error_code: 'DELIVERY_NOT_RECORDED' });
  // the provider did take it (and reported "accepted into work"), but no "sent for execution" was recorded
  expect((await timelineOf(app.id)).map((s) => s.stage)).not.toContain(2);
}, 120_000);

it('places "sent for execution" no later than a stage the provider reported before the delivery was recorded', async () => {
  await stand.goDown();
  const app = await submit();
  const request = await eventually(async () => { const r = await requestOf(app.id); return r.attempts >= 1 && r.outcome === 'RETRYING' && r; }, 20_000, 100);
  // the provider has the request by some other way, or its clock is behind the hub's: it reports a stage dated before the hub's handover
  const intoWork = await hub.query(REPORT_STAGE, { input: signed(followUp(app.number, 'ACCEPTED_INTO_WORK', new Date().toISOString(), { executor: 'Ахметова Д.' })) }, tokenFor('provider', { bin: JUSTICE_BIN }));
  expect(intoWork.errors).toBeUndefined();
  await new Promise((r) => setTimeout(r, 1500));
  await stand.comeBack();

  await eventually(async () => (await requestOf(app.id)).outcome === 'DELIVERED', 20_000, 200);
  const delivered = (await attemptsOf(request.id)).at(-1)!;
  expect(delivered.outcome).toBe('DELIVERED');
  const timeline = await timelineOf(app.id);
  expect(timeline.map((s) => s.stage)).toEqual([1, 2, 3]);
  expect(timeline[1].occurred_at.getTime()).toBe(timeline[2].occurred_at.getTime());
  expect(timeline[1].occurred_at.getTime()).toBeLessThan(delivered.started_at.getTime());
}, 120_000);

it('records the rest of a batch when one of its deliveries cannot be recorded, and that one alone is retried', async () => {
  // queued while the provider is down, so that its return releases them together, into one batch
  await stand.goDown();
  const apps: { id: string; number: string }[] = [];
  for (let i = 0; i < 6; i++) apps.push(await submit());
  await eventually(async () => {
    for (const app of apps) if ((await requestOf(app.id)).attempts < 1) return false;
    return true;
  }, 30_000, 200);
  const faulty = apps[3];
  const repair = await refuseRecordingDeliveryOf(faulty.id);
  const others = apps.filter((a) => a !== faulty);
  try {
    await stand.comeBack();
    await eventually(async () => {
      for (const app of others) if ((await requestOf(app.id)).outcome !== 'DELIVERED') return false;
      return (await requestOf(faulty.id)).error_code === 'DELIVERY_NOT_RECORDED';
    }, 30_000, 200);
    for (const app of others) expect((await timelineOf(app.id)).filter((s) => s.stage === 2)).toHaveLength(1);
    expect((await timelineOf(faulty.id)).map((s) => s.stage)).not.toContain(2);
  } finally {
    await repair();
  }
  // once it can be recorded, the retry settles it (the provider acknowledges the repeated message id)
  await eventually(async () => (await requestOf(faulty.id)).outcome === 'DELIVERED', 30_000, 200);
  expect((await timelineOf(faulty.id)).filter((s) => s.stage === 2)).toHaveLength(1);
  const ours = new Set(await Promise.all(apps.map(async (a) => (await requestOf(a.id)).message_id as string)));
  expect(new Set(stand.accepted.filter((m) => ours.has(m.messageId)).map((m) => m.messageId))).toEqual(ours);
}, 120_000);
