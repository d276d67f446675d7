import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which years the production calendar covers, and whether each is final (its holidays and the
 * government's order moving days off published) or provisional; and, on each application, whether
 * its planned date was counted through a provisional year. Filled from
 * reference/production-calendar.json on every start.
 *
 * Planned dates already in 2027 were counted before the hub had any 2027 data, every holiday taken
 * as a working day: they are flagged provisional (they are not recounted here: a planned date is
 * fixed at registration, p.10).
 */
export class CalendarCoverage1732900000000 implements MigrationInterface {
  name = 'CalendarCoverage1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_year (
        year int PRIMARY KEY,
        provisional boolean NOT NULL,
        note text NOT NULL
      );
      ALTER TABLE application ADD COLUMN planned_date_provisional boolean NOT NULL DEFAULT false;
      UPDATE application SET planned_date_provisional = true WHERE planned_date >= '2027-01-01';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE application DROP COLUMN planned_date_provisional; DROP TABLE calendar_year');
  }
}
