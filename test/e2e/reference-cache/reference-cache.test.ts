import { DataSource } from 'typeorm';
import { openDataSource } from '../../../platform/db';
import { PLATFORM_ENTITIES } from '../../../platform/entities';
import { referenceData } from '../../../platform/reference-cache';

/**
 * The process's copy of the services and the production calendar (platform/reference-cache.ts)
 * is read once and then only checked against reference_version: a change committed by anyone
 * (loadReferenceData, a migration, an admin's SQL) must be counted with from the next request on.
 * The test's day is in 2099, a year the calendar does not cover, so no other test counts with it.
 */
const DAY = '2099-03-02';

describe('the reference data copy', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = openDataSource(PLATFORM_ENTITIES, process.env.TEST_DATABASE_URL!, 'qyzmet-test-reference-cache');
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.query('DELETE FROM calendar_day WHERE day = $1', [DAY]);
    await dataSource.destroy();
  });

  it('holds every service and calendar day the tables hold, and is read once while nothing changes', async () => {
    const copy = await referenceData(dataSource.manager);
    const [{ services, days }] = await dataSource.query('SELECT (SELECT count(*)::int FROM service) AS services, (SELECT count(*)::int FROM calendar_day) AS days');
    expect(copy.services.size).toBe(services);
    expect(copy.days.size).toBe(days);
    expect(await referenceData(dataSource.manager)).toBe(copy);
  });

  it('is read again once a calendar day or a service changed and committed', async () => {
    const before = await referenceData(dataSource.manager);
    await dataSource.query(`INSERT INTO calendar_day (day, kind, note) VALUES ($1, 'HOLIDAY', 'reference-cache test')`, [DAY]);
    const added = await referenceData(dataSource.manager);
    expect(added.version).not.toBe(before.version);
    expect(added.days.get(DAY)).toBe('HOLIDAY');

    const [{ code, term }] = await dataSource.query('SELECT code, term_days AS term FROM service ORDER BY code LIMIT 1');
    await dataSource.query('UPDATE service SET term_days = term_days + 1 WHERE code = $1', [code]);
    try {
      expect((await referenceData(dataSource.manager)).services.get(code)?.termDays).toBe(term + 1);
    } finally {
      await dataSource.query('UPDATE service SET term_days = $2 WHERE code = $1', [code, term]);
    }
    expect((await referenceData(dataSource.manager)).services.get(code)?.termDays).toBe(term);

    await dataSource.query('DELETE FROM calendar_day WHERE day = $1', [DAY]);
    expect((await referenceData(dataSource.manager)).days.has(DAY)).toBe(false);
  });

  it('shows a transaction its own change and keeps nothing of it once it rolled back', async () => {
    await dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO calendar_day (day, kind, note) VALUES ($1, 'DAY_OFF', 'reference-cache test')`, [DAY]);
      expect((await referenceData(m)).days.get(DAY)).toBe('DAY_OFF');
      throw new Error('roll back');
    }).catch((error: Error) => { if (error.message !== 'roll back') throw error; });
    expect((await referenceData(dataSource.manager)).days.has(DAY)).toBe(false);
  });
});
