import { DataSource } from 'typeorm';
import { ProviderStand } from '../../provider-stand/stand';
import { eventually, operatorToken, signedSubmission, SUBMIT } from './applications';
import type { TestHub } from './hub';
import { ErrorCode } from '../../platform/errors';
import { UNREACHABLE_CODES } from '../../subgraphs/applications/provider-client';

export interface DeliveredMessage { message_id: string; delivered_at: Date; failed: number; sent_stages: number; failures: { code: string; detail: string; afterReturn: boolean }[] }

/**
 * Exactly once after an outage: the provider took each message id once and nothing on the wire
 * twice, and the hub recorded one delivery after the provider came back, after at least one
 * PROVIDER_UNREACHABLE attempt during the outage and no failure it would not send again, with one
 * "sent for execution" stage each.
 */
export async function expectDeliveredOnceAfterOutage(dataSource: DataSource, stand: ProviderStand, applicationIds: string[], backAt: Date): Promise<DeliveredMessage[]> {
  const messages: DeliveredMessage[] = await dataSource.query(`
    SELECT m.message_id, m.delivered_at,
      (SELECT count(*)::int FROM delivery_attempt a WHERE a.message_id = m.id AND a.outcome = 'FAILED') AS failed,
      (SELECT json_agg(json_build_object('code', a.error_code, 'detail', a.detail, 'afterReturn', a.started_at >= $2) ORDER BY a.attempt) FROM delivery_attempt a WHERE a.message_id = m.id AND a.outcome = 'FAILED') AS failures,
      (SELECT count(*)::int FROM stage_record s WHERE s.application_id = m.application_id AND s.stage = 2) AS sent_stages
    FROM exchange_message m WHERE m.application_id = ANY($1) AND m.direction = 'OUT'`, [applicationIds, backAt]);
  expect(messages).toHaveLength(applicationIds.length);
  // (the run shares one database: a request an earlier test file left queued for the same provider
  // may reach this stand too, so only these applications' messages are counted)
  const ours = new Set(messages.map((m) => m.message_id));
  const accepted = stand.accepted.filter((m) => ours.has(m.messageId));
  expect(accepted).toHaveLength(applicationIds.length);
  expect(new Set(accepted.map((m) => m.messageId))).toEqual(ours);
  expect(stand.redelivered.filter((id) => ours.has(id))).toEqual([]);
  for (const m of messages) {
    expect(m.delivered_at.getTime()).toBeGreaterThanOrEqual(backAt.getTime());
    expect(m.failed).toBeGreaterThanOrEqual(1);
    // the outage was met as one: refused while the provider was down
    expect([m.message_id, m.failures.some((f) => f.code === ErrorCode.ProviderUnreachable && !f.afterReturn)]).toEqual([m.message_id, true]);
    // and every failed attempt was one the hub sends again with the same message id (provider-client.ts):
    // a request on a kept-alive connection the provider closed just then is lost, not refused (undici#3141)
    expect([m.message_id, m.failures.filter((f) => !UNREACHABLE_CODES.has(f.code as ErrorCode))]).toEqual([m.message_id, []]);
    expect(m.sent_stages).toBe(1);
  }
  return messages;
}

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

/**
 * Submits patiently, and when the answer is lost all the same (the connection dropped) sends the
 * same signed submission again, as an operator's system would: by its message id the hub answers
 * with the application it registered, so nothing is lost or doubled. Patiently: on a starved CPU
 * every stage record of the hub waits its turn for the lock that orders stage events (see
 * appendStage), so with 16 submissions at once each may take tens of seconds; a client that gave
 * up sooner and resent would only add to the queue.
 */
async function submitUntilAnswered(hub: Pick<TestHub, 'query'>, input: Record<string, unknown>, token: string, tries = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await hub.query(SUBMIT, { input }, token, 0, 120_000);
    } catch (error) {
      if (attempt >= tries) throw error;
    }
  }
}

/**
 * Operators submit `count` applications (`width` at a time) while the provider's system is down;
 * returns their ids once every one has failed at least once and nothing has reached the provider.
 */
export async function submitWhileProviderDown(hub: Pick<TestHub, 'query' | 'dataSource'>, stand: ProviderStand, count: number, width: number): Promise<string[]> {
  await stand.goDown();
  const token = operatorToken();
  const submitted = await inParallel(Array.from({ length: count }, () => async () => {
    const r = await submitUntilAnswered(hub, signedSubmission(), token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.submitApplication.application as { id: string; number: string };
  }), width);
  const ids = submitted.map((a) => a.id);
  await eventually(async () => {
    const [{ n }] = await hub.dataSource.query(`SELECT count(DISTINCT a.message_id)::int AS n FROM delivery_attempt a JOIN exchange_message m ON m.id = a.message_id WHERE m.application_id = ANY($1) AND a.outcome = 'FAILED'`, [ids]);
    return n === count;
  }, 300_000, 250);
  expect(stand.received.size).toBe(0);
  return ids;
}

/** Waits until every one of the applications' requests was delivered. */
export async function allDelivered(dataSource: DataSource, applicationIds: string[], timeoutMs: number): Promise<void> {
  await eventually(async () => {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM exchange_message WHERE application_id = ANY($1) AND outcome = 'DELIVERED'`, [applicationIds]);
    return n === applicationIds.length;
  }, timeoutMs, 250);
}
