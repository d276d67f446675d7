import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each stage record keeps the id of the transaction that wrote it, so that event readers can order
 * by (xid, seq) and take only transactions that can no longer be running (below their snapshot's
 * xmin) instead of every writer taking one advisory lock to hand out seq in commit order (issue 17).
 * Records written before this carry xid 0: they were numbered under that lock, so seq alone is
 * their commit order, and an old cursor N is the position (0, N).
 */
export class StageEventXid1733150000000 implements MigrationInterface {
  name = 'StageEventXid1733150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE stage_record ADD COLUMN xid xid8 NOT NULL DEFAULT '0';
      ALTER TABLE stage_record ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
      CREATE INDEX stage_record_xid_seq_idx ON stage_record (xid, seq);
      CREATE INDEX stage_record_provider_xid_seq_idx ON stage_record (provider_bin, xid, seq);
      DROP INDEX stage_record_provider_seq_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX stage_record_provider_seq_idx ON stage_record (provider_bin, seq);
      DROP INDEX stage_record_provider_xid_seq_idx;
      DROP INDEX stage_record_xid_seq_idx;
      ALTER TABLE stage_record DROP COLUMN xid;
    `);
  }
}
