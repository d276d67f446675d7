import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A circuit per provider's system for the delivery worker (applications): a row while the provider
 * is unreachable. It lives in PostgreSQL so that every applications instance parks and releases the
 * same provider's messages, and only one of them probes it at a time.
 */
export class DeliveryCircuit1733100000000 implements MigrationInterface {
  name = 'DeliveryCircuit1733100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delivery_circuit (
        provider_bin char(12) PRIMARY KEY,
        opened_at timestamptz NOT NULL DEFAULT now(),
        probe_at timestamptz NOT NULL,
        probe_message_id uuid,
        error_code varchar(64) NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE delivery_circuit');
  }
}
