import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { DATABASE_POOL_DEFAULTS, DatabasePoolConfig } from '../../platform/config';
import { poolOptions } from '../../platform/db';
import { QUEUE_SCHEMA } from '../../platform/queue';
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
export interface SchedulerOptions {
  /** how often the queue is looked at (30 s) */
  pollSeconds?: number;
  /** makes the previous month's report (tests stand in for it) */
  generate?: () => Promise<{ version: number }>;
  /** the database pool's settings (DATABASE_POOL_SIZE, DATABASE_CONNECT_TIMEOUT_MS) */
  pool?: DatabasePoolConfig;
}

export async function startReportScheduler(dataSource: DataSource, databaseUrl: string, log?: (entry: Record<string, unknown>) => void, opts: SchedulerOptions = {}): Promise<ReportScheduler> {
  const generate = opts.generate ?? (() => generateReport(dataSource, parseMonth(previousMonth()), 'SCHEDULED', 'scheduler'));
  const boss = new PgBoss({ ...poolOptions(opts.pool ?? DATABASE_POOL_DEFAULTS), connectionString: databaseUrl, schema: QUEUE_SCHEMA, application_name: 'qyzmet-reports', max: 2, migrate: false, schedule: true, supervise: false });
  boss.on('error', (error) => log?.({ level: 'error', msg: 'report scheduler', error: String(error) }));
  await boss.start();
  await boss.schedule(REPORT_QUEUE, REPORT_CRON, {}, { tz: 'Asia/Almaty' });
  // one catch-up per start, sent before the worker's first poll; the queue's singleton policy and the one-scheduled-version index keep it idempotent
  await boss.send(REPORT_QUEUE, {}, { singletonKey: `catch-up-${previousMonth()}` });
  let running = true;
  let wake: (() => void) | undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => { clearTimeout(timer); resolve(); };
  });
  const loop = runReportJobs({ boss, generate, log, pollMs: (opts.pollSeconds ?? 30) * 1000, running: () => running, pause });
  return {
    stop: async () => {
      running = false;
      wake?.();
      await loop;
      await boss.stop({ graceful: true, close: true, wait: true, timeout: 5000 });
    },
  };
}

interface JobLoop {
  boss: PgBoss;
  generate: () => Promise<{ version: number }>;
  log?: (entry: Record<string, unknown>) => void;
  pollMs: number;
  running: () => boolean;
  pause: (ms: number) => Promise<void>;
}

/**
 * The report queue's worker. pg-boss's own work() leaves the promises of its complete() and
 * fail() unawaited: with the database away at that moment, that is an unhandled rejection, which
 * ends the statuses process. Here every step is awaited and its failure logged; a job whose end
 * cannot be recorded is recorded again once the database is back (the queue is a singleton: an
 * active job left behind would hold back every report until it expired).
 */
async function runReportJobs({ boss, generate, log, pollMs, running, pause }: JobLoop): Promise<void> {
  while (running()) {
    let job: PgBoss.Job | undefined;
    try {
      [job] = await boss.fetch(REPORT_QUEUE);
    } catch (error) {
      log?.({ level: 'warn', msg: 'report scheduler: cannot fetch jobs', error: String(error) });
    }
    if (!job) {
      await pause(pollMs);
      continue;
    }
    const month = previousMonth();
    let failure: unknown;
    try {
      const report = await generate();
      log?.({ level: 'info', msg: 'monthly report', month, version: report.version });
    } catch (error) {
      failure = error;
      log?.({ level: 'error', msg: 'monthly report failed', month, error: String(error) });
    }
    const id = job.id;
    // recorded as done (or failed, to be retried by the queue) as soon as the database allows
    for (let delay = 500; running(); delay = Math.min(delay * 2, pollMs)) {
      try {
        await (failure === undefined ? boss.complete(REPORT_QUEUE, id) : boss.fail(REPORT_QUEUE, id, { error: String(failure) }));
        break;
      } catch (error) {
        log?.({ level: 'warn', msg: 'report scheduler: cannot record the job\'s end; trying again', job: id, error: String(error) });
        await pause(delay);
      }
    }
  }
}
