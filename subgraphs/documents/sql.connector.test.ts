import { Client } from 'pg';
import { DEMO_PEOPLE } from '../../provider-stand/demo-registers';
import { DocumentTypeDefinition, ResolvedSource } from './source.registry';
import { SqlConnector } from './sql.connector';

const source = (overrides: Partial<ResolvedSource> = {}): ResolvedSource => ({
  code: 'TEST_REGISTER', nameRu: 'test', ownerBin: '010840004568', connector: 'sql', timeoutMs: 500, concurrency: 2, classification: 'OPEN',
  url: process.env.TEST_DATABASE_URL!, ...overrides,
});
const type = (query: string, records: 'one' | 'many' = 'one'): DocumentTypeDefinition => ({
  code: 'T', nameRu: 't', nameKk: 't', source: 'TEST_REGISTER', records, query, cacheSeconds: 0, classification: 'OPEN',
});

const connectors: SqlConnector[] = [];
const open = (s = source()) => { const c = new SqlConnector(s); connectors.push(c); return c; };
afterAll(() => Promise.all(connectors.map((c) => c.stop())));

describe('reading a provider database', () => {
  it('asks for all subjects in one query and keeps dates as the source wrote them', async () => {
    const records = await open().fetch(type('SELECT iin AS subject, surname, birth_date AS "birthDate" FROM register_population.person WHERE iin = ANY($1::text[])'), [DEMO_PEOPLE.citizen, DEMO_PEOPLE.otherCitizen, '000000000000'], 'r1');
    expect(records.get(DEMO_PEOPLE.citizen)).toEqual({ surname: 'Сейткали', birthDate: '1990-01-01' });
    expect(records.get(DEMO_PEOPLE.otherCitizen)).toMatchObject({ birthDate: '1985-06-25' });
    expect(records.has('000000000000')).toBe(false);
  });

  it('collects the rows of a many-record type under records', async () => {
    const records = await open().fetch(type('SELECT owner_iin_or_bin AS subject, cadastral_number AS "cadastralNumber" FROM register_real_estate.title WHERE owner_iin_or_bin = ANY($1::text[])', 'many'), [DEMO_PEOPLE.citizen], 'r2');
    expect(records.get(DEMO_PEOPLE.citizen)).toEqual({ records: [{ cadastralNumber: expect.stringMatching(/^21:/) }] });
  });

  it('cannot write: every session is read-only', async () => {
    await expect(open().fetch(type("UPDATE register_population.person SET surname = 'X' WHERE iin = ANY($1::text[]) RETURNING iin AS subject"), [DEMO_PEOPLE.citizen], 'r3')).rejects.toMatchObject({ code: 'SOURCE_MALFORMED' });
    const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    const { rows } = await client.query('SELECT surname FROM register_population.person WHERE iin = $1', [DEMO_PEOPLE.citizen]);
    await client.end();
    expect(rows[0].surname).toBe('Сейткали');
  });

  it('gives SOURCE_TIMEOUT when the query runs past the source timeout', async () => {
    const started = Date.now();
    await expect(open().fetch(type('SELECT $1::text[] IS NULL AS x, pg_sleep(5), \'a\' AS subject'), ['a'], 'r4')).rejects.toMatchObject({ code: 'SOURCE_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('gives SOURCE_MALFORMED for rows without a subject that was asked, or two records of a one-record type', async () => {
    await expect(open().fetch(type("SELECT 'someone else' AS subject FROM unnest($1::text[])"), ['a'], 'r5')).rejects.toMatchObject({ code: 'SOURCE_MALFORMED' });
    await expect(open().fetch(type('SELECT s AS subject FROM unnest($1::text[]) s, generate_series(1, 2)'), ['a'], 'r6')).rejects.toMatchObject({ code: 'SOURCE_MALFORMED' });
    await expect(open().fetch(type('SELECT no_such_column AS subject FROM register_population.person WHERE iin = ANY($1::text[])'), ['a'], 'r7')).rejects.toMatchObject({ code: 'SOURCE_MALFORMED' });
  });

  it('gives SOURCE_UNAVAILABLE when the database cannot be reached', async () => {
    const down = open(source({ url: 'postgres://nobody@127.0.0.1:1/none' }));
    await expect(down.fetch(type('SELECT $1::text[] AS subject'), ['a'], 'r8')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
  });

  it('runs at most its concurrency limit of queries at a time', async () => {
    const connector = open(source({ concurrency: 2, timeoutMs: 3000 }));
    const sleepy = type("SELECT s AS subject, pg_sleep(0.3) AS slept FROM unnest($1::text[]) s");
    const started = Date.now();
    await Promise.all(['a', 'b', 'c', 'd'].map((s) => connector.fetch(sleepy, [s], 'r9')));
    // four 0.3 s queries two at a time take two rounds
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });
});
