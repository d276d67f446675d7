import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { QUEUE_SCHEMA } from '../queue';
import { Logger } from './logger';
import { ServiceMetrics } from './metrics';

// pg-boss 10: a job waits in state created (new) or retry (failed or expired, to be tried again)
const WAITING = `state IN ('created', 'retry')`;

/**
 * The queue as it stands, read from pg-boss's table when Prometheus scrapes (nothing is kept in
 * the process, so every applications instance reports the same, shared queue):
 * - qyzmet_queue_depth{queue}: jobs waiting, including retries scheduled for later;
 * - qyzmet_queue_oldest_age_seconds{queue}: how long the job that has waited longest since it
 *   could run (since it was enqueued, or since its retry fell due) has waited; 0 when none has.
 *   A working delivery worker keeps it near its poll interval, however long retries are put off.
 * If the database cannot be read the scrape leaves them out rather than report stale values.
 */
export function registerQueueMetrics(metrics: ServiceMetrics, dataSource: DataSource, queue: string, logger: Logger): void {
  const read = async (sql: string): Promise<number | undefined> => {
    try {
      const [row] = await dataSource.query(sql, [queue]);
      return Number(row.value);
    } catch (error) {
      logger.warn({ err: error, queue }, 'queue metrics: cannot read the queue');
      return undefined;
    }
  };
  new Gauge({
    name: 'qyzmet_queue_depth',
    help: 'Jobs waiting in the queue (new, and retries, including those scheduled for later)',
    labelNames: ['queue'],
    registers: [metrics.registry],
    async collect() {
      const value = await read(`SELECT count(*) AS value FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND ${WAITING}`);
      if (value === undefined) this.reset();
      else this.set({ queue }, value);
    },
  });
  new Gauge({
    name: 'qyzmet_queue_oldest_age_seconds',
    help: 'Seconds the longest-waiting job that could run has waited since it could (0 when none)',
    labelNames: ['queue'],
    registers: [metrics.registry],
    async collect() {
      const value = await read(`SELECT coalesce(extract(epoch FROM now() - min(start_after)), 0) AS value FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND ${WAITING} AND start_after <= now()`);
      if (value === undefined) this.reset();
      else this.set({ queue }, value);
    },
  });
}

/** qyzmet_deliveries_total{outcome}: delivery attempts by outcome (delivered, retrying, dead). */
export function deliveriesCounter(metrics: ServiceMetrics): Counter<'outcome'> {
  return new Counter({ name: 'qyzmet_deliveries_total', help: "Attempts to deliver requests to providers' systems, by outcome: delivered, retrying (failed, tried again later), dead (dead-lettered)", labelNames: ['outcome'], registers: [metrics.registry] });
}
