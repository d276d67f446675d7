import { MigrationInterface, QueryRunner } from 'typeorm';

// name, definition: the indexes the monthly report reads, in place of the two it read before
const INDEXES: [string, string][] = [
  ['application_accepted_cover_idx', 'ON application (accepted_at) INCLUDE (provider_bin, service_code)'],
  ['application_open_cover_idx', 'ON application (planned_date) INCLUDE (accepted_at, provider_bin, service_code, id) WHERE completed_on IS NULL'],
  ['application_closed_late_idx', 'ON application (completed_on) INCLUDE (planned_date, accepted_at, provider_bin, service_code, id) WHERE completed_on > planned_date'],
];
const REPLACED = ['application_accepted_idx', 'application_open_planned_idx'];

/**
 * The monthly report over tens of millions of stage records (issue 17) reads only index entries,
 * never the requests' rows. Every request the report can count as a violation in a month was late
 * at some point of it, so it is either still open (completed_on IS NULL) or was completed after its
 * planned date; the third index holds only those (a few percent of all requests), keyed by
 * completion so that a month's scan starts at the month. The first two replace indexes with the
 * same keys and predicates, now carrying the columns the report groups by, so the write path keeps
 * one more index only for late completions (and an update of the current stage alone stays HOT).
 *
 * Built CONCURRENTLY, outside a transaction, so that stage reports keep being written while a
 * national-size table is indexed; an index left invalid by an interrupted run is dropped and built
 * again when the migration is run again.
 */
export class MonthlyReportCoveringIndexes1733170000000 implements MigrationInterface {
  name = 'MonthlyReportCoveringIndexes1733170000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name} ${definition}`);
    }
    for (const name of REPLACED) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX CONCURRENTLY IF NOT EXISTS application_accepted_idx ON application (accepted_at)');
    await q.query('CREATE INDEX CONCURRENTLY IF NOT EXISTS application_open_planned_idx ON application (planned_date) WHERE completed_on IS NULL');
    for (const [name] of INDEXES) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  }
}
