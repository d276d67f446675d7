import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which transaction last changed the reference data a planned date is counted from (the catalogue's
 * services, the production calendar's days and years), set by that transaction: a process keeps the
 * data in memory and reads only this one row to know its copy is current (platform/reference-cache.ts),
 * instead of a service and a 400-day calendar read per registration. A transaction id is never
 * used twice, also when its transaction rolls back, so no other data can ever carry a version a
 * copy was read at.
 */
export class ReferenceVersion1733140000000 implements MigrationInterface {
  name = 'ReferenceVersion1733140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reference_version (
        single boolean PRIMARY KEY DEFAULT true CHECK (single),
        version bigint NOT NULL
      );
      INSERT INTO reference_version (single, version) VALUES (true, 1);
      CREATE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE reference_version SET version = pg_current_xact_id()::text::bigint;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER service_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
      CREATE TRIGGER calendar_day_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_day FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
      CREATE TRIGGER calendar_year_reference_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_year FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_version();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER service_reference_version ON service;
      DROP TRIGGER calendar_day_reference_version ON calendar_day;
      DROP TRIGGER calendar_year_reference_version ON calendar_year;
      DROP FUNCTION bump_reference_version();
      DROP TABLE reference_version;
    `);
  }
}
