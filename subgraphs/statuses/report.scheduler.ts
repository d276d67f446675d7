import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { DATABASE_POOL_DEFAULTS, DatabasePoolConfig } from '../shared/config';
import { poolOptions } from '../shared/db';
import { QUEUE_SCHEMA } from '../shared/queue';
import { generateReport, parseMonth, previousMonth } from './report.service';

export const REPORT_QUEUE = 'monthly-report';
/** 01:00 on the 1st, Astana time: the previous month's report is due by the 15th (data-entry rules p.12). */
export const REPORT_CRON = '0 1 1 * *';

export interface ReportScheduler { stop(): Promise<void> }

/**
 * The monthly report's schedule, on pg-boss cron in the hub's database: on the 1st a job makes the
 * previous month's SCHEDULED version, once however many instances run. At start-up the same job
 * is sent once too, so a hub that was down on the 1st catches up.
 */
export async function startReportScheduler(dataSource: DataSource, databaseUrl: string, log?: (entry: Record<string, unknown>) => void, pool: DatabasePoolConfig = DATABASE_POOL_DEFAULTS): Promise<ReportScheduler> {
  const boss = new PgBoss({ ...poolOptions(pool), connectionString: databaseUrl, schema: QUEUE_SCHEMA, application_name: 'qyzmet-reports', max: 2, migrate: false, schedule: true, supervise: false });
  boss.on('error', (error) => log?.({ level: 'error', msg: 'report scheduler', error: String(error) }));
  await boss.start();
  await boss.schedule(REPORT_QUEUE, REPORT_CRON, {}, { tz: 'Asia/Almaty' });
  // one catch-up per start, sent before the worker's first poll; the queue's singleton policy and the one-scheduled-version index keep it idempotent
  await boss.send(REPORT_QUEUE, {}, { singletonKey: `catch-up-${previousMonth()}` });
  await boss.work(REPORT_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    const month = previousMonth();
    const report = await generateReport(dataSource, parseMonth(month), 'SCHEDULED', 'scheduler');
    log?.({ level: 'info', msg: 'monthly report', month, version: report.version });
  });
  return { stop: () => boss.stop({ graceful: true, close: true, wait: true, timeout: 5000 }) };
}
