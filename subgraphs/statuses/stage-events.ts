import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DATABASE_POOL_DEFAULTS } from '../../platform/config';
import { poolOptions } from '../../platform/db';
import { ApplicationRow } from '../applications/api';
import { StageRecordRow } from './stage-record.entity';

export const STAGE_EVENTS_CHANNEL = 'stage_events';

/** A stage record with the request fields subscribers filter on. */
export interface StageEvent {
  record: StageRecordRow;
  recipientIin: string;
  serviceCode: string;
}

const BATCH = 500;

/**
 * An event's place in the stream is (xid, seq): the writing transaction's id, then the record's
 * number. Its cursor is that pair as one decimal number, xid·2^64 + seq, so that cursors still
 * compare as numbers, and a cursor from before issue 17 (a bare seq, numbered in commit order under
 * a lock; those records carry xid 0) is the same position (0, seq).
 */
const XID_SHIFT = 64n;
const SEQ_MASK = (1n << XID_SHIFT) - 1n;

export function cursorOf(record: { xid: string; seq: string }): string {
  return ((BigInt(record.xid) << XID_SHIFT) | BigInt(record.seq)).toString();
}

/** cursorOf in SQL, over a stage_record row named r: the same digits, for a NOTIFY sent by the INSERT's own statement. */
export const CURSOR_SQL = `(r.xid::text::numeric * ${(1n << XID_SHIFT).toString()} + r.seq)::text`;

/** The (xid, seq) of a cursor that parseCursor has accepted. */
export function positionOf(cursor: string): { xid: string; seq: string } {
  const value = BigInt(cursor);
  return { xid: (value >> XID_SHIFT).toString(), seq: (value & SEQ_MASK).toString() };
}

/**
 * Only records of transactions that can no longer be running: every transaction below the
 * statement's snapshot xmin has committed or aborted, so no record can appear later below this
 * line, and what a reader takes in (xid, seq) order is final. A record whose transaction is newer
 * than some transaction still running waits until that one ends (README: "Event numbering").
 */
export const SETTLED = 'r.xid < pg_snapshot_xmin(pg_current_snapshot())';

type Where = { andWhere(condition: string, parameters?: Record<string, unknown>): unknown };

/** Records after (or, `before`, ahead of) a cursor's position. */
export function pastCursor<Q extends Where>(q: Q, cursor: string, before = false): Q {
  const { xid, seq } = positionOf(cursor);
  q.andWhere(`(r.xid, r.seq) ${before ? '<' : '>'} (CAST(:cursorXid AS xid8), CAST(:cursorSeq AS bigint))`, { cursorXid: xid, cursorSeq: seq });
  return q;
}

/** Loads the settled events after a cursor, in order, optionally only those matching SQL conditions. */
export async function loadEvents(dataSource: DataSource, after: string, limit = BATCH, where?: { applicationId?: string; recipientIin?: string; serviceCode?: string; providerBin?: string }): Promise<StageEvent[]> {
  const q = dataSource.manager.createQueryBuilder(StageRecordRow, 'r')
    .innerJoin(ApplicationRow, 'a', 'a.id = r.application_id')
    .addSelect(['a.recipient_iin AS recipient_iin', 'a.service_code AS service_code'])
    .where(SETTLED);
  pastCursor(q, after);
  if (where?.applicationId) q.andWhere('r.application_id = :app', { app: where.applicationId });
  if (where?.recipientIin) q.andWhere('a.recipient_iin = :iin', { iin: where.recipientIin });
  if (where?.serviceCode) q.andWhere('a.service_code = :svc', { svc: where.serviceCode });
  if (where?.providerBin) q.andWhere('r.provider_bin = :bin', { bin: where.providerBin });
  const { entities, raw } = await q.orderBy('r.xid', 'ASC').addOrderBy('r.seq', 'ASC').limit(limit).getRawAndEntities();
  return entities.map((record, i) => ({ record, recipientIin: raw[i].recipient_iin, serviceCode: raw[i].service_code }));
}

