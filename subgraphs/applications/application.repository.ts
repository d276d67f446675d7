import { EntityManager } from 'typeorm';
import { entityFromRow } from '../../platform/db';
import { ApplicationRow } from './application.entity';

/** Locks an application row for the rest of the caller's transaction. */
export function lockApplication(m: EntityManager, id: string): Promise<ApplicationRow> {
  return m.createQueryBuilder(ApplicationRow, 'a').setLock('pessimistic_write').where('a.id = :id', { id }).getOneOrFail();
}

/** Locks several applications in one statement, in the order of their ids (so that two such batches cannot deadlock). */
export async function lockApplications(m: EntityManager, ids: string[]): Promise<ApplicationRow[]> {
  const apps = await m.createQueryBuilder(ApplicationRow, 'a').setLock('pessimistic_write').where('a.id = ANY(:ids)', { ids }).orderBy('a.id').getMany();
  if (apps.length !== new Set(ids).size) throw new Error(`applications not found: ${ids.filter((id) => !apps.some((a) => a.id === id)).join(', ')}`);
  return apps;
}

/**
 * Stores a request's stage state (current stage, outcome, executor, execution date, ...) as the
 * statuses subgraph worked it out, inside the caller's transaction, with the stage record itself.
 * One UPDATE of the row the caller holds locked (the ORM's save read the row back first to diff it).
 */
export async function saveApplication(m: EntityManager, app: ApplicationRow): Promise<ApplicationRow> {
  const { id, ...columns } = app;
  const result = await m.update(ApplicationRow, { id }, columns);
  if (result.affected !== 1) throw new Error(`Application ${id} is not in the database: its stage state cannot be stored`);
  return app;
}

/**
 * Registers a request a provider reports without a submission through the hub (p.9), inside the
 * caller's transaction; ON CONFLICT DO NOTHING, as another report of the same request may
 * register it concurrently. The row as inserted (RETURNING), or null when it was there already.
 */
export async function registerApplicationIfAbsent(m: EntityManager, values: Partial<ApplicationRow>): Promise<ApplicationRow | null> {
  const result = await m.createQueryBuilder().insert().into(ApplicationRow).values(values).orIgnore().returning('*').execute();
  const raw = (result.raw as Record<string, unknown>[])[0];
  return raw ? entityFromRow(m, ApplicationRow, raw) : null;
}
