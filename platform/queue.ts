import PgBoss from 'pg-boss';
import { EntityManager } from 'typeorm';
import { DATABASE_POOL_DEFAULTS, DatabasePoolConfig, DeliveryConfig } from './config';
import { poolOptions } from './db';
import { currentRequestId } from './telemetry/scope';

/** The durable queue lives in the hub's own PostgreSQL (pg-boss 10), its schema made by a migration. */
export const QUEUE_SCHEMA = 'pgboss';
export const DELIVERY_QUEUE = 'application-delivery';

/**
 * A job names the journal row of the message to deliver; the message itself stays in the journal.
 * It carries the id of the request that caused it (a submission, an admin's retry), so that the
 * delivery attempts can be found in the logs by it; a retry keeps the id of the first attempt.
 */
export interface DeliveryJob {
  messageRowId: string;
  requestId?: string;
}

/** pg-boss on the caller's transaction, so that a job is enqueued with the rows that need it, or not at all. */
export function inTransaction(m: EntityManager): PgBoss.Db {
  return { executeSql: async (text, values) => ({ rows: await m.query(text, values) }) };
}

/**
 * A pg-boss instance for the hub. Migrations made its schema, so it only checks the schema here.
 * An active job whose process died is expired after `expireSeconds` and fetched again; the
 * supervisor that does that runs every `maintenanceSeconds`.
 */
export function createQueue(databaseUrl: string, delivery: Pick<DeliveryConfig, 'maintenanceSeconds'>, opts: { supervise?: boolean; pool?: DatabasePoolConfig } = {}): PgBoss {
  return new PgBoss({
    // pg-boss hands its options to pg's Pool (its types do not list these)
    ...poolOptions(opts.pool ?? DATABASE_POOL_DEFAULTS),
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: 'qyzmet-queue',
    max: 4,
    migrate: false,
    schedule: false,
    supervise: opts.supervise ?? true,
    maintenanceIntervalSeconds: delivery.maintenanceSeconds,
  });
}

/**
 * Enqueues a delivery in the caller's transaction, with the id of the request being served unless
 * the job has one. `retryLimit` here is for expiry after a crash, not for failed attempts.
 */
export async function enqueueDelivery(boss: PgBoss, m: EntityManager, job: DeliveryJob, delivery: Pick<DeliveryConfig, 'expireSeconds'>, startAfterSeconds = 0): Promise<void> {
  const requestId = job.requestId ?? currentRequestId();
  await boss.send(DELIVERY_QUEUE, requestId ? { ...job, requestId } : job, {
    db: inTransaction(m),
    startAfter: startAfterSeconds > 0 ? new Date(Date.now() + startAfterSeconds * 1000) : undefined,
    expireInSeconds: delivery.expireSeconds,
    retryLimit: 1000,
    retryDelay: 0,
    retentionDays: 30,
  });
}

/**
 * Completes jobs in the caller's transaction. (pg-boss's complete takes the connection as its
 * fourth argument, after the job's output: given third, it is taken for the output and the jobs
 * are completed at once on pg-boss's own pool, whatever becomes of the transaction.)
 */
export async function completeJobs(boss: PgBoss, m: EntityManager, ids: string[]): Promise<void> {
  if (!ids.length) return;
  // (its types know no array of ids with output; the implementation takes either)
  const complete = boss.complete.bind(boss) as (name: string, ids: string[], data: object | null, options: PgBoss.ConnectionOptions) => Promise<void>;
  await complete(DELIVERY_QUEUE, ids, null, { db: inTransaction(m) });
}
