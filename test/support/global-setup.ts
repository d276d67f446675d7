import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDataSource, migrate } from '../../subgraphs/database';
import { startEmbeddedPostgres } from '../../platform/embedded-postgres';
import { loadReferenceData } from '../../platform/reference-data';
import { ensureDemoPki } from '../../subgraphs/signatures/demo-pki';
import { freePort } from '../../harness/messages';

export { freePort };

/**
 * One real PostgreSQL for the whole run: DATABASE_URL if given, else an embedded one in a
 * temporary directory. Migrated and loaded with reference data before any test starts.
 */
export default async function globalSetup(): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const parent = mkdtempSync(path.join(tmpdir(), 'qyzmet-test-'));
    chmodSync(parent, 0o755); // as root, Postgres runs as its own user and must reach its directory
    const dataDir = path.join(parent, 'pg');
    const db = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'qyzmet_test', persistent: false });
    (globalThis as { __EMBEDDED_PG__?: typeof db }).__EMBEDDED_PG__ = db;
    url = db.url;
  }
  const dataSource = createDataSource(url, 'qyzmet-test-setup');
  await dataSource.initialize();
  await migrate(dataSource);
  await loadReferenceData(dataSource);
  await dataSource.destroy();
  process.env.TEST_DATABASE_URL = url;
  // the test stand's PKI: a demo root CA and a signer for every demo organisation
  const pkiDir = mkdtempSync(path.join(tmpdir(), 'qyzmet-test-pki-'));
  await ensureDemoPki(pkiDir);
  process.env.TEST_PKI_DIR = pkiDir;
}
