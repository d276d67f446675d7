import { Client } from 'pg';
import { SUBMIT, operatorToken, signedSubmission } from '../../support/applications';
import { startHub, TestHub } from '../../support/hub';
import { followUp, registration, REPORT_STAGE, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { STAGE_EVENTS_CHANNEL } from '../../../subgraphs/statuses/stage-events';

/**
 * A provider whose answer was lost may resend a report with the same message id; a system that
 * retries on a timeout may do so while the first is still being recorded. Every copy must get the
 * original record back, however they interleave (README: "Resending a message id returns the
 * original record and publishes nothing").
 */
let hub: TestHub;
let listener: Client;
const notifications: string[] = [];
const provider = tokenFor('provider', { bin: JUSTICE_BIN });

beforeAll(async () => {
  hub = await startHub();
  listener = new Client({ connectionString: hub.databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => { if (n.channel === STAGE_EVENTS_CHANNEL) notifications.push(n.payload ?? ''); });
  await listener.query(`LISTEN ${STAGE_EVENTS_CHANNEL}`);
});

afterAll(async () => {
  await listener?.end();
  await hub?.stop();
});

const report = (input: Record<string, unknown>) => hub.query(REPORT_STAGE, { input }, provider);

/** Sends the same signed report `copies` times at once; returns the answers and the events published meanwhile. */
async function sendConcurrently(input: Record<string, unknown>, copies: number) {
  const signedInput = signed(input);
  // the notifications of earlier reports have all arrived once a query round-trip on the listener is done
  await listener.query('SELECT 1');
  const before = notifications.length;
  const answers = await Promise.all(Array.from({ length: copies }, () => report(signedInput)));
  await listener.query('SELECT 1');
  // a NOTIFY is delivered on commit; give a late one a moment to arrive before counting
  await new Promise((r) => setTimeout(r, 300));
  return { answers, published: notifications.slice(before) };
}

async function expectRecordedOnce(input: Record<string, unknown>, copies: number) {
  const { answers, published } = await sendConcurrently(input, copies);
  for (const a of answers) expect(a.errors).toBeUndefined();
  const receipts = answers.map((a) => a.data.reportStage);
  expect(receipts.filter((r) => r.duplicate === false)).toHaveLength(1);
  expect(receipts.filter((r) => r.duplicate === true)).toHaveLength(copies - 1);
  expect(new Set(receipts.map((r) => r.record.id)).size).toBe(1);
  expect(new Set(receipts.map((r) => r.record.receivedAt)).size).toBe(1);
  const [{ records }] = await hub.dataSource.query('SELECT count(*)::int AS records FROM stage_record WHERE provider_bin = $1 AND message_id = $2', [JUSTICE_BIN, input.messageId]);
  expect(records).toBe(1);
  const [{ refusals }] = await hub.dataSource.query('SELECT count(*)::int AS refusals FROM message_refusal WHERE message_id = $1', [input.messageId]);
  expect(refusals).toBe(0);
  const [{ journalled }] = await hub.dataSource.query(`SELECT count(*)::int AS journalled FROM exchange_message WHERE direction = 'IN' AND counterpart_bin = $1 AND message_id = $2`, [JUSTICE_BIN, input.messageId]);
  expect(journalled).toBe(1);
  expect(published).toEqual([receipts[0].record.cursor]);
  return receipts[0].record;
}

describe('the same signed stage report sent several times at once', () => {
  it.each([4, 8])('records a later stage once when %i copies arrive together, and answers every other copy with the original as a duplicate', async (copies) => {
    const first = registration();
    expect((await report(signed(first))).errors).toBeUndefined();
    const record = await expectRecordedOnce(followUp(first.applicationNumber as string, 'SENT_FOR_EXECUTION', '2024-05-02T11:00:00+05:00'), copies);
    expect(record.stage).toBe('SENT_FOR_EXECUTION');
  });

  it.each([4, 8])('registers a new request once when %i copies of its first report arrive together', async (copies) => {
    const first = registration();
    const record = await expectRecordedOnce(first, copies);
    expect(record.application.number).toBe(first.applicationNumber);
    const [{ applications }] = await hub.dataSource.query('SELECT count(*)::int AS applications FROM application WHERE provider_bin = $1 AND number = $2', [JUSTICE_BIN, first.applicationNumber]);
    expect(applications).toBe(1);
  });
});

describe('the same signed submission sent several times at once', () => {
  it.each([4, 8])('registers one application when %i copies arrive together, and answers every copy with it', async (copies) => {
    const input = signedSubmission();
    const answers = await Promise.all(Array.from({ length: copies }, () => hub.query(SUBMIT, { input }, operatorToken())));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const receipts = answers.map((a) => a.data.submitApplication);
    expect(receipts.filter((r) => r.duplicate === false)).toHaveLength(1);
    expect(new Set(receipts.map((r) => r.application.id)).size).toBe(1);
    const [{ submissions }] = await hub.dataSource.query('SELECT count(*)::int AS submissions FROM submission WHERE message_id = $1', [input.messageId]);
    expect(submissions).toBe(1);
    const [{ requests }] = await hub.dataSource.query(`SELECT count(*)::int AS requests FROM exchange_message WHERE application_id = $1 AND direction = 'OUT'`, [receipts[0].application.id]);
    expect(requests).toBe(1);
  });
});
