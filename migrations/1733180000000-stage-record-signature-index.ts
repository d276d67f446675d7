import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a viewer may see a stage's signature is decided from the stage records that carry it
 * (signature.service.ts). Without an index on signature_id PostgreSQL reached them through the
 * viewer's applications: every stage of every application of a provider (millions nationally) or of
 * a citizen, for each timeline read. With it, the records read are those of the signatures asked for.
 * Built CONCURRENTLY, so stage reports keep being written while a national table is indexed; an index
 * left invalid by an interrupted run is dropped and built again when the migration runs again.
 */
export class StageRecordSignatureIndex1733180000000 implements MigrationInterface {
  name = 'StageRecordSignatureIndex1733180000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX CONCURRENTLY IF EXISTS stage_record_signature_idx');
    await q.query('CREATE INDEX CONCURRENTLY stage_record_signature_idx ON stage_record (signature_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX CONCURRENTLY IF EXISTS stage_record_signature_idx');
  }
}
