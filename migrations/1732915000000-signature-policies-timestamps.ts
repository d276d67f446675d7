import { MigrationInterface, QueryRunner } from 'typeorm';

/** NCA RK certificate policies of the signer (individual, legal entity, its role) and the signature time-stamp (CAdES-T) of each signature. */
export class SignaturePoliciesTimestamps1732915000000 implements MigrationInterface {
  name = 'SignaturePoliciesTimestamps1732915000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE signature
        ADD COLUMN certificate_policies text[] NOT NULL DEFAULT '{}',
        ADD COLUMN timestamped_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE signature DROP COLUMN certificate_policies, DROP COLUMN timestamped_at');
  }
}
