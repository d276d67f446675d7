import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ExchangeMessageRow } from './exchange-message.entity';

/**
 * Journals a message received or sent (exchange rules p.9), inside the caller's transaction: the
 * statuses subgraph journals each stage report it takes this way, with the stage.
 */
export async function journalMessage(m: EntityManager, values: QueryDeepPartialEntity<ExchangeMessageRow>): Promise<void> {
  await m.insert(ExchangeMessageRow, values);
}
