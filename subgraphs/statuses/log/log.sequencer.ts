import { Client } from 'pg';
import { canonicalJsonBytes, LogHash, nodeHash, rangeHash, rangeNodes } from '../../../lib/merkle';
import { recordLeafHash, TreeHeadBody, treeHeadBody } from './log.record';

/** The advisory lock whose holder is the log's one sequencer ('qylog'). */
export const LOG_SEQUENCER_LOCK = 0x71796c6f67;
/** Where any instance asks the sequencer for a tree head now (only on demand, never on the write path). */
export const LOG_HEAD_CHANNEL = 'log_tree_head_wanted';
/** How often the sequencer takes the leaves committed since, and how many at once. */
const SEQUENCE_EVERY_MS = 500;
const BATCH = 2000;

export interface SequencerOptions {
  databaseUrl: string;
  hash: LogHash;
  /** the hub's CMS signature over a tree head's RFC 8785 bytes (HubSigner.signBytesOf) */
  sign: (body: TreeHeadBody) => string;
  sthSeconds: number;
  connectTimeoutMs?: number;
  log?: (message: string) => void;
  clock?: () => Date;
}

/**
 * The exchange log's sequencer (issue 18). Every statuses instance runs one; only the one holding
 * the advisory lock, on a connection of its own, works: it numbers the pending leaves in the
 * order their transactions became visible to it, stores the tree's complete subtrees, and signs a
 * tree head every LOG_STH_SECONDS while leaves arrive, or when asked. Writers never wait for it:
 * they only insert pending leaves. When its connection drops, its lock goes with it and another
 * instance (or this one, reconnected) takes over from what was committed.
 */
export class LogSequencer {
  private client?: Client;
  private leading = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** the complete subtrees that make up the current tree (its right edge), by "level:index" */
  private frontier = new Map<string, Buffer>();
  private size = 0;
  private headSize = -1;
  private headAt = 0;
  private headWanted = false;

  constructor(private readonly opts: SequencerOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(loop, SEQUENCE_EVERY_MS);
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.drop();
  }

  /** One round: lead if nobody does, take the pending leaves, sign a head when due. */
  async tick(): Promise<void> {
    try {
      if (!this.leading) await this.tryToLead();
      if (!this.leading) return;
      while ((await this.sequence()) === BATCH) { /* a backlog: take it all before signing */ }
      const due = Date.now() - this.headAt >= this.opts.sthSeconds * 1000;
      if (this.headWanted || (due && this.size !== this.headSize)) await this.signHead();
    } catch (error) {
      this.opts.log?.(`exchange log sequencer: ${(error as Error).message}; starting again from what was committed`);
      await this.drop();
    }
  }

  private async tryToLead(): Promise<void> {
    if (!this.client) {
      const client = new Client({ connectionString: this.opts.databaseUrl, connectionTimeoutMillis: this.opts.connectTimeoutMs ?? 30_000, application_name: 'qyzmet-log-sequencer' });
      client.on('error', () => { void this.drop(); });
      await client.connect();
      this.client = client;
    }
    const [{ locked }] = (await this.client.query('SELECT pg_try_advisory_lock($1) AS locked', [LOG_SEQUENCER_LOCK])).rows;
    if (!locked) return;
    await this.load(this.client);
    this.client.on('notification', () => { this.headWanted = true; });
    await this.client.query(`LISTEN ${LOG_HEAD_CHANNEL}`);
    this.leading = true;
    this.opts.log?.(`exchange log sequencer: leading at tree size ${this.size}`);
  }

