import { MigrationInterface, QueryRunner } from 'typeorm';

/** The platform's first tables: catalogue, production calendar, applications and their stage reports. */
export class Foundation1732300000000 implements MigrationInterface {
  name = 'Foundation1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        bin char(12) PRIMARY KEY,
        name text NOT NULL
      );
      CREATE TABLE service (
        code varchar(32) PRIMARY KEY,
        name_kk text NOT NULL,
        name_ru text NOT NULL,
        name_en text NOT NULL,
        term_days int NOT NULL CHECK (term_days >= 0),
        term_kind varchar(16) NOT NULL CHECK (term_kind IN ('WORKING_DAYS', 'CALENDAR_DAYS')),
        agency_bin char(12) NOT NULL REFERENCES organisation(bin)
      );
      CREATE TABLE calendar_day (
        day date PRIMARY KEY,
        kind varchar(16) NOT NULL CHECK (kind IN ('HOLIDAY', 'DAY_OFF', 'WORKING_DAY')),
        note text NOT NULL
      );
      CREATE TABLE signature (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        format varchar(16) NOT NULL,
        value text NOT NULL,
        payload_sha256 char(64) NOT NULL,
        received_at timestamptz NOT NULL,
        verdict varchar(24) NOT NULL
      );
      CREATE TABLE application (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_bin char(12) NOT NULL,
        number varchar(64) NOT NULL,
        recipient_surname varchar(100) NOT NULL,
        recipient_name varchar(100) NOT NULL,
        recipient_patronymic varchar(100),
        recipient_iin char(12) NOT NULL,
        service_code varchar(32) NOT NULL REFERENCES service(code),
        place_of_acceptance varchar(300) NOT NULL,
        accepted_at timestamptz NOT NULL,
        registered_at timestamptz NOT NULL,
        executor varchar(200),
        planned_date date NOT NULL,
        declared_planned_date date,
        execution_date timestamptz,
        current_stage smallint NOT NULL CHECK (current_stage BETWEEN 1 AND 6),
        outcome varchar(16) CHECK (outcome IN ('ISSUED', 'REFUSED')),
        refusal_reason varchar(1000),
        closed_at timestamptz,
        completed_on date,
        UNIQUE (provider_bin, number)
      );
      CREATE INDEX application_recipient_idx ON application (recipient_iin);
      CREATE INDEX application_service_idx ON application (service_code);
      CREATE INDEX application_open_planned_idx ON application (planned_date) WHERE completed_on IS NULL;
      CREATE TABLE stage_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        application_id uuid NOT NULL REFERENCES application(id),
        stage smallint NOT NULL CHECK (stage BETWEEN 1 AND 6),
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        provider_bin char(12) NOT NULL,
        message_id varchar(100) NOT NULL,
        outcome varchar(16),
        refusal_reason varchar(1000),
        report jsonb NOT NULL,
        signature_id uuid NOT NULL REFERENCES signature(id),
        reported_by varchar(200) NOT NULL,
        UNIQUE (provider_bin, message_id),
        UNIQUE (application_id, stage)
      );
      CREATE INDEX stage_record_provider_seq_idx ON stage_record (provider_bin, seq);
      CREATE INDEX stage_record_received_idx ON stage_record (received_at);
      CREATE TABLE document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_type varchar(64) NOT NULL,
        subject_iin char(12) NOT NULL,
        source_bin char(12) NOT NULL,
        fetched_at timestamptz NOT NULL,
        content_sha256 char(64) NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE document, stage_record, application, signature, calendar_day, service, organisation');
  }
}
