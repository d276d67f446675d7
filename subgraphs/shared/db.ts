import { types } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

// A DATE column is a calendar day, not an instant: keep it as the 'YYYY-MM-DD' text.
types.setTypeParser(1082, (value: string) => value);

export function createDataSource(url: string, applicationName = 'qyzmet-hub'): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    applicationName,
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  });
}

export async function migrate(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}

export async function isDatabaseReachable(dataSource: DataSource): Promise<boolean> {
  try {
    await dataSource.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
