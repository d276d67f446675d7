import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Identity } from '../../platform/identity';
import { boundBy, recordQueries, SentQuery, tableScans } from '../../test/support/explain';
import { createDataSource } from '../database';
import { overdueNow, processingTimes } from './operations.service';

/**
 * The operational views are asked by every provider for its own requests, and by the monitoring
 * for all: at national size (tens of millions of requests, millions of one provider's) what they
 * read must be bounded by what they are asked, through an index, not by walking the provider's
 * every request or the whole table.
 */
// this file's own providers: the run's database is shared with other files' requests
const PROVIDER = '990540000011';
const OTHER_PROVIDER = '990540000022';
const NOW = new Date('2026-11-20T06:00:00Z');
const PROVIDER_VIEW: Identity = { subject: 'p', role: 'provider', bin: PROVIDER };
const ANALYST: Identity = { subject: 'a', role: 'analyst' };

let dataSource: DataSource;
let sent: SentQuery[];

/** A request of a provider: open (closedAt null) or closed then, planned for a day. */
async function application(providerBin: string, plannedDate: string, closedAt: string | null): Promise<string> {
  const [app] = await dataSource.query(
    `INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance, accepted_at, registered_at,
                              planned_date, current_stage, outcome, closed_at, completed_on, channel)
     VALUES ($1, $2, 'Ищенко', 'Ольга', '910203400012', 'LAND-PLOT', 'Акимат', '2026-11-02T05:00:00Z', '2026-11-02T05:00:00Z',
             $3, $4, $5, $6, ($6::timestamptz AT TIME ZONE 'Asia/Almaty')::date, 'PROVIDER') RETURNING id`,
    [providerBin, `OPS-${randomUUID()}`, plannedDate, closedAt ? 6 : 3, closedAt ? 'REFUSED' : null, closedAt]);
  return app.id;
}

beforeAll(async () => {
  dataSource = createDataSource(process.env.TEST_DATABASE_URL!, 'operations-service-test');
  await dataSource.initialize();
  await application(PROVIDER, '2026-11-10', null);
  await application(PROVIDER, '2026-11-12', null);
  await application(OTHER_PROVIDER, '2026-11-11', null);
  await application(PROVIDER, '2026-11-10', '2026-11-05T05:00:00Z');
  await application(PROVIDER, '2026-11-10', '2026-11-12T05:00:00Z');
  await application(OTHER_PROVIDER, '2026-11-10', '2026-11-07T05:00:00Z');
  // the country around them, in its proportions: forty providers, two years of closures, a backlog of
  // overdue requests (the planner is told of them for each EXPLAIN, as it would be of a national table)
  await dataSource.query(
    `INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance, accepted_at, registered_at,
                              planned_date, current_stage, outcome, closed_at, completed_on, channel)
     SELECT '99064100' || lpad((i % 40)::text, 4, '0'), 'OPS-' || gen_random_uuid(), 'Ищенко', 'Ольга', '910203400012', 'LAND-PLOT', 'Акимат', t - interval '5 days', t - interval '5 days',
            (t - interval '2 days')::date, CASE WHEN i % 10 = 0 THEN 1 ELSE 6 END, CASE WHEN i % 10 = 0 THEN NULL ELSE 'REFUSED' END,
            CASE WHEN i % 10 = 0 THEN NULL ELSE t END, CASE WHEN i % 10 = 0 THEN NULL ELSE t::date END, 'PROVIDER'
       FROM generate_series(1, 3000) AS i, LATERAL (SELECT timestamptz '2025-01-01' + i * interval '6 hours' AS t) AS at`);
  sent = recordQueries(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
});

/** How the one query a view sent reaches the requests. */
async function applicationScans(run: () => Promise<unknown>) {
  sent.length = 0;
  await run();
  const [query] = sent.filter((q) => /\bapplication\b/.test(q.query));
  expect(query).toBeDefined();
  const scans = (await tableScans(dataSource, query, ['application'])).filter((s) => s.relation === 'application');
  expect(scans.length).toBeGreaterThan(0);
  return scans;
}

describe('overdue requests now', () => {
  it("shows a provider its own, longest overdue first", async () => {
    const page = await overdueNow(dataSource, PROVIDER_VIEW, {}, 50, undefined, NOW);
    expect(page.rows.map((r) => [r.providerBin, r.plannedDate])).toEqual([[PROVIDER, '2026-11-10'], [PROVIDER, '2026-11-12']]);
  });

  // not the monitoring's list of every overdue request nationally, filtered to the provider's
  it("reaches a provider's overdue requests by its BIN and the planned date", async () => {
    for (const scan of await applicationScans(() => overdueNow(dataSource, PROVIDER_VIEW, {}, 50, undefined, NOW))) {
      expect(boundBy(scan)).toMatch(/provider_bin/);
      expect(boundBy(scan)).toMatch(/planned_date/);
    }
  });
});

describe('processing times', () => {
  const FROM = '2026-11-01T00:00:00+05:00';
  const TO = '2026-12-01T00:00:00+05:00';

  it('averages the requests closed in the period, per provider and service', async () => {
    const rows = (await processingTimes(dataSource, ANALYST, FROM, TO)).filter((r) => [PROVIDER, OTHER_PROVIDER].includes(r.providerBin as string));
    expect(rows).toEqual([
      { providerBin: PROVIDER, serviceCode: 'LAND-PLOT', closed: 2, averageDays: 6.5, late: 1 },
      { providerBin: OTHER_PROVIDER, serviceCode: 'LAND-PLOT', closed: 1, averageDays: 5, late: 0 },
    ].sort((a, b) => a.providerBin.localeCompare(b.providerBin)));
    expect(await processingTimes(dataSource, PROVIDER_VIEW, FROM, TO)).toEqual([{ providerBin: PROVIDER, serviceCode: 'LAND-PLOT', closed: 2, averageDays: 6.5, late: 1 }]);
  });

  // not every request the provider ever had
  it("reaches a provider's requests closed in the period by its BIN and the closing time", async () => {
    for (const scan of await applicationScans(() => processingTimes(dataSource, PROVIDER_VIEW, FROM, TO))) {
      expect(boundBy(scan)).toMatch(/provider_bin/);
      expect(boundBy(scan)).toMatch(/closed_at/);
    }
  });

  // not the whole table: the requests closed in the period, provider by provider, each provider found
  // by the first entry of the index past the one before (LIMIT 1; EXPLAIN does not list that step's
  // subplan inside the recursion, it is the same one-entry read as the first)
  it('reaches the requests closed in the period by provider and closing time for the monitoring', async () => {
    for (const scan of await applicationScans(() => processingTimes(dataSource, ANALYST, FROM, TO))) {
      expect(boundBy(scan)).toMatch(/provider_bin = .*closed_at >=|first entries/);
    }
  });
});
