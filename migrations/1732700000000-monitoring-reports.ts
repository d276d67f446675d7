import { MigrationInterface, QueryRunner } from 'typeorm';

// as they were when this migration was written (platform/queue.ts names them for the code)
const QUEUE_SCHEMA = 'pgboss';
const REPORT_QUEUE = 'monthly-report';

/**
 * The monthly analytical report on deadline violations (data-entry rules p.12): technical incidents
 * with their revisions, immutable report versions, the queue the scheduler feeds, and the indexes
 * the report reads the requests by.
 */
export class MonitoringReports1732700000000 implements MigrationInterface {
  name = 'MonitoringReports1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT ${QUEUE_SCHEMA}.create_queue($1, $2)`, [REPORT_QUEUE, JSON.stringify({ policy: 'singleton' })]);
    await q.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        system_kind varchar(16) NOT NULL CHECK (system_kind IN ('HUB', 'PROVIDER_SYSTEM', 'DOCUMENT_SOURCE')),
        organisation_bin char(12),
        source_code varchar(64),
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        description text NOT NULL,
        removed boolean NOT NULL DEFAULT false,
        revision int NOT NULL,
        CHECK (ended_at IS NULL OR ended_at >= started_at),
        CHECK (system_kind <> 'PROVIDER_SYSTEM' OR organisation_bin IS NOT NULL),
        CHECK (system_kind <> 'DOCUMENT_SOURCE' OR source_code IS NOT NULL)
      );
      CREATE INDEX incident_period_idx ON incident USING gist (tstzrange(started_at, ended_at)) WHERE NOT removed;
      CREATE TABLE incident_revision (
        incident_id uuid NOT NULL REFERENCES incident(id),
        revision int NOT NULL,
        action varchar(16) NOT NULL CHECK (action IN ('RECORDED', 'UPDATED', 'REMOVED')),
        at timestamptz NOT NULL,
        by_subject varchar(200) NOT NULL,
        by_role varchar(32) NOT NULL,
        reason text,
        snapshot jsonb NOT NULL,
        PRIMARY KEY (incident_id, revision)
      );

      CREATE TABLE monthly_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        version int NOT NULL,
        trigger varchar(16) NOT NULL CHECK (trigger IN ('SCHEDULED', 'ON_DEMAND')),
        generated_at timestamptz NOT NULL,
        generated_by varchar(200) NOT NULL,
        rows jsonb NOT NULL,
        UNIQUE (month, version)
      );
      -- the scheduler makes at most one version of a month by itself, however often it runs
      CREATE UNIQUE INDEX monthly_report_scheduled_once ON monthly_report (month) WHERE trigger = 'SCHEDULED';
      CREATE FUNCTION monthly_report_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'a monthly report version is immutable: generate a new version instead'; END $$;
      CREATE TRIGGER monthly_report_no_change BEFORE UPDATE OR DELETE ON monthly_report
        FOR EACH ROW EXECUTE FUNCTION monthly_report_immutable();

      -- what the report reads requests by (open ones past their planned date have an index since the foundation)
      CREATE INDEX application_accepted_idx ON application (accepted_at);
      CREATE INDEX application_completed_idx ON application (completed_on) WHERE completed_on IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX application_accepted_idx, application_completed_idx;
      DROP TABLE monthly_report, incident_revision, incident;
      DROP FUNCTION monthly_report_immutable();
    `);
    await q.query(`SELECT ${QUEUE_SCHEMA}.delete_queue($1)`, [REPORT_QUEUE]);
  }
}
