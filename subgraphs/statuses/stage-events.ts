import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DATABASE_POOL_DEFAULTS } from '../../platform/config';
import { poolOptions } from '../../platform/db';
import { ApplicationRow } from '../applications/api';
import { StageRecordRow } from './stage-record.entity';

export const STAGE_EVENTS_CHANNEL = 'stage_events';
/** Advisory lock key that orders stage-record numbering by commit (see stage.service). */
export const STAGE_ORDER_LOCK = 7_351_001;

/** A stage record with the request fields subscribers filter on. */
export interface StageEvent {
  record: StageRecordRow;
  recipientIin: string;
  serviceCode: string;
}

const BATCH = 500;

/** Loads the events after `afterSeq`, in order, optionally only those matching SQL conditions. */
export async function loadEvents(dataSource: DataSource, afterSeq: string, limit = BATCH, where?: { applicationId?: string; recipientIin?: string; serviceCode?: string; providerBin?: string }): Promise<StageEvent[]> {
  const q = dataSource.manager.createQueryBuilder(StageRecordRow, 'r')
    .innerJoin(ApplicationRow, 'a', 'a.id = r.application_id')
    .addSelect(['a.recipient_iin AS recipient_iin', 'a.service_code AS service_code'])
    .where('r.seq > :after', { after: afterSeq });
  if (where?.applicationId) q.andWhere('r.application_id = :app', { app: where.applicationId });
  if (where?.recipientIin) q.andWhere('a.recipient_iin = :iin', { iin: where.recipientIin });
  if (where?.serviceCode) q.andWhere('a.service_code = :svc', { svc: where.serviceCode });
  if (where?.providerBin) q.andWhere('r.provider_bin = :bin', { bin: where.providerBin });
  const { entities, raw } = await q.orderBy('r.seq', 'ASC').limit(limit).getRawAndEntities();
  return entities.map((record, i) => ({ record, recipientIin: raw[i].recipient_iin, serviceCode: raw[i].service_code }));
}

/**
 * Stage events through PostgreSQL: every statuses instance LISTENs, and a report's commit NOTIFYs,
 * so a subscriber on any instance receives reports recorded on any other. A notification only
 * says "there is more": the bus then reads everything after the last number it saw, in order,
 * which also catches up on whatever was committed while its connection was down.
 */
export class StageEventBus {
  private readonly emitter = new EventEmitter();
  private client?: Client;
  private lastSeq = '0';
  private reading?: Promise<void>;
  private again = false;
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;

  /** `connectTimeoutMs`: a LISTEN connection that does not come up in this time is retried, never waited on for ever */
  constructor(private readonly dataSource: DataSource, private readonly url: string, private readonly connectTimeoutMs = DATABASE_POOL_DEFAULTS.connectTimeoutMs) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    const [{ max }] = await this.dataSource.query('SELECT coalesce(max(seq), 0)::text AS max FROM stage_record');
    this.lastSeq = max;
    await this.listen();
  }

  /** The number of the newest event this instance has seen. */
  get position(): string {
    return this.lastSeq;
  }

  subscribe(listener: (event: StageEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.retryTimer);
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
            events = await loadEvents(this.dataSource, this.lastSeq);
          } catch {
            // the database is away: try again shortly, from the same position
            if (!this.stopped) this.retryTimer = setTimeout(() => this.readNew(), 1000);
            break;
          }
          for (const event of events) {
            this.lastSeq = event.record.seq;
            this.emitter.emit('event', event);
          }
          if (events.length < BATCH) break;
        }
      } while (this.again && !this.stopped);
    })().finally(() => { this.reading = undefined; });
  }
}
