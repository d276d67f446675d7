import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff-only security log: requests refused before they could touch anyone's data (a role that
 * may never look documents up, a lookup too malformed to journal). They used to go into the
 * citizens' access journal, where any signed-in user could write into a stranger's cabinet. Every
 * column is bounded, and nothing the caller wrote (a purpose, a subject) is kept.
 */
export class SecurityLog1732950000000 implements MigrationInterface {
  name = 'SecurityLog1732950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE security_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL,
        request_id varchar(100) NOT NULL,
        actor_subject varchar(200) NOT NULL,
        actor_role varchar(32) NOT NULL,
        actor_iin char(12),
        actor_bin char(12),
        operation varchar(64) NOT NULL,
        reason varchar(64) NOT NULL,
        field varchar(200)
      );
      CREATE INDEX security_log_at_idx ON security_log (at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE security_log');
  }
}
