import { randomUUID } from 'node:crypto';
import { DEMO_PEOPLE, demoRegisters } from '../../../provider-stand/demo-registers';
import { ProviderStand } from '../../../provider-stand/stand';
import { storeStats } from '../../../subgraphs/documents/document.store';
import { file, operatorToken, signed, signedSubmission, signerOf, SUBMIT } from '../../support/applications';
import { consentBy, LOOKUPS, PURPOSE } from '../../support/documents';
import { startHub, TestHub } from '../../support/hub';
import { personWithCertificate } from '../../support/people';
import { AKIMAT_BIN, tokenFor } from '../../support/tokens';

const APPLICATIONS = 100;

let hub: TestHub;
let stand: ProviderStand;

beforeAll(async () => {
  stand = await new ProviderStand({ signers: [] }).start();
  hub = await startHub({ sourceUrls: { IDENTITY_DOCUMENTS: `${stand.url}/registers/identity-documents` } });
});

afterAll(async () => {
  await stand?.stop();
  await hub?.stop();
});

/** Runs the tasks with at most `width` at a time. */
async function inBatches<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += width) results.push(...await Promise.all(tasks.slice(i, i + width).map((t) => t())));
  return results;
}

const ATTACHMENTS_QUERY = `query Attachments($filter: StageReportFilter, $first: Int) {
  stageReports(filter: $filter, first: $first) {
    edges { node { application { number recipient { iinOrBin } attachments { documentType source sha256 document { id documentType subjectIinBin source { code } contentSha256 data } } } } }
  }
}`;

describe('a hundred applications with looked-up attachments', () => {
  it('looks up 200 documents of 100 people with one call per source, and reads them all back in one query with one read of the store', async () => {
    const started = new Date();
    const registers = demoRegisters();
    const owners = new Set(registers.titles.map((t) => t.owner_iin_or_bin));
    const people = registers.persons.filter((p) => owners.has(p.iin) && !Object.values(DEMO_PEOPLE).includes(p.iin)).slice(0, APPLICATIONS);
    expect(people).toHaveLength(APPLICATIONS);
    const consents = await Promise.all(people.map(async (p) => consentBy(await personWithCertificate(p.iin), { subjectIinBin: p.iin })));

    // one signed request of the operator for everyone's documents
    const identityCalls = stand.registerCalls.length;
    const titleCalls = hub.documents.sources.stats.get('REAL_ESTATE_REGISTER')!.calls;
    const items = people.flatMap((p, i) => ['IDENTITY', 'REAL_ESTATE_TITLE'].map((documentType) => ({ documentType, subjectIinBin: p.iin, consent: consents[i] })));
    const looked = await hub.query(LOOKUPS, { input: signed({ requestedAt: new Date().toISOString(), purpose: PURPOSE, items }, signerOf('operator')) }, operatorToken());
    expect(looked.errors).toBeUndefined();
    const results = looked.data.lookupDocuments;
    expect(results).toHaveLength(2 * APPLICATIONS);
    expect(results.filter((r: any) => r.error)).toEqual([]);
    expect(stand.registerCalls.length - identityCalls).toBe(1);
    expect(stand.registerCalls[stand.registerCalls.length - 1].subjects).toHaveLength(APPLICATIONS);
    expect(hub.documents.sources.stats.get('REAL_ESTATE_REGISTER')!.calls - titleCalls).toBe(1);
    const journalled = await hub.dataSource.query("SELECT count(*)::int AS n FROM data_access WHERE at >= $1 AND outcome = 'RETURNED'", [started]);
    expect(journalled[0].n).toBe(2 * APPLICATIONS);

    // the operator submits each person's application with their two documents attached
    const submitted = await inBatches(people.map((p, i) => async () => {
      const attachments = results.slice(2 * i, 2 * i + 2).map((r: any) => ({ documentType: r.documentType, documentId: r.document.id }));
      const { data, errors } = await hub.query(SUBMIT, { input: signedSubmission({
        messageId: randomUUID(), serviceCode: 'LAND-PLOT', attachments,
        recipient: { surname: p.surname, name: p.name, patronymic: p.patronymic ?? undefined, iinOrBin: p.iin },
        consent: { kind: 'WRITTEN', givenAt: new Date().toISOString(), scan: file(`согласие ${p.iin}`) },
      }) }, operatorToken());
      expect(errors).toBeUndefined();
      return data.submitApplication.application.number as string;
    }), 10);
    expect(new Set(submitted).size).toBe(APPLICATIONS);

    // the provider reads its new applications with their attachments' data in one query through the gateway
    const sourceCalls = [...hub.documents.sources.stats.values()].map((s) => s.calls);
    const reads = storeStats.reads;
    const standCalls = stand.registerCalls.length;
    const { data, errors } = await hub.query(ATTACHMENTS_QUERY, { filter: { serviceCode: 'LAND-PLOT', stage: 'ACCEPTED', from: started.toISOString() }, first: 100 }, tokenFor('provider', { bin: AKIMAT_BIN }));
    expect(errors).toBeUndefined();
    const apps = data.stageReports.edges.map((e: any) => e.node.application).filter((a: any) => submitted.includes(a.number));
    expect(apps).toHaveLength(APPLICATIONS);
    const documents = apps.flatMap((a: any) => a.attachments.filter((x: any) => x.source === 'LOOKUP').map((x: any) => ({ ...x, recipient: a.recipient.iinOrBin })));
    expect(documents).toHaveLength(2 * APPLICATIONS);
    for (const d of documents) {
      expect(d.document.subjectIinBin).toBe(d.recipient);
      expect(d.document.contentSha256).toBe(d.sha256);
      expect(d.document.documentType).toBe(d.documentType);
    }
    expect(storeStats.reads - reads).toBe(1);
    // attached documents are the copies taken at lookup: reading them asks no source again
    expect([...hub.documents.sources.stats.values()].map((s) => s.calls)).toEqual(sourceCalls);
    expect(stand.registerCalls.length).toBe(standCalls);
  }, 120_000);
});
