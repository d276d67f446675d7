import { Client } from 'pg';
import { ExportLine } from './log.verify';

const PAGE = 10_000;

/**
 * The log as the verifier needs it, read from the database: its signed heads, then every leaf in
 * index order with its record rebuilt from the row as it is now (log_record), the leaf hash
 * stored when it was sequenced and the tree's own copy of it.
 */
export async function* exportLog(client: Client): AsyncGenerator<ExportLine> {
  const [first] = (await client.query('SELECT hash_algorithm FROM log_tree_head ORDER BY id LIMIT 1')).rows;
  yield { t: 'log', v: 1, hash: first?.hash_algorithm ?? 'sha-256', exportedAt: new Date().toISOString() };
  const heads = (await client.query("SELECT id, tree_size, encode(root_hash, 'hex') AS root_hash, hash_algorithm, issued_at, body, signature FROM log_tree_head ORDER BY id")).rows;
  for (const h of heads) {
    yield { t: 'head', id: Number(h.id), treeSize: Number(h.tree_size), rootHash: h.root_hash, hashAlgorithm: h.hash_algorithm, issuedAt: new Date(h.issued_at).toISOString(), body: h.body, signature: h.signature };
  }
  let after = -1;
  for (;;) {
    const rows = (await client.query(
      `SELECT l.idx, l.kind, l.message_id, l.source_table, l.source_key, encode(l.leaf_hash, 'hex') AS leaf_hash, encode(n.hash, 'hex') AS node_hash,
              log_record(l.source_table, l.source_key) AS record
         FROM log_leaf l LEFT JOIN log_node n ON n.level = 0 AND n.idx = l.idx
        WHERE l.idx > $1 ORDER BY l.idx LIMIT $2`,
      [after, PAGE],
    )).rows;
    for (const r of rows) {
      yield { t: 'leaf', index: Number(r.idx), kind: r.kind, messageId: r.message_id, table: r.source_table, key: r.source_key, leafHash: r.leaf_hash, nodeHash: r.node_hash, record: r.record };
    }
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1].idx);
  }
}
