import { DataSource } from 'typeorm';
import { ProviderStand } from '../../provider-stand/stand';

export interface DeliveredMessage { message_id: string; delivered_at: Date; failed: number; codes: string[]; sent_stages: number }

/**
 * Exactly once after an outage: the provider took each message id once and nothing on the wire
 * twice, and the hub recorded one delivery after the provider came back, after at least one
 * PROVIDER_UNREACHABLE attempt, with one "sent for execution" stage each.
 */
export async function expectDeliveredOnceAfterOutage(dataSource: DataSource, stand: ProviderStand, applicationIds: string[], backAt: Date): Promise<DeliveredMessage[]> {
  const messages: DeliveredMessage[] = await dataSource.query(`
    SELECT m.message_id, m.delivered_at,
      (SELECT count(*)::int FROM delivery_attempt a WHERE a.message_id = m.id AND a.outcome = 'FAILED') AS failed,
      (SELECT array_agg(DISTINCT a.error_code) FROM delivery_attempt a WHERE a.message_id = m.id AND a.outcome = 'FAILED') AS codes,
      (SELECT count(*)::int FROM stage_record s WHERE s.application_id = m.application_id AND s.stage = 2) AS sent_stages
    FROM exchange_message m WHERE m.application_id = ANY($1) AND m.direction = 'OUT'`, [applicationIds]);
  expect(messages).toHaveLength(applicationIds.length);
  expect(stand.accepted).toHaveLength(applicationIds.length);
  expect(new Set(stand.accepted.map((m) => m.messageId))).toEqual(new Set(messages.map((m) => m.message_id)));
  expect(stand.redelivered).toEqual([]);
  for (const m of messages) {
    expect(m.delivered_at.getTime()).toBeGreaterThanOrEqual(backAt.getTime());
    expect(m.failed).toBeGreaterThanOrEqual(1);
    expect(m.codes).toEqual(['PROVIDER_UNREACHABLE']);
    expect(m.sent_stages).toBe(1);
  }
  return messages;
}