/** The cursor of the last settled event ('0' before the first). */
async function settledEnd(dataSource: DataSource): Promise<string> {
  const rows = await dataSource.query(`SELECT r.xid::text AS xid, r.seq::text AS seq FROM stage_record r WHERE ${SETTLED} ORDER BY r.xid DESC, r.seq DESC LIMIT 1`);
  return rows.length ? cursorOf(rows[0]) : '0';
}

/**
 * Whether some committed event past `cursor` is still to be read: held back by an older transaction
 * still running, or settled since the read that reached `cursor` (the older transaction ended in
 * between; asking only for events not yet settled would miss it until the next report's notification).
 * Every record the reader has not had is past its cursor: all below that cursor's xid had ended then.
 */
async function pendingPast(dataSource: DataSource, cursor: string): Promise<boolean> {
  const { xid, seq } = positionOf(cursor);
  const [{ pending }] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM stage_record r WHERE (r.xid, r.seq) > ($1::xid8, $2::bigint)) AS pending', [xid, seq]);
  return pending;
}

/** How soon the bus looks again while events are held back: a writer that aborts, or a transaction that is no writer's, sends no notification. */
const HELD_BACK_FIRST_MS = 10;
const HELD_BACK_MAX_MS = 500;

/**
 * Stage events through PostgreSQL: every statuses instance LISTENs, and a report's commit NOTIFYs,
 * so a subscriber on any instance receives reports recorded on any other. A notification only
 * says "there is more": the bus then reads every settled event after the last it saw, in order,
 * which also catches up on whatever was committed while its connection was down. While a
 * committed event is held back by an older transaction still running, it looks again shortly.
 */
export class StageEventBus {
  private readonly emitter = new EventEmitter();
  private client?: Client;
  private lastCursor = '0';
  private reading?: Promise<void>;
  private again = false;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private heldTimer?: NodeJS.Timeout;
  private heldDelay = HELD_BACK_FIRST_MS;

  /** `connectTimeoutMs`: a LISTEN connection that does not come up in this time is retried, never waited on for ever */
  constructor(private readonly dataSource: DataSource, private readonly url: string, private readonly connectTimeoutMs = DATABASE_POOL_DEFAULTS.connectTimeoutMs) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    this.lastCursor = await settledEnd(this.dataSource);
    await this.listen();
  }

  /** The cursor of the newest event this instance has seen. */
  get position(): string {
    return this.lastCursor;
  }

  subscribe(listener: (event: StageEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.heldTimer);
    await this.reading;
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'qyzmet-stage-events', ...poolOptions({ poolSize: 1, connectTimeoutMs: this.connectTimeoutMs }) });
    client.on('notification', () => this.readNew());
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${STAGE_EVENTS_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    this.readNew(); // whatever was committed before LISTEN took effect
  }

  private reconnect(client: Client): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners();
    client.end().catch(() => undefined);
    const retry = () => {
      if (this.stopped) return;
      this.listen().catch(() => { this.reconnectTimer = setTimeout(retry, 1000); });
    };
    this.reconnectTimer = setTimeout(retry, 200);
  }

  /** One reader at a time, so events are emitted once and in order. */
  private readNew(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        for (;;) {
          let events: StageEvent[];
          try {
            events = await loadEvents(this.dataSource, this.lastCursor);
            if (events.length < BATCH) await this.lookAgainIfPending(events.length ? cursorOf(events[events.length - 1].record) : this.lastCursor);
          } catch {
            // the database is away: try again shortly, from the same position
            if (!this.stopped) this.retryTimer = setTimeout(() => this.readNew(), 1000);
            break;
          }
          for (const event of events) {
            this.lastCursor = cursorOf(event.record);
            this.emitter.emit('event', event);
          }
          if (events.length < BATCH) break;
        }
      } while (this.again && !this.stopped);
    })().finally(() => { this.reading = undefined; });
  }

  private async lookAgainIfPending(cursor: string): Promise<void> {
    if (!(await pendingPast(this.dataSource, cursor))) {
      this.heldDelay = HELD_BACK_FIRST_MS;
      return;
    }
    if (this.heldTimer || this.stopped) return;
    this.heldTimer = setTimeout(() => {
      this.heldTimer = undefined;
      this.readNew();
    }, this.heldDelay);
    this.heldDelay = Math.min(this.heldDelay * 2, HELD_BACK_MAX_MS);
  }
}
