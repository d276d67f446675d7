import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '../database';
import { ApplicationRow } from './application.entity';
import { registerApplicationIfAbsent, saveApplication } from './application.repository';

/** The writes statuses makes of a request's row on every stage report, in one statement each. */
describe('the application repository', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource(process.env.TEST_DATABASE_URL!, 'qyzmet-test-application-repository');
    await dataSource.initialize();
  });
  afterAll(async () => { await dataSource.destroy(); });

  const values = (): Partial<ApplicationRow> => ({
    providerBin: '010840004568', number: `REPO-${randomUUID()}`, recipientSurname: 'Сейткали', recipientName: 'Айгерим', recipientPatronymic: null,
    recipientIin: '900101300126', serviceCode: '', placeOfAcceptance: 'ЦОН', acceptedAt: new Date('2024-05-02T05:00:00Z'), registeredAt: new Date(),
    executor: null, plannedDate: '2024-05-10', plannedDateProvisional: false, declaredPlannedDate: null, executionDate: null, currentStage: 1,
  });
  const withService = async () => {
    const [{ code }] = await dataSource.query('SELECT code FROM service ORDER BY code LIMIT 1');
    return { ...values(), serviceCode: code };
  };

  it('gives the row it registered as the ORM reads it back, and null for a number registered already', async () => {
    const v = await withService();
    const inserted = await dataSource.transaction((m) => registerApplicationIfAbsent(m, v));
    expect(inserted).toBeInstanceOf(ApplicationRow);
    expect(inserted).toEqual(await dataSource.manager.findOneBy(ApplicationRow, { id: inserted!.id }));
    expect(inserted!.channel).toBe('PROVIDER');
    expect(await dataSource.transaction((m) => registerApplicationIfAbsent(m, { ...v, recipientName: 'Другой' }))).toBeNull();
    expect((await dataSource.manager.findOneBy(ApplicationRow, { id: inserted!.id }))!.recipientName).toBe('Айгерим');
  });

  it('stores the stage state of a request in its row', async () => {
    const v = await withService();
    const app = (await dataSource.transaction((m) => registerApplicationIfAbsent(m, v)))!;
    Object.assign(app, { currentStage: 6, executor: 'Исполнитель', executionDate: new Date('2024-05-06T04:00:00Z'), outcome: 'ISSUED', closedAt: new Date('2024-05-07T04:00:00Z'), completedOn: '2024-05-06' });
    await dataSource.transaction((m) => saveApplication(m, app));
    expect(await dataSource.manager.findOneBy(ApplicationRow, { id: app.id })).toEqual(app);
  });

  it('refuses to store the state of a request that is not in the database', async () => {
    const ghost = Object.assign(new ApplicationRow(), await withService(), { id: randomUUID() });
    await expect(dataSource.transaction((m) => saveApplication(m, ghost))).rejects.toThrow(/not in the database/);
  });
});