  /** The tree as committed: its size, its right edge, its last head. */
  private async load(client: Client): Promise<void> {
    const heads = (await client.query('SELECT hash_algorithm, tree_size, issued_at FROM log_tree_head ORDER BY id DESC LIMIT 1')).rows;
    if (heads.length && heads[0].hash_algorithm !== this.opts.hash.name) {
      throw new Error(`the log was built with ${heads[0].hash_algorithm}, not ${this.opts.hash.name} (LOG_HASH is fixed for a log's life)`);
    }
    const [{ size }] = (await client.query('SELECT coalesce(max(idx) + 1, 0)::bigint AS size FROM log_leaf')).rows;
    this.size = Number(size);
    const edge = rangeNodes({ start: 0, end: this.size });
    const rows = edge.length ? (await client.query('SELECT level, idx, hash FROM log_node WHERE (level, idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))', [edge.map((n) => n.level), edge.map((n) => n.index)])).rows : [];
    this.frontier = new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash as Buffer]));
    if (this.frontier.size !== edge.length) throw new Error(`the stored tree of ${this.size} leaves lacks some of its subtrees`);
    this.headSize = heads.length ? Number(heads[0].tree_size) : -1;
    this.headAt = heads.length ? new Date(heads[0].issued_at).getTime() : 0;
  }

  /** Numbers the pending leaves visible now, in the order they were written; returns how many. */
  async sequence(): Promise<number> {
    const client = this.client!;
    await client.query('BEGIN');
    try {
      const pending = (await client.query('SELECT id, record FROM log_leaf_pending ORDER BY id LIMIT $1', [BATCH])).rows;
      if (!pending.length) {
        await client.query('COMMIT');
        return 0;
      }
      const frontier = new Map(this.frontier);
      const ids: string[] = [];
      const indices: number[] = [];
      const leaves: string[] = [];
      const nodes: { level: number; index: number; hash: Buffer }[] = [];
      let size = this.size;
      for (const row of pending) {
        const leaf = recordLeafHash(this.opts.hash, row.record);
        ids.push(row.id);
        indices.push(size);
        leaves.push(leaf.toString('hex'));
        nodes.push(...appendTo(frontier, this.opts.hash, size, leaf));
        size++;
      }
      await client.query(
        `INSERT INTO log_leaf (idx, kind, source_table, source_key, message_id, application_id, subject_iin, sender_bin, record, leaf_hash, sequenced_at)
         SELECT u.idx, p.kind, p.source_table, p.source_key, p.message_id, p.application_id, p.subject_iin, p.sender_bin, p.record, decode(u.leaf, 'hex'), now()
           FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS u(id, idx, leaf) JOIN log_leaf_pending p ON p.id = u.id`,
        [ids, indices, leaves],
      );
      await client.query(
        `INSERT INTO log_node (level, idx, hash) SELECT level, idx, decode(hash, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS u(level, idx, hash)`,
        [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash.toString('hex'))],
      );
      await client.query('DELETE FROM log_leaf_pending WHERE id = ANY($1::bigint[])', [ids]);
      await client.query('COMMIT');
      this.frontier = frontier;
      this.size = size;
      return pending.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Signs the tree as it stands with the hub's certificate. */
  async signHead(): Promise<void> {
    const at = this.opts.clock?.() ?? new Date();
    const root = rangeHash(this.opts.hash, { start: 0, end: this.size }, (level, index) => this.frontier.get(`${level}:${index}`)!);
    const body = treeHeadBody(this.opts.hash, this.size, root, at);
    const signature = this.opts.sign(body);
    await this.client!.query(
      'INSERT INTO log_tree_head (tree_size, root_hash, hash_algorithm, issued_at, body, signature) VALUES ($1, $2, $3, $4, $5, $6)',
      [this.size, root, this.opts.hash.name, at, canonicalJsonBytes(body).toString('utf8'), signature],
    );
    this.headSize = this.size;
    this.headAt = Date.now();
    this.headWanted = false;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.leading = false;
    // closing the session releases the advisory lock for another instance
    await client?.end().catch(() => undefined);
  }
}

/** Appends leaf `index` to a tree's right edge; returns the subtrees it completed (the leaf first). */
function appendTo(frontier: Map<string, Buffer>, hash: LogHash, index: number, leaf: Buffer): { level: number; index: number; hash: Buffer }[] {
  const made = [{ level: 0, index, hash: leaf }];
  frontier.set(`0:${index}`, leaf);
  let level = 0;
  let at = index;
  let current = leaf;
  while (at % 2 === 1) {
    const left = frontier.get(`${level}:${at - 1}`)!;
    frontier.delete(`${level}:${at - 1}`);
    frontier.delete(`${level}:${at}`);
    current = nodeHash(hash, left, current);
    level++;
    at = (at - 1) / 2;
    frontier.set(`${level}:${at}`, current);
    made.push({ level, index: at, hash: current });
  }
  return made;
}

