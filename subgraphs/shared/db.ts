import { types } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { DATABASE_POOL_DEFAULTS, DatabasePoolConfig } from './config';
import { ApplicationRow, ENTITIES } from './entities';

// A DATE column is a calendar day, not an instant: keep it as the 'YYYY-MM-DD' text.
types.setTypeParser(1082, (value: string) => value);

/**
 * Every connection's wait is bounded (pool.connectTimeoutMs), and TCP keepalive finds a database
 * host that vanished under an open connection, which no error would otherwise report.
 */
export const poolOptions = (pool: DatabasePoolConfig) => ({ connectionTimeoutMillis: pool.connectTimeoutMs, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });

export function createDataSource(url: string, applicationName = 'qyzmet-hub', pool: DatabasePoolConfig = DATABASE_POOL_DEFAULTS): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
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

/** Locks an application row for the rest of the caller's transaction. */
export function lockApplication(m: EntityManager, id: string): Promise<ApplicationRow> {
  return m.createQueryBuilder(ApplicationRow, 'a').setLock('pessimistic_write').where('a.id = :id', { id }).getOneOrFail();
}
