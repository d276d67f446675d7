import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who signed each message, as verified against NCA RK trust roots, and the journal of refused messages. */
export class VerifiedSignatures1732400000000 implements MigrationInterface {
  name = 'VerifiedSignatures1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE signature
        ADD COLUMN signer_name text,
        ADD COLUMN signer_iin char(12),
        ADD COLUMN signer_bin char(12),
        ADD COLUMN organisation text,
        ADD COLUMN certificate_serial varchar(128),
        ADD COLUMN certificate_issuer text,
        ADD COLUMN algorithm varchar(64),
        ADD COLUMN signed_at timestamptz,
        ADD COLUMN verified_at timestamptz,
        ADD COLUMN reason text;
      CREATE INDEX signature_signer_bin_idx ON signature (signer_bin);
      CREATE TABLE message_refusal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(32) NOT NULL,
        received_at timestamptz NOT NULL,
        sender_bin char(12),
        message_id varchar(100),
        reported_by varchar(200) NOT NULL,
        code varchar(40) NOT NULL,
        field varchar(100),
        reason text NOT NULL,
        payload_sha256 char(64) NOT NULL
      );
      CREATE INDEX message_refusal_received_idx ON message_refusal (received_at);
      CREATE INDEX message_refusal_sender_idx ON message_refusal (sender_bin, received_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE message_refusal;
      ALTER TABLE signature DROP COLUMN signer_name, DROP COLUMN signer_iin, DROP COLUMN signer_bin, DROP COLUMN organisation,
        DROP COLUMN certificate_serial, DROP COLUMN certificate_issuer, DROP COLUMN algorithm, DROP COLUMN signed_at,
        DROP COLUMN verified_at, DROP COLUMN reason;
    `);
  }
}
