import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contact centre finds a request by its number without knowing the provider
 * (stageReports(filter: { applicationNumber })); the unique (provider_bin, number) index cannot
 * serve that, so without this the search would read every stage record, newest first.
 */
export class ApplicationNumberIndex1732800000001 implements MigrationInterface {
  name = 'ApplicationNumberIndex1732800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX application_number_idx ON application (number)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX application_number_idx');
  }
}
