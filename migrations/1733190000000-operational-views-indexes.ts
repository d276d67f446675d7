import { MigrationInterface, QueryRunner } from 'typeorm';

// name, definition: what a provider's views of its own requests read
const INDEXES: [string, string][] = [
  // a provider's open (not closed) requests: overdueNow by planned date, in the list's order
  // (planned date, id; operations.service.ts)
  ['application_open_provider_idx', 'ON application (provider_bin, planned_date, id) WHERE closed_at IS NULL'],
  // processingTimes: the requests closed in a period, a provider's alone or provider by provider,
  // with what the averages are counted from, so that the rows themselves are not read
  ['application_closed_provider_idx', 'ON application (provider_bin, closed_at) INCLUDE (service_code, accepted_at, completed_on, planned_date) WHERE closed_at IS NOT NULL'],
];

/**
 * The views every provider asks about its own requests (and the monitoring about all) read what
 * they are asked for, not the provider's every request or the whole table. Without these, a
 * provider's overdueNow walked every overdue request nationally (the open-requests index is by
 * planned date alone), and processingTimes every request the provider
 * ever had, or, for the monitoring, the whole table (nothing indexes closed_at).
 *
 * What the write path pays: one more entry for each request registered (the first index, until
 * it is closed: its columns never change while it is open, so stage reports stay HOT updates);
 * and, at closure, an entry in the second and in each other index of the table for a
 * request executed before it was closed, whose closure alone had been a HOT update. Once per request.
 *
 * Built CONCURRENTLY, outside a transaction, so that stage reports keep being written while a
 * national-size table is indexed; an index left invalid by an interrupted run is dropped and built
 * again when the migration runs again.
 */
export class OperationalViewsIndexes1733190000000 implements MigrationInterface {
  name = 'OperationalViewsIndexes1733190000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name} ${definition}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  }
}
