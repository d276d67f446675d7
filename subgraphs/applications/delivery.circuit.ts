import { EntityManager } from 'typeorm';
import { ErrorCode } from '../../platform/errors';
import { DELIVERY_QUEUE, QUEUE_SCHEMA } from '../../platform/queue';

/**
 * A circuit per provider's system (table delivery_circuit, one row while the provider is
 * unreachable; in PostgreSQL, so every applications instance sees it). While it is open, a message
 * that has already failed against that provider is parked instead of retried on its own backoff;
 * every `DELIVERY_PROBE_SECONDS` one worker (whichever claims the row) releases one parked message
 * as the probe. When a delivery to the provider gets any HTTP answer, the circuit is closed and all
 * the provider's queued messages are released at once.
 *
 * Every step locks the provider's row, so a message is never parked after its circuit was closed
 * (it would wait for the safety-net recheck, DELIVERY_RETRY_MAX_SECONDS, rather than a probe).
 */

const JOBS = `${QUEUE_SCHEMA}.job`;
/** the provider's jobs waiting in the queue (not the one being attempted: that is active) */
const WAITING_JOBS_OF = `j.name = '${DELIVERY_QUEUE}' AND j.state IN ('created', 'retry')
  AND m.id = (j.data->>'messageRowId')::uuid AND m.counterpart_bin = $1`;

/** The rows of an UPDATE or DELETE … RETURNING: TypeORM's postgres driver gives them as [rows, count]. */
async function returning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = await m.query(sql, params) as [T[], number];
  return result[0];
}

export interface OpenCircuit { providerBin: string; probeMessageId: string | null }

/** The providers whose circuit is open now, for one batch of jobs. */
export async function openCircuits(m: EntityManager): Promise<Map<string, OpenCircuit>> {
  const rows: { provider_bin: string; probe_message_id: string | null }[] = await m.query('SELECT provider_bin, probe_message_id FROM delivery_circuit');
  return new Map(rows.map((r) => [r.provider_bin, { providerBin: r.provider_bin, probeMessageId: r.probe_message_id }]));
}

/** Whether the provider's circuit is open, holding its row until the caller's transaction ends (so it cannot close meanwhile). */
export async function holdOpenCircuit(m: EntityManager, providerBin: string): Promise<OpenCircuit | undefined> {
  const [row]: { probe_message_id: string | null }[] = await m.query('SELECT probe_message_id FROM delivery_circuit WHERE provider_bin = $1 FOR SHARE', [providerBin]);
  return row && { providerBin, probeMessageId: row.probe_message_id };
}

/** Opens the provider's circuit (its first probe after `probeSeconds`), or keeps it open; in the caller's transaction. */
export async function openCircuit(m: EntityManager, providerBin: string, code: ErrorCode, probeSeconds: number): Promise<void> {
  await m.query(`
    INSERT INTO delivery_circuit (provider_bin, probe_at, error_code) VALUES ($1, now() + $2::float8 * interval '1 second', $3)
    ON CONFLICT (provider_bin) DO UPDATE SET error_code = EXCLUDED.error_code`, [providerBin, probeSeconds, code]);
}

/** The provider answered: closes its circuit and makes all its queued messages due now. Returns how many were released. */
export async function closeCircuit(m: EntityManager, providerBin: string): Promise<number> {
  const closed = await returning(m, 'DELETE FROM delivery_circuit WHERE provider_bin = $1 RETURNING provider_bin', [providerBin]);
  if (!closed.length) return 0;
  const released = await returning(m, `UPDATE ${JOBS} j SET start_after = now() FROM exchange_message m WHERE ${WAITING_JOBS_OF} AND j.start_after > now() RETURNING j.id`, [providerBin]);
  return released.length;
}

/**
 * Claims the circuits due for a probe and releases one
 * parked message of each as its probe, the one waiting longest for its turn, so that probes go round
 * the parked messages. A provider with nothing queued has its circuit closed: its next message is
 * tried as any other. Returns the providers probed.
 *
 * Not SKIP LOCKED: parking holds the provider's row FOR SHARE, and while a crowd of parked messages
 * comes due the prober would skip the row again and again. It waits for the row instead; another
 * instance that was waiting too finds probe_at moved on (PostgreSQL rechecks the condition) and
 * leaves the probe to the first.
 */
export async function releaseProbes(m: EntityManager, probeSeconds: number): Promise<string[]> {
  const due = await returning<{ provider_bin: string }>(m, `
    UPDATE delivery_circuit SET probe_at = now() + $1::float8 * interval '1 second' WHERE probe_at <= now()
    RETURNING provider_bin`, [probeSeconds]);
  const probed: string[] = [];
  for (const { provider_bin: bin } of due) {
    const [next]: { id: string; message_row_id: string }[] = await m.query(`
      SELECT j.id, m.id AS message_row_id FROM ${JOBS} j JOIN exchange_message m ON true WHERE ${WAITING_JOBS_OF}
      ORDER BY j.start_after LIMIT 1`, [bin]);
    if (!next) {
      await m.query('DELETE FROM delivery_circuit WHERE provider_bin = $1', [bin]);
      continue;
    }
    await m.query(`UPDATE ${JOBS} SET start_after = now() WHERE name = $1 AND id = $2`, [DELIVERY_QUEUE, next.id]);
    await m.query('UPDATE delivery_circuit SET probe_message_id = $2 WHERE provider_bin = $1', [bin, next.message_row_id]);
    probed.push(bin);
  }
  return probed;
}
