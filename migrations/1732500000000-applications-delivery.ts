import PgBoss from 'pg-boss';
import { MigrationInterface, QueryRunner } from 'typeorm';

// as they were when this migration was written (platform/queue.ts names them for the code)
const QUEUE_SCHEMA = 'pgboss';
const DELIVERY_QUEUE = 'application-delivery';

/**
 * Applications submitted through the hub and delivered to providers' systems (ЦОН exchange rules
 * p.6-11, p.14): the extended catalogue, submissions with their attachments, consent and payment,
 * the message journal with every delivery attempt, providers' results, the quality survey, and the
 * durable queue (pg-boss) in the same database so that a request is enqueued in the transaction
 * that accepts it.
 */
export class ApplicationsDelivery1732500000000 implements MigrationInterface {
  name = 'ApplicationsDelivery1732500000000';

  async up(q: QueryRunner): Promise<void> {
    // pg-boss's plan wraps itself in BEGIN/COMMIT; here it runs inside the migration's transaction
    const plan = PgBoss.getConstructionPlans(QUEUE_SCHEMA).replace(/^\s*BEGIN;/m, '').replace(/COMMIT;\s*$/m, '');
    await q.query(plan);
    await q.query(`SELECT ${QUEUE_SCHEMA}.create_queue($1, $2)`, [DELIVERY_QUEUE, JSON.stringify({ policy: 'standard' })]);
    await q.query(`
      ALTER TABLE service
        ADD COLUMN kind varchar(16) NOT NULL DEFAULT 'TRANSACTIONAL' CHECK (kind IN ('INFORMATIONAL', 'INTERACTIVE', 'TRANSACTIONAL')),
        ADD COLUMN automation varchar(8) NOT NULL DEFAULT 'PARTIAL' CHECK (automation IN ('FULL', 'PARTIAL')),
        ADD COLUMN fee numeric(12, 2) CHECK (fee IS NULL OR fee > 0),
        ADD COLUMN required_documents text[] NOT NULL DEFAULT '{}',
        ADD COLUMN active boolean NOT NULL DEFAULT true;
      ALTER TABLE organisation
        ADD COLUMN has_own_system boolean NOT NULL DEFAULT false,
        ADD COLUMN system_endpoint text,
        ADD COLUMN system_auth varchar(16) NOT NULL DEFAULT 'NONE' CHECK (system_auth IN ('NONE', 'BEARER')),
        ADD COLUMN system_secret_env varchar(64),
        ADD CONSTRAINT organisation_system_endpoint_chk CHECK (NOT has_own_system OR system_endpoint IS NOT NULL);
      ALTER TABLE application ADD COLUMN channel varchar(16) NOT NULL DEFAULT 'PROVIDER' CHECK (channel IN ('PROVIDER', 'HUB'));
      CREATE SEQUENCE application_number_seq;

      CREATE TABLE submission (
        application_id uuid PRIMARY KEY REFERENCES application(id),
        message_id varchar(100) NOT NULL,
        submitted_by varchar(200) NOT NULL,
        operator_iin char(12) NOT NULL,
        operator_bin char(12) NOT NULL,
        signature_id uuid NOT NULL REFERENCES signature(id),
        consent_kind varchar(16) NOT NULL CHECK (consent_kind IN ('WRITTEN', 'SIGNED')),
        consent_given_at timestamptz NOT NULL,
        consent_signature_id uuid REFERENCES signature(id),
        payment_id varchar(64),
        payment_amount numeric(12, 2),
        paid_at timestamptz,
        UNIQUE (operator_bin, message_id)
      );
      CREATE TABLE attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES application(id),
        purpose varchar(16) NOT NULL CHECK (purpose IN ('DOCUMENT', 'CONSENT')),
        source varchar(16) NOT NULL CHECK (source IN ('UPLOAD', 'LOOKUP')),
        document_id uuid REFERENCES document(id),
        file_name varchar(255),
        media_type varchar(100),
        size_bytes int NOT NULL CHECK (size_bytes >= 0),
        sha256 char(64) NOT NULL,
        content bytea
      );
      CREATE INDEX attachment_application_idx ON attachment (application_id);

      CREATE TABLE exchange_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id varchar(100) NOT NULL,
        correlation_id varchar(100),
        direction varchar(3) NOT NULL CHECK (direction IN ('OUT', 'IN')),
        counterpart_bin char(12) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('REQUEST', 'RESPONSE', 'STAGE_REPORT')),
        application_id uuid REFERENCES application(id),
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        delivered_at timestamptz,
        answered_at timestamptz,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('PENDING', 'RETRYING', 'DELIVERED', 'DEAD', 'ACCEPTED')),
        error_code varchar(40),
        size_bytes int NOT NULL,
        sha256 char(64) NOT NULL,
        body jsonb,
        UNIQUE (direction, counterpart_bin, kind, message_id)
      );
      CREATE INDEX exchange_message_created_idx ON exchange_message (created_at, id);
      CREATE INDEX exchange_message_outcome_idx ON exchange_message (outcome) WHERE outcome IN ('RETRYING', 'DEAD');
      CREATE INDEX exchange_message_application_idx ON exchange_message (application_id);
      CREATE TABLE delivery_attempt (
        message_id uuid NOT NULL REFERENCES exchange_message(id),
        attempt int NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('IN_FLIGHT', 'DELIVERED', 'FAILED', 'INTERRUPTED')),
        error_code varchar(40),
        http_status int,
        detail text,
        PRIMARY KEY (message_id, attempt)
      );

      CREATE TABLE application_result (
        application_id uuid PRIMARY KEY REFERENCES application(id),
        message_id varchar(100) NOT NULL,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('ISSUED', 'REFUSED')),
        refusal_reason varchar(1000),
        decided_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        document_name varchar(255),
        media_type varchar(100),
        size_bytes int,
        sha256 char(64),
        content bytea,
        signature_id uuid NOT NULL REFERENCES signature(id),
        CHECK (outcome = 'REFUSED' OR content IS NOT NULL),
        CHECK (outcome = 'ISSUED' OR refusal_reason IS NOT NULL)
      );

      CREATE TABLE survey_answer (
        application_id uuid PRIMARY KEY REFERENCES application(id),
        service_code varchar(32) NOT NULL REFERENCES service(code),
        recipient_iin char(12) NOT NULL,
        process_and_result smallint NOT NULL CHECK (process_and_result BETWEEN 1 AND 3),
        information smallint NOT NULL CHECK (information BETWEEN 1 AND 3),
        answered_at timestamptz NOT NULL
      );
      CREATE INDEX survey_answer_service_idx ON survey_answer (service_code);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE survey_answer, application_result, delivery_attempt, exchange_message, attachment, submission;
      DROP SEQUENCE application_number_seq;
      ALTER TABLE application DROP COLUMN channel;
      ALTER TABLE organisation DROP CONSTRAINT organisation_system_endpoint_chk, DROP COLUMN has_own_system, DROP COLUMN system_endpoint,
        DROP COLUMN system_auth, DROP COLUMN system_secret_env;
      ALTER TABLE service DROP COLUMN kind, DROP COLUMN automation, DROP COLUMN fee, DROP COLUMN required_documents, DROP COLUMN active;
      DROP SCHEMA ${QUEUE_SCHEMA} CASCADE;
    `);
  }
}
