import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations' names in Kazakh beside the Russian ones, for the web console's Kazakh side. Filled
 * from reference/services.json on every start; an organisation without one shows its Russian name.
 */
export class OrganisationNames1732800000000 implements MigrationInterface {
  name = 'OrganisationNames1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organisation ADD COLUMN name_kk text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organisation DROP COLUMN name_kk');
  }
}
