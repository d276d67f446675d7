import { DataSource } from 'typeorm';
import { Identity } from '../../platform/identity';
import { boundBy, recordQueries, SentQuery, tableScans } from '../../test/support/explain';
import { createDataSource } from '../database';
import { Fetched } from './document.sources';
import { DocumentsContext } from './documents.deps';
import { Journal, PendingItem } from './lookup.journal';
import { DocumentTypeDefinition, ResolvedSource } from './source.registry';

/**
 * The access journal is written on every lookup and prefill: what it sends must reach the rows of
 * this lookup alone, never read the document table (every document ever looked up, tens of millions
 * nationally) to find the ones it has just stored.
 */
const SOURCE: ResolvedSource = { code: 'POPULATION', nameRu: 'ГБД ФЛ', ownerBin: '000740001307', connector: 'sql', timeoutMs: 1000, concurrency: 1, classification: 'OPEN', url: '' };
const TYPE: DocumentTypeDefinition = { code: 'INDIVIDUAL', nameRu: 'Сведения о ФЛ', nameKk: 'ЖТ туралы мәліметтер', source: SOURCE.code, records: 'one', cacheSeconds: 0, classification: 'OPEN' };
const OPERATOR: Identity = { subject: 'operator-1', role: 'operator', iin: '870412300415', bin: '180940011390' };

let dataSource: DataSource;
let sent: SentQuery[];

beforeAll(async () => {
  dataSource = createDataSource(process.env.TEST_DATABASE_URL!, 'lookup-journal-test');
  await dataSource.initialize();
  sent = recordQueries(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
});

function journal(): Journal {
  const ctx = { dataSource, requestId: 'journal-test', identity: OPERATOR, deps: { sources: { registry: { sources: new Map([[SOURCE.code, SOURCE]]), types: new Map([[TYPE.code, TYPE]]) } } } } as unknown as DocumentsContext;
  return new Journal(ctx, OPERATOR, 'Проверка', new Date());
}

describe('the access journal of a lookup', () => {
  it('links each entry to its document by their own ids, without reading the document table', async () => {
    const subjects = ['910203400012', '920304500023']; // this file's own, apart from other files' citizens
    const items: PendingItem[] = subjects.map((subject, index) => ({ index, documentType: TYPE.code, subject, applicationId: null, basis: 'CONSENT', type: TYPE }));
    const fetched = new Map<number, Fetched>(subjects.map((subject, index) => [index, { ok: true, record: { iin: subject, surname: 'Ищенко' }, fetchedAt: new Date(), fromCache: false }]));
    sent.length = 0;
    const outcomes = await journal().record(items, fetched);

    // each entry names the document returned for it
    const documents = outcomes.map((o) => o.document!.id);
    const linked: { document_id: string }[] = await dataSource.query('SELECT a.document_id FROM data_access a JOIN document d ON d.access_id = a.id WHERE d.id = ANY($1::uuid[]) ORDER BY d.id', [documents]);
    expect(linked.map((r) => r.document_id)).toEqual([...documents].sort());

    // and what the journal sent reaches every table it reads through an index on the rows asked for
    const link = sent.find((q) => /^\s*UPDATE\s+data_access/i.test(q.query));
    expect(link).toBeDefined();
    const scans = await tableScans(dataSource, link!);
    expect(scans.map((s) => s.relation)).not.toContain('document');
    for (const scan of scans) expect(boundBy(scan)).toMatch(/\bid\b/);
  });
});
