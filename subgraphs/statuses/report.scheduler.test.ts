import PgBoss from 'pg-boss';
import { CuttableProxy } from '../../test/support/cuttable-proxy';
import { createDataSource } from '../database';
import { QUEUE_SCHEMA } from '../../platform/queue';
import { REPORT_QUEUE, startReportScheduler } from './report.scheduler';

/**
 * The scheduler's job runs in the statuses process: a database that goes away while it runs must
 * leave a logged failure, not an unhandled rejection (which ends a Node process), and the
 * scheduler must take the next job once the database is back.
 */
describe('the monthly report scheduler', () => {
  it('survives the database going away while a report is being made, and makes the next one when it is back', async () => {
    const proxy = await CuttableProxy.before(process.env.TEST_DATABASE_URL!);
    // the run shares one database: a report job an earlier test file's hub left active (stopped
    // mid-report) would hold the singleton queue until it expires, and nothing here would run
    const setup = createDataSource(process.env.TEST_DATABASE_URL!, 'scheduler-test-setup');
    await setup.initialize();
    await setup.query(`DELETE FROM ${QUEUE_SCHEMA}.job WHERE name = $1`, [REPORT_QUEUE]);
    await setup.destroy();
    const dataSource = createDataSource(proxy.url, 'scheduler-test');
    await dataSource.initialize();
    const sender = new PgBoss({ connectionString: process.env.TEST_DATABASE_URL!, schema: QUEUE_SCHEMA, migrate: false, schedule: false, supervise: false, max: 1 });
    await sender.start();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
    process.on('unhandledRejection', onUnhandled);
    const logged: Record<string, unknown>[] = [];
    let runs = 0;
    const scheduler = await startReportScheduler(dataSource, proxy.url, (entry) => logged.push(entry), {
      pollSeconds: 0.5,
      // the first report loses its database half-way; the ones after it are made as usual
      generate: async () => {
        runs++;
        if (runs === 2) {
          proxy.cut();
          throw new Error('Connection terminated unexpectedly');
        }
        return { version: runs };
      },
    });
    try {
      const until = async (check: () => boolean, what: string) => {
        const deadline = Date.now() + 20_000;
        while (!check()) {
          if (Date.now() > deadline) throw new Error(`${what}: not within 20 s; logged ${JSON.stringify(logged)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(() => runs >= 1, 'the catch-up report at start');
      await sender.send(REPORT_QUEUE, {});
      await until(() => logged.some((e) => e.msg === 'monthly report failed'), 'the failure logged');
      await new Promise((r) => setTimeout(r, 500)); // the failure's own bookkeeping fails too, with the database away
      proxy.restore();
      await sender.send(REPORT_QUEUE, {});
      await until(() => runs >= 3, 'a report after the database is back');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      proxy.restore();
      await scheduler.stop();
      await sender.stop({ graceful: false, close: true });
      await dataSource.destroy();
      await proxy.stop();
    }
  });
});
