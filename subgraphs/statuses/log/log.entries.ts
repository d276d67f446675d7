import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';
import { LogEntry } from './log.type';

/** Per request: the log entries of many rows of one table in one query (a timeline, a page of the access journal). */
const loaders = new WeakMap<object, Map<string, DataLoader<string, LogEntry | null>>>();

export function logEntryOf(context: object, dataSource: DataSource, table: 'stage_record' | 'data_access', key: string): Promise<LogEntry | null> {
  let byTable = loaders.get(context);
  if (!byTable) loaders.set(context, (byTable = new Map()));
  let loader = byTable.get(table);
  if (!loader) {
    loader = new DataLoader<string, LogEntry | null>(async (keys) => {
      const rows: { source_key: string; idx: string; leaf_hash: string; message_id: string }[] = await dataSource.query(
        "SELECT source_key, idx, encode(leaf_hash, 'hex') AS leaf_hash, message_id FROM log_leaf WHERE source_table = $1 AND source_key = ANY($2::text[])",
        [table, keys],
      );
      const found = new Map(rows.map((r) => [r.source_key, { index: Number(r.idx), leafHash: r.leaf_hash, messageId: r.message_id }]));
      return keys.map((k) => found.get(k) ?? null);
    });
    byTable.set(table, loader);
  }
  return loader.load(key);
}
