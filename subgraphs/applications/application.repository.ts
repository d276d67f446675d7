import { EntityManager } from 'typeorm';
import { ApplicationRow } from './application.entity';

/** Locks an application row for the rest of the caller's transaction. */
export function lockApplication(m: EntityManager, id: string): Promise<ApplicationRow> {
  return m.createQueryBuilder(ApplicationRow, 'a').setLock('pessimistic_write').where('a.id = :id', { id }).getOneOrFail();
}
