import path from 'node:path';
import { HubConfig } from '../platform/config';
import { createDataSource, migrate } from '../subgraphs/database';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../platform/embedded-postgres';
import { loadReferenceData } from '../platform/reference-data';

export interface PreparedDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
  migrations: string[];
  reference: { services: number; calendarDays: number };
}

/**
 * The database the hub runs on: DATABASE_URL if set, else an embedded real PostgreSQL whose data
 * stays in the data directory between runs. Migrated and loaded with reference data either way.
 */
export async function prepareDatabase(config: HubConfig, log: (line: string) => void = () => undefined): Promise<PreparedDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort, database: 'qyzmet', log });
    url = embedded.url;
  }
  const dataSource = createDataSource(url, 'qyzmet-migrate');
  await dataSource.initialize();
  try {
    const migrations = await migrate(dataSource);
    const reference = await loadReferenceData(dataSource);
    return { url, embedded, migrations, reference };
  } finally {
    await dataSource.destroy();
  }
}
