import { types } from 'pg';
import { DataSource, DataSourceOptions, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { DATABASE_POOL_DEFAULTS, DatabasePoolConfig } from './config';

// A DATE column is a calendar day, not an instant: keep it as the 'YYYY-MM-DD' text.
types.setTypeParser(1082, (value: string) => value);

/**
 * Every connection's wait is bounded (pool.connectTimeoutMs), and TCP keepalive finds a database
 * host that vanished under an open connection, which no error would otherwise report.
 */
export const poolOptions = (pool: DatabasePoolConfig) => ({ connectionTimeoutMillis: pool.connectTimeoutMs, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });

/**
 * A connection pool to the hub's database for the given tables. The platform does not know the
 * subgraphs' tables: subgraphs/database.ts names them all (one database is shared today).
 */
export function openDataSource(entities: NonNullable<DataSourceOptions['entities']>, url: string, applicationName = 'qyzmet-hub', pool: DatabasePoolConfig = DATABASE_POOL_DEFAULTS): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    applicationName,
    extra: { max: pool.poolSize, ...poolOptions(pool) },
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

/** PostgreSQL's unique_violation: the same message raced in on another connection. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/**
 * An entity as the ORM would read it, from a row PostgreSQL returned by plain SQL (SELECT * or
 * RETURNING *): for the hot paths, where building the ORM's query costs more than running it.
 */
export function entityFromRow<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const entity = m.create(target);
  for (const column of m.connection.getMetadata(target).columns) {
    column.setEntityValue(entity, m.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
