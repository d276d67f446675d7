import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Document lookups (exchange rules p.6-7; ЦОН exchange rules p.7, p.11): a looked-up document keeps
 * the data as the source returned it (the electronic copy attached to an application stands for
 * the paper one, exchange rules p.3), who looked it up and from which source; the access journal
 * records every lookup, refused ones included, for the citizen's cabinet and for analysts.
 */
export class DocumentLookups1732600000000 implements MigrationInterface {
  name = 'DocumentLookups1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE document
        ADD COLUMN source_code varchar(64) NOT NULL DEFAULT '',
        ADD COLUMN content jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN looked_up_by_bin char(12),
        ADD COLUMN access_id uuid,
        ADD COLUMN from_cache boolean NOT NULL DEFAULT false;
      ALTER TABLE document ALTER COLUMN source_code DROP DEFAULT, ALTER COLUMN content DROP DEFAULT;
      COMMENT ON COLUMN document.subject_iin IS 'IIN of a person or BIN of an organisation the document is about';

      CREATE TABLE data_access (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL,
        request_id varchar(100) NOT NULL,
        actor_subject varchar(200) NOT NULL,
        actor_role varchar(32) NOT NULL,
        actor_iin char(12),
        actor_bin char(12),
        actor_name text,
        document_type varchar(64) NOT NULL,
        subject varchar(32) NOT NULL,
        purpose text,
        -- as asked: a refused lookup may name an application that does not exist
        application_id uuid,
        basis varchar(16),
        outcome varchar(16) NOT NULL,
        error_code varchar(64),
        source_code varchar(64),
        document_id uuid REFERENCES document(id),
        signature_id uuid REFERENCES signature(id),
        consent_signature_id uuid REFERENCES signature(id)
      );
      CREATE INDEX data_access_subject_idx ON data_access (subject, at DESC, id DESC);
      CREATE INDEX data_access_actor_bin_idx ON data_access (actor_bin, at DESC, id DESC);
      CREATE INDEX data_access_at_idx ON data_access (at DESC, id DESC);
      -- the type an attachment was given as (IDENTITY, ADDRESS, ...): the one requiredDocuments names
      ALTER TABLE attachment ADD COLUMN document_type varchar(64);
      CREATE INDEX attachment_document_idx ON attachment (document_id) WHERE document_id IS NOT NULL;
      ALTER TABLE document ADD CONSTRAINT document_access_fk FOREIGN KEY (access_id) REFERENCES data_access(id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE document DROP CONSTRAINT document_access_fk;
      DROP INDEX attachment_document_idx;
      ALTER TABLE attachment DROP COLUMN document_type;
      DROP TABLE data_access;
      ALTER TABLE document DROP COLUMN source_code, DROP COLUMN content, DROP COLUMN looked_up_by_bin, DROP COLUMN access_id, DROP COLUMN from_cache;
    `);
  }
}
