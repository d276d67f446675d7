import { createHash, randomUUID } from 'node:crypto';
import { demoRegisters } from '../../../provider-stand/demo-registers';
import { ProviderStand } from '../../../provider-stand/stand';
import { sha256 } from '../../../subgraphs/signatures/message-signature';
import { canonicalBytes } from '../../../lib/ecp/canonical';
import { eventually, file, operatorToken, POST_RESULT, providerSigner, routeProviderTo, signed, signedSubmission, signerOf, SUBMIT } from '../../support/applications';
import { ACCESS_JOURNAL, consentBy, LOOKUP, LOOKUPS, MY_DATA_ACCESS, OPERATOR_BIN, PREFILL, PURPOSE, singleLookup } from '../../support/documents';
import { startHub, TestHub } from '../../support/hub';
import { personWithCertificate } from '../../support/people';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, MIGRATION_BIN, OTHER_CITIZEN_IIN, tokenFor } from '../../support/tokens';

let hub: TestHub;
let stand: ProviderStand;
const registers = demoRegisters();
const citizenSigner = () => signerOf('citizen', CITIZEN_IIN);
const citizenConsent = (overrides: Record<string, string> = {}) => consentBy(citizenSigner(), { subjectIinBin: CITIZEN_IIN, ...overrides });
const citizenToken = tokenFor('citizen', { iin: CITIZEN_IIN });
const partnerToken = tokenFor('partner', { bin: MIGRATION_BIN, sub: 'migration-system' });
const lookup = (input: Record<string, unknown>, token = operatorToken()) => hub.query(LOOKUP, { input }, token);
const journalOf = (requestSubject: string) => hub.dataSource.query('SELECT * FROM data_access WHERE subject = $1 ORDER BY at DESC, id DESC', [requestSubject]);
const calls = (source: string) => hub.documents.sources.stats.get(source)!.calls;
const journalSize = async () => (await hub.dataSource.query('SELECT count(*)::int AS n FROM data_access'))[0].n as number;
const securityLogOf = (actorSubject: string) => hub.dataSource.query('SELECT * FROM security_log WHERE actor_subject = $1 ORDER BY at, id', [actorSubject]);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** The prefill request an operator signs, for a service and a recipient. */
function prefillInput(serviceCode: string, recipientIinBin: string, consent: Record<string, string>, signer = signerOf('operator')) {
  return signed({ requestedAt: new Date().toISOString(), serviceCode, recipientIinBin, purpose: PURPOSE, consent }, signer);
}

beforeAll(async () => {
  stand = await new ProviderStand({ signers: [] }).start();
  stand.slowMs = 4000;
  hub = await startHub({ sourceUrls: { IDENTITY_DOCUMENTS: `${stand.url}/registers/identity-documents` } });
  // the applications submitted here are delivered to this test's stand, not left queued for the next test file
  for (const bin of [JUSTICE_BIN, MIGRATION_BIN]) await routeProviderTo(hub.dataSource, bin, stand.endpointFor(bin));
});

afterAll(async () => {
  try {
    // on a busy machine the last deliveries take a while; the hub is stopped whatever happens, so that
    // a slow teardown cannot leave its queue workers running into the next test file
    await eventually(async () => (await hub.dataSource.query("SELECT count(*)::int AS n FROM exchange_message WHERE direction = 'OUT' AND outcome IN ('PENDING', 'RETRYING')"))[0].n === 0, 60_000);
  } finally {
    await stand?.stop();
    await hub?.stop();
  }
}, 90_000);

beforeEach(() => {
  stand.registerMode = 'normal';
});

describe('prefilling an application from the registers', () => {
  it('prefills a citizen\'s application from four sources, the operator attaches the documents, and the citizen sees every lookup', async () => {
    const before = (await hub.query(MY_DATA_ACCESS, { first: 500 }, citizenToken)).data.myDataAccess.nodes.length;
    const { data, errors } = await hub.query(PREFILL, { input: prefillInput('LAND-PLOT', CITIZEN_IIN, citizenConsent()) }, operatorToken());
    expect(errors).toBeUndefined();
    const draft = data.prefillApplication;
    expect(draft.service).toMatchObject({ code: 'LAND-PLOT', requiredDocuments: ['IDENTITY', 'REAL_ESTATE_TITLE'] });
    expect(draft.recipient).toMatchObject({ iinOrBin: CITIZEN_IIN, kind: 'PERSON', surname: 'Сейткали', name: 'Айгерим', patronymic: 'Нурлановна' });
    expect(draft.recipient.address).toMatch(/^Астана, /);
    const bySource = Object.fromEntries(draft.documents.map((d: any) => [d.documentType, d.document?.source.code]));
    expect(bySource).toEqual({ INDIVIDUAL: 'POPULATION_REGISTER', ADDRESS: 'ADDRESS_REGISTER', IDENTITY: 'IDENTITY_DOCUMENTS', REAL_ESTATE_TITLE: 'REAL_ESTATE_REGISTER' });
    for (const d of draft.documents) {
      expect(d.error).toBeNull();
      expect(d.document.fetchedAt).toMatch(/\+05:00$/);
      expect(d.document.contentSha256).toBe(sha256(canonicalBytes(d.document.data)));
      expect(d.document.subjectIinBin).toBe(CITIZEN_IIN);
    }
    const identity = draft.documents.find((d: any) => d.documentType === 'IDENTITY').document;
    expect(identity.source.ownerBin).toBe(MIGRATION_BIN);
    expect(identity.data).toMatchObject({ kind: 'ID_CARD', surname: 'Сейткали' });
    const titles = draft.documents.find((d: any) => d.documentType === 'REAL_ESTATE_TITLE').document.data.records;
    expect(titles.length).toBeGreaterThan(0);
    expect(titles[0].cadastralNumber).toMatch(/^21:/);
    expect(draft.missingDocuments).toEqual([]);
    expect(draft.attachments.map((a: any) => a.documentType).sort()).toEqual(['IDENTITY', 'REAL_ESTATE_TITLE']);

    // the operator submits the application with the looked-up documents as its attachments
    const submitted = await hub.query(SUBMIT, { input: signedSubmission({ serviceCode: 'LAND-PLOT', attachments: draft.attachments }) }, operatorToken());
    expect(submitted.errors).toBeUndefined();
    const number = submitted.data.submitApplication.application.number;
    const view = await hub.query(`query($n: String!) { applicationByNumber(number: $n) { attachments { source documentId sha256 document { documentType source { code } data contentSha256 } } } }`, { n: number }, citizenToken);
    expect(view.errors).toBeUndefined();
    const attached = view.data.applicationByNumber.attachments.filter((a: any) => a.source === 'LOOKUP');
    expect(attached).toHaveLength(2);
    for (const a of attached) expect(a.sha256).toBe(a.document.contentSha256);
    expect(attached.map((a: any) => a.document.source.code).sort()).toEqual(['IDENTITY_DOCUMENTS', 'REAL_ESTATE_REGISTER']);

    // the citizen's cabinet: who looked at my data, when and why
    const mine = (await hub.query(MY_DATA_ACCESS, { first: 500 }, citizenToken)).data.myDataAccess.nodes;
    expect(mine.length - before).toBe(4);
    const latest = mine.slice(0, 4);
    expect(latest.map((e: any) => e.documentType).sort()).toEqual(['ADDRESS', 'IDENTITY', 'INDIVIDUAL', 'REAL_ESTATE_TITLE']);
    for (const e of latest) {
      expect(e).toMatchObject({ actorRole: 'operator', actorName: 'DEMO OPERATOR', actorIin: null, purpose: PURPOSE, basis: 'CONSENT', outcome: 'RETURNED', subject: CITIZEN_IIN });
      expect(e.organisation).toEqual({ bin: OPERATOR_BIN, name: expect.stringContaining('Правительство для граждан') });
      expect(e.at).toMatch(/\+05:00$/);
    }
  });

  it("sends the looked-up documents' data with the request to the provider's system", async () => {
    const { data } = await hub.query(PREFILL, { input: prefillInput('RE-RIGHTS', CITIZEN_IIN, citizenConsent()) }, operatorToken());
    const attachments = data.prefillApplication.attachments;
    const documents = data.prefillApplication.documents.filter((d: any) => attachments.some((a: any) => a.documentId === d.document?.id));
    const submitted = await hub.query(SUBMIT, { input: signedSubmission({
      serviceCode: 'RE-RIGHTS', attachments, payment: { paymentId: `KASPI-${randomUUID().slice(0, 8)}`, amount: 2162.5, paidAt: new Date().toISOString() },
    }) }, operatorToken());
    expect(submitted.errors).toBeUndefined();
    const number = submitted.data.submitApplication.application.number;
    const request = await eventually(async () => stand.accepted.find((m) => m.application.number === number));
    expect(request.documents).toHaveLength(2);
    for (const d of documents) {
      expect(request.documents).toContainEqual(expect.objectContaining({ id: d.document.id, documentType: d.documentType, contentSha256: d.document.contentSha256, data: d.document.data, sourceCode: d.document.source.code }));
    }
  });

  it('prefills an organisation\'s application from the legal-entity register, its authorised person consenting', async () => {
    const company = registers.legalEntities[10];
    const head = await personWithCertificate(company.head_iin, company.bin);
    const consent = consentBy(head, { subjectIinBin: company.bin });
    const { data, errors } = await hub.query(PREFILL, { input: prefillInput('LAND-PLOT', company.bin, consent) }, operatorToken());
    expect(errors).toBeUndefined();
    const draft = data.prefillApplication;
    expect(draft.recipient).toMatchObject({ kind: 'ORGANISATION', organisationName: company.name_ru, surname: null });
    const legal = draft.documents.find((d: any) => d.documentType === 'LEGAL_ENTITY');
    expect(legal.document).toMatchObject({ source: { code: 'LEGAL_ENTITY_REGISTER' }, data: { nameRu: company.name_ru, headIin: company.head_iin } });
    // an organisation has no identity card: that document alone is missing, with its code
    const identity = draft.documents.find((d: any) => d.documentType === 'IDENTITY');
    expect(identity).toMatchObject({ document: null, error: { code: 'NO_RECORD_AT_SOURCE' } });
    expect(draft.missingDocuments).toContain('IDENTITY');
  });

  it('returns the other documents with a coded error for the one whose source is down', async () => {
    await stand.goDown();
    try {
      const { data, errors } = await hub.query(PREFILL, { input: prefillInput('LAND-PLOT', CITIZEN_IIN, citizenConsent()) }, operatorToken());
      expect(errors).toBeUndefined();
      const draft = data.prefillApplication;
      const identity = draft.documents.find((d: any) => d.documentType === 'IDENTITY');
      expect(identity).toMatchObject({ document: null, error: { code: 'SOURCE_UNAVAILABLE' } });
      expect(draft.documents.filter((d: any) => d.document).map((d: any) => d.documentType).sort()).toEqual(['ADDRESS', 'INDIVIDUAL', 'REAL_ESTATE_TITLE']);
      expect(draft.missingDocuments).toEqual(['IDENTITY']);
      expect(draft.attachments.map((a: any) => a.documentType)).toEqual(['REAL_ESTATE_TITLE']);
      const [entry] = (await journalOf(CITIZEN_IIN)).filter((e: any) => e.document_type === 'IDENTITY');
      expect(entry).toMatchObject({ outcome: 'FAILED', error_code: 'SOURCE_UNAVAILABLE', source_code: 'IDENTITY_DOCUMENTS' });
    } finally {
      await stand.comeBack();
    }
  });

  it('names the document a source returned malformed data for, or did not answer in time, and stays up', async () => {
    for (const [mode, code] of [['malformed', 'SOURCE_MALFORMED'], ['error', 'SOURCE_UNAVAILABLE'], ['slow', 'SOURCE_TIMEOUT']] as const) {
      stand.registerMode = mode;
      const { errors } = await lookup(singleLookup({ documentType: 'IDENTITY', subjectIinBin: CITIZEN_IIN, consent: citizenConsent() }));
      expect(errors![0].extensions).toMatchObject({ code });
    }
    stand.registerMode = 'normal';
    const after = await lookup(singleLookup({ documentType: 'IDENTITY', subjectIinBin: CITIZEN_IIN, consent: citizenConsent() }));
    expect(after.errors).toBeUndefined();
    expect(after.data.lookupDocument.data.kind).toBe('ID_CARD');
  });

  it('refuses a prefill for an unknown service or an invalid recipient, naming the field', async () => {
    const unknown = await hub.query(PREFILL, { input: prefillInput('NO-SUCH', CITIZEN_IIN, citizenConsent()) }, operatorToken());
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'UNKNOWN_SERVICE', field: 'input.serviceCode' });
    const invalid = await hub.query(PREFILL, { input: prefillInput('LAND-PLOT', '900101300127', citizenConsent()) }, operatorToken());
    expect(invalid.errors![0].extensions).toMatchObject({ code: 'INVALID_IIN_BIN', field: 'input.recipientIinBin' });
  });
});

describe('a lookup and what entitles it', () => {
  it('looks up a document for an application of that recipient', async () => {
    const submitted = await hub.query(SUBMIT, { input: signedSubmission() }, operatorToken());
    const app = submitted.data.submitApplication.application;
    const { data, errors } = await lookup(singleLookup({ documentType: 'IDENTITY', subjectIinBin: CITIZEN_IIN, applicationId: app.id }));
    expect(errors).toBeUndefined();
    expect(data.lookupDocument).toMatchObject({ documentType: 'IDENTITY', source: { code: 'IDENTITY_DOCUMENTS' }, fromCache: false });
    const [entry] = await journalOf(CITIZEN_IIN);
    expect(entry).toMatchObject({ basis: 'APPLICATION', application_id: app.id, outcome: 'RETURNED', document_id: data.lookupDocument.id, actor_role: 'operator' });
    const mine = (await hub.query(MY_DATA_ACCESS, { first: 1 }, citizenToken)).data.myDataAccess.nodes[0];
    expect(mine.application).toEqual({ id: app.id, number: app.number });
  });

  it("shows the citizen a partner system's lookup", async () => {
    const consent = consentBy(citizenSigner(), { subjectIinBin: CITIZEN_IIN, requesterBin: MIGRATION_BIN });
    const { errors } = await lookup(singleLookup({ documentType: 'INDIVIDUAL', subjectIinBin: CITIZEN_IIN, consent }, providerSigner(MIGRATION_BIN)), partnerToken);
    expect(errors).toBeUndefined();
    const [mine] = (await hub.query(MY_DATA_ACCESS, { first: 1 }, citizenToken)).data.myDataAccess.nodes;
    expect(mine).toMatchObject({ actorRole: 'partner', organisation: { bin: MIGRATION_BIN, name: expect.stringContaining('миграционной') }, documentType: 'INDIVIDUAL', outcome: 'RETURNED', purpose: PURPOSE });
  });

  const malformed: [string, () => Record<string, unknown>, string, string][] = [
    ['an invalid IIN', () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: '900101300127', consent: citizenConsent() }), 'INVALID_IIN_BIN', 'input.subjectIinBin'],
    ['an unknown document type', () => singleLookup({ documentType: 'HOROSCOPE', subjectIinBin: CITIZEN_IIN, consent: citizenConsent() }), 'UNKNOWN_DOCUMENT_TYPE', 'input.documentType'],
    ['no purpose', () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent(), purpose: ' ' }), 'FIELD_REQUIRED', 'input.purpose'],
    ['a purpose of more than 500 characters', () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent(), purpose: 'ц'.repeat(501) }), 'TEXT_TOO_LONG', 'input.purpose'],
    ['an invalid request time', () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent(), requestedAt: 'вчера' }), 'INVALID_TIME', 'input.requestedAt'],
  ];

  it.each(malformed)('refuses a request with %s whole, before the journal: nothing in anyone\'s access journal, one line in the security log', async (_name, build, code, fieldPath) => {
    const journalled = await journalSize();
    const { data, errors } = await lookup(build());
    expect(data?.lookupDocument ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code, field: fieldPath });
    expect(await journalSize()).toBe(journalled);
    const [logged] = (await securityLogOf('operator-1')).slice(-1);
    expect(logged).toMatchObject({ actor_role: 'operator', operation: 'lookupDocument', reason: code, field: fieldPath });
  });

  const badInputs: [string, () => Promise<Record<string, unknown>>, string, string][] = [
    ['neither application nor consent', async () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN }), 'LOOKUP_BASIS_REQUIRED', 'input'],
    ['an application of another recipient', async () => {
      const other = await hub.query(SUBMIT, { input: signedSubmission({ recipient: { surname: 'Жаксыбеков', name: 'Ерлан', iinOrBin: OTHER_CITIZEN_IIN } }) }, operatorToken());
      return singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, applicationId: other.data.submitApplication.application.id });
    }, 'APPLICATION_OF_ANOTHER_RECIPIENT', 'input.applicationId'],
    ['an application that does not exist', async () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, applicationId: randomUUID() }), 'NOT_FOUND', 'input.applicationId'],
    ['an unsigned request', async () => ({ ...singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent() }), signature: '' }), 'SIGNATURE_REQUIRED', 'input.signature'],
    ['a request changed after signing', async () => ({ ...singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent() }), purpose: 'любопытство' }), 'PAYLOAD_MISMATCH', 'input.signature'],
    ["a request signed by someone other than the operator", async () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent() }, providerSigner(JUSTICE_BIN)), 'SIGNER_MISMATCH', 'input.signature'],
    ['a consent signed by someone other than the subject', async () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: consentBy(signerOf('citizen', OTHER_CITIZEN_IIN), { subjectIinBin: CITIZEN_IIN }) }), 'SIGNER_MISMATCH', 'input.consent.signature'],
    ['a consent for another purpose', async () => singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent({ purpose: 'другая цель' }) }), 'PAYLOAD_MISMATCH', 'input.consent.signature'],
  ];

  it.each(badInputs)('refuses %s with a coded error naming the field, journals the refusal and returns no data', async (_name, build, code, fieldPath) => {
    const input = await build();
    const documentsBefore = (await hub.dataSource.query('SELECT count(*)::int AS n FROM document'))[0].n;
    const started = new Date();
    const { data, errors } = await lookup(input);
    expect(data?.lookupDocument ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code, field: fieldPath });
    expect((await hub.dataSource.query('SELECT count(*)::int AS n FROM document'))[0].n).toBe(documentsBefore);
    const [entry] = await hub.dataSource.query('SELECT * FROM data_access WHERE at >= $1 ORDER BY at DESC LIMIT 1', [started]);
    expect(entry).toMatchObject({ outcome: 'REFUSED', error_code: code, actor_role: 'operator', document_id: null });
  });

  it('says whose consent it wanted when a consent is signed by the wrong person', async () => {
    const wrong = consentBy(signerOf('citizen', OTHER_CITIZEN_IIN), { subjectIinBin: CITIZEN_IIN });
    const { errors } = await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: wrong }));
    expect(errors![0].extensions).toMatchObject({ code: 'SIGNER_MISMATCH', field: 'input.consent.signature' });
    expect(errors![0].message).toContain(`not the subject ${CITIZEN_IIN}`);
    expect(errors![0].message).not.toMatch(/operator/i);
  });

  it('answers each document of a batch on its own: an item not entitled gets its coded error naming it, the others are returned', async () => {
    const consent = citizenConsent();
    const { data, errors } = await hub.query(LOOKUPS, { input: signed({ requestedAt: new Date().toISOString(), purpose: PURPOSE, items: [
      { documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent },
      { documentType: 'INDIVIDUAL', subjectIinBin: CITIZEN_IIN },
      { documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent({ givenAt: daysAgo(31) }) },
    ] }, signerOf('operator')) }, operatorToken());
    expect(errors).toBeUndefined();
    const answers = data.lookupDocuments;
    expect(answers[0].document.documentType).toBe('ADDRESS');
    expect(answers.slice(1).map((a: any) => [a.document, a.error.code, a.error.field])).toEqual([
      [null, 'LOOKUP_BASIS_REQUIRED', 'input.items.1'],
      [null, 'CONSENT_EXPIRED', 'input.items.2.consent.givenAt'],
    ]);
  });

  it('refuses a batch with a malformed item whole, naming the item, and journals none of it', async () => {
    const consent = citizenConsent();
    const journalled = await journalSize();
    for (const [bad, code, fieldPath] of [
      [{ documentType: 'ADDRESS', subjectIinBin: '123', consent }, 'INVALID_IIN_BIN', 'input.items.1.subjectIinBin'],
      [{ documentType: 'PASSPORT_PHOTO', subjectIinBin: CITIZEN_IIN, consent }, 'UNKNOWN_DOCUMENT_TYPE', 'input.items.1.documentType'],
    ] as const) {
      const { data, errors } = await hub.query(LOOKUPS, { input: signed({ requestedAt: new Date().toISOString(), purpose: PURPOSE, items: [
        { documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent }, bad,
      ] }, signerOf('operator')) }, operatorToken());
      expect(data?.lookupDocuments ?? null).toBeNull();
      expect(errors![0].extensions).toMatchObject({ code, field: fieldPath });
    }
    expect(await journalSize()).toBe(journalled);
  });

  it("refuses an operator's request with a 200 KB purpose with TEXT_TOO_LONG on the field, and journals nothing", async () => {
    const consent = citizenConsent();
    const journalled = await journalSize();
    const items = Array.from({ length: 20 }, () => ({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent }));
    const { data, errors } = await hub.query(LOOKUPS, { input: signed({ requestedAt: new Date().toISOString(), purpose: 'x'.repeat(200 * 1024), items }, signerOf('operator')) }, operatorToken());
    expect(data?.lookupDocuments ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'TEXT_TOO_LONG', field: 'input.purpose' });
    expect(await journalSize()).toBe(journalled);
  });

  it('refuses more than 500 documents in one request, and an empty one, journalling none of them', async () => {
    const consent = citizenConsent();
    const items = Array.from({ length: 501 }, () => ({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent }));
    const journalled = await journalSize();
    const tooMany = await hub.query(LOOKUPS, { input: signed({ requestedAt: new Date().toISOString(), purpose: PURPOSE, items }, signerOf('operator')) }, operatorToken());
    expect(tooMany.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_LOOKUPS', field: 'input.items' });
    expect(await journalSize()).toBe(journalled);
    const empty = await hub.query(LOOKUPS, { input: signed({ requestedAt: new Date().toISOString(), purpose: PURPOSE, items: [] }, signerOf('operator')) }, operatorToken());
    expect(empty.errors![0].extensions).toMatchObject({ code: 'FIELD_REQUIRED', field: 'input.items' });
  });

  it.each([
    ['a citizen', () => tokenFor('citizen', { iin: OTHER_CITIZEN_IIN, sub: 'curious-citizen' }), 'curious-citizen'],
    ['the contact centre', () => tokenFor('contact_centre', { sub: 'curious-cc' }), 'curious-cc'],
    ['an analyst', () => tokenFor('analyst', { sub: 'curious-analyst' }), 'curious-analyst'],
    ['a provider', () => tokenFor('provider', { bin: JUSTICE_BIN, sub: 'curious-provider' }), 'curious-provider'],
  ])("refuses %s a lookup of another person's data: nothing in that person's access journal, one line in the security log", async (_who, token, sub) => {
    const theirs = async () => (await hub.query(MY_DATA_ACCESS, { first: 500 }, citizenToken)).data.myDataAccess.nodes.length;
    const [journalled, visible] = [await journalSize(), await theirs()];
    const items = Array.from({ length: 20 }, () => ({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent() }));
    const { errors } = await hub.query(LOOKUPS, { input: { requestedAt: new Date().toISOString(), purpose: 'x'.repeat(200 * 1024), items, signature: '' } }, token());
    expect(errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await journalSize()).toBe(journalled);
    expect(await theirs()).toBe(visible);
    const logged = await securityLogOf(sub);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ operation: 'lookupDocuments', reason: 'FORBIDDEN' });
    expect(logged[0].actor_role).toBe(JSON.parse(Buffer.from(token().split('.')[1], 'base64url').toString()).role);
  });

  it('shows the security log to analysts and admins, newest first, and to no one else', async () => {
    await hub.query(LOOKUPS, { input: { requestedAt: new Date().toISOString(), purpose: PURPOSE, items: [{ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN }], signature: '' } }, tokenFor('citizen', { iin: CITIZEN_IIN, sub: 'logged-citizen' }));
    for (const token of [tokenFor('analyst'), tokenFor('admin')]) {
      const { data, errors } = await hub.query('query($first: Int) { securityLog(first: $first) { nodes { id at actorSubject actorRole actorIin actorBin operation reason field } endCursor hasNextPage } }', { first: 5 }, token);
      expect(errors).toBeUndefined();
      expect(data.securityLog.nodes[0]).toMatchObject({ actorSubject: 'logged-citizen', actorRole: 'citizen', actorIin: CITIZEN_IIN, operation: 'lookupDocuments', reason: 'FORBIDDEN' });
      expect(data.securityLog.nodes[0].at).toMatch(/\+05:00$/);
    }
    for (const token of [citizenToken, operatorToken(), tokenFor('contact_centre')]) {
      const { errors } = await hub.query('{ securityLog(first: 1) { nodes { id } } }', {}, token);
      expect(errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('never returns a state secret, to an operator or to an admin, and never asks its source', async () => {
    const subject = registers.clearances[0].iin;
    const person = await personWithCertificate(subject);
    const before = calls('POPULATION_REGISTER');
    for (const token of [operatorToken(), tokenFor('admin', { sub: 'root' })]) {
      const { data, errors } = await lookup(singleLookup({ documentType: 'SECURITY_CLEARANCE', subjectIinBin: subject, consent: consentBy(person, { subjectIinBin: subject }) }), token);
      expect(data?.lookupDocument ?? null).toBeNull();
      expect(errors![0].extensions).toMatchObject({ code: 'DOCUMENT_CLASSIFIED', field: 'input.documentType' });
    }
    const batch = await hub.query(LOOKUPS, { input: signed({ requestedAt: new Date().toISOString(), purpose: PURPOSE, items: [
      { documentType: 'SECURITY_CLEARANCE', subjectIinBin: subject, consent: consentBy(person, { subjectIinBin: subject }) },
      { documentType: 'INDIVIDUAL', subjectIinBin: subject, consent: consentBy(person, { subjectIinBin: subject }) },
    ] }, signerOf('operator')) }, operatorToken());
    expect(batch.data.lookupDocuments[0]).toMatchObject({ document: null, error: { code: 'DOCUMENT_CLASSIFIED' } });
    expect(batch.data.lookupDocuments[1].document.data.surname).toBeTruthy();
    expect(calls('POPULATION_REGISTER')).toBe(before + 1);
    // the operator's attempts are the subject's to see; the admin may never look up, so theirs is in the security log
    const entries = (await journalOf(subject)).filter((e: any) => e.document_type === 'SECURITY_CLEARANCE');
    expect(entries).toHaveLength(2);
    expect(entries.every((e: any) => e.outcome === 'REFUSED' && e.error_code === 'DOCUMENT_CLASSIFIED')).toBe(true);
    expect(entries.map((e: any) => e.actor_role).sort()).toEqual(['operator', 'operator']);
    expect((await securityLogOf('root')).map((e: any) => [e.operation, e.reason])).toEqual([['lookupDocument', 'DOCUMENT_CLASSIFIED']]);
    const stored = await hub.dataSource.query("SELECT count(*)::int AS n FROM document WHERE document_type = 'SECURITY_CLEARANCE'");
    expect(stored[0].n).toBe(0);
  });
});

describe('what an application entitles', () => {
  const partner = (input: Record<string, unknown>, query = LOOKUP) => hub.query(query, { input: signed({ requestedAt: new Date().toISOString(), purpose: PURPOSE, ...input }, providerSigner(MIGRATION_BIN)) }, partnerToken);
  const submitted = async (overrides: Record<string, unknown> = {}) => {
    const { data, errors } = await hub.query(SUBMIT, { input: signedSubmission(overrides) }, operatorToken());
    expect(errors).toBeUndefined();
    return data.submitApplication.application as { id: string; number: string };
  };
  const landPlot = () => submitted({ serviceCode: 'LAND-PLOT', attachments: [{ documentType: 'IDENTITY', file: file('id') }, { documentType: 'REAL_ESTATE_TITLE', file: file('title') }] });

  it("refuses a partner of an unrelated organisation citing another organisation's application, for every document it asks", async () => {
    const app = await landPlot();   // submitted by the ЦОН operator, provided by the akimat
    const single = await partner({ documentType: 'REAL_ESTATE_TITLE', subjectIinBin: CITIZEN_IIN, applicationId: app.id });
    expect(single.data?.lookupDocument ?? null).toBeNull();
    expect(single.errors![0].extensions).toMatchObject({ code: 'APPLICATION_OF_ANOTHER_ORGANISATION', field: 'input.applicationId' });
    const batch = await partner({ items: ['INDIVIDUAL', 'ADDRESS', 'IDENTITY', 'REAL_ESTATE_TITLE'].map((documentType) => ({ documentType, subjectIinBin: CITIZEN_IIN, applicationId: app.id })) }, LOOKUPS);
    expect(batch.errors).toBeUndefined();
    expect(batch.data.lookupDocuments.map((a: any) => [a.document, a.error.code])).toEqual(Array(4).fill([null, 'APPLICATION_OF_ANOTHER_ORGANISATION']));
  });

  it("lets a provider's system look up what an application it provides requires", async () => {
    const app = await submitted({ serviceCode: 'PASSPORT', payment: { paymentId: `KASPI-${randomUUID().slice(0, 8)}`, amount: 8650, paidAt: new Date().toISOString() } });
    const { data, errors } = await partner({ documentType: 'IDENTITY', subjectIinBin: CITIZEN_IIN, applicationId: app.id });
    expect(errors).toBeUndefined();
    expect(data.lookupDocument).toMatchObject({ documentType: 'IDENTITY', subjectIinBin: CITIZEN_IIN });
  });

  it("refuses a document type the application's service does not require", async () => {
    const app = await landPlot();
    const { errors } = await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, applicationId: app.id }));
    expect(errors![0].extensions).toMatchObject({ code: 'DOCUMENT_TYPE_NOT_REQUIRED', field: 'input.documentType' });
    const required = await lookup(singleLookup({ documentType: 'REAL_ESTATE_TITLE', subjectIinBin: CITIZEN_IIN, applicationId: app.id }));
    expect(required.errors).toBeUndefined();
  });

  it('refuses a closed application', async () => {
    const app = await landPlot();
    const refusal = signed({ messageId: randomUUID(), providerBin: AKIMAT_BIN, applicationNumber: app.number, outcome: 'REFUSED', decidedAt: new Date().toISOString(), refusalReason: 'Участок не свободен' }, providerSigner(AKIMAT_BIN));
    const closed = await hub.query(POST_RESULT, { input: refusal }, tokenFor('provider', { bin: AKIMAT_BIN }));
    expect(closed.data.postResult.application.currentStage).toBe('CLOSED');
    const { data, errors } = await lookup(singleLookup({ documentType: 'REAL_ESTATE_TITLE', subjectIinBin: CITIZEN_IIN, applicationId: app.id }));
    expect(data?.lookupDocument ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'APPLICATION_CLOSED', field: 'input.applicationId' });
  });

  it('prefills from an application only the documents its service requires', async () => {
    const app = await landPlot();
    const input = signed({ requestedAt: new Date().toISOString(), serviceCode: 'LAND-PLOT', recipientIinBin: CITIZEN_IIN, purpose: PURPOSE, applicationId: app.id }, signerOf('operator'));
    const { data, errors } = await hub.query(PREFILL, { input }, operatorToken());
    expect(errors).toBeUndefined();
    const byType = Object.fromEntries(data.prefillApplication.documents.map((d: any) => [d.documentType, d.error?.code ?? 'RETURNED']));
    expect(byType).toEqual({ INDIVIDUAL: 'DOCUMENT_TYPE_NOT_REQUIRED', ADDRESS: 'DOCUMENT_TYPE_NOT_REQUIRED', IDENTITY: 'RETURNED', REAL_ESTATE_TITLE: 'RETURNED' });
    expect(data.prefillApplication.missingDocuments).toEqual([]);
  });
});

describe('what a consent entitles', () => {
  it('refuses a consent older than 30 days, one from 2019 included, and takes one of 29 days', async () => {
    for (const givenAt of [daysAgo(31), '2019-03-14T10:00:00+06:00']) {
      const { data, errors } = await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent({ givenAt }) }));
      expect(data?.lookupDocument ?? null).toBeNull();
      expect(errors![0].extensions).toMatchObject({ code: 'CONSENT_EXPIRED', field: 'input.consent.givenAt' });
      const [entry] = await journalOf(CITIZEN_IIN);
      expect(entry).toMatchObject({ outcome: 'REFUSED', error_code: 'CONSENT_EXPIRED', basis: 'CONSENT' });
    }
    const recent = await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent({ givenAt: daysAgo(29) }) }));
    expect(recent.errors).toBeUndefined();
  });

  it('refuses a consent dated in the future beyond the clock skew, and takes one within it', async () => {
    const ahead = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const future = await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent({ givenAt: ahead(10) }) }));
    expect(future.errors![0].extensions).toMatchObject({ code: 'TIME_IN_FUTURE', field: 'input.consent.givenAt' });
    const skewed = await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent({ givenAt: ahead(1) }) }));
    expect(skewed.errors).toBeUndefined();
  });

  it('takes a consent only for the organisation it names: one given to the partner does not serve the operator', async () => {
    const { errors } = await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent: citizenConsent({ requesterBin: MIGRATION_BIN }) }));
    expect(errors![0].extensions).toMatchObject({ code: 'PAYLOAD_MISMATCH', field: 'input.consent.signature' });
  });
});

describe('the hash of a looked-up document', () => {
  // the RFC 8785 implementation a recipient of the data would use, not the hub's own helper
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const canonicalize = require('canonicalize') as (value: unknown) => string;
  const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('is the SHA-256 of the RFC 8785 bytes of data exactly as returned, null fields included (a person without a patronymic)', async () => {
    const consent = consentBy(signerOf('citizen', OTHER_CITIZEN_IIN), { subjectIinBin: OTHER_CITIZEN_IIN });
    const { data, errors } = await lookup(singleLookup({ documentType: 'INDIVIDUAL', subjectIinBin: OTHER_CITIZEN_IIN, consent }));
    expect(errors).toBeUndefined();
    const document = data.lookupDocument;
    expect(document.data).toHaveProperty('patronymic', null);
    expect(document.contentSha256).toBe(sha256Hex(canonicalize(document.data)));
    const [stored] = await hub.dataSource.query('SELECT content, content_sha256 FROM document WHERE id = $1', [document.id]);
    expect(stored.content).toEqual(document.data);
    expect(stored.content_sha256).toBe(document.contentSha256);
  });
});

describe('the per-type cache', () => {
  it('serves a type whose source allows it from the cache within its lifetime, and asks again for one that does not', async () => {
    const consent = citizenConsent();
    const first = await lookup(singleLookup({ documentType: 'INDIVIDUAL', subjectIinBin: OTHER_CITIZEN_IIN, consent: consentBy(signerOf('citizen', OTHER_CITIZEN_IIN), { subjectIinBin: OTHER_CITIZEN_IIN }) }));
    const population = calls('POPULATION_REGISTER');
    const second = await lookup(singleLookup({ documentType: 'INDIVIDUAL', subjectIinBin: OTHER_CITIZEN_IIN, consent: consentBy(signerOf('citizen', OTHER_CITIZEN_IIN), { subjectIinBin: OTHER_CITIZEN_IIN }) }));
    expect(calls('POPULATION_REGISTER')).toBe(population);
    expect(second.data.lookupDocument).toMatchObject({ fromCache: true, fetchedAt: first.data.lookupDocument.fetchedAt, contentSha256: first.data.lookupDocument.contentSha256 });
    expect(second.data.lookupDocument.id).not.toBe(first.data.lookupDocument.id);

    const address = calls('ADDRESS_REGISTER');
    await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent }));
    const again = await lookup(singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, consent }));
    expect(again.data.lookupDocument.fromCache).toBe(false);
    expect(calls('ADDRESS_REGISTER')).toBe(address + 2);
  });
});

describe('reading looked-up documents', () => {
  let documentId: string;
  beforeAll(async () => {
    const { data } = await hub.query(PREFILL, { input: prefillInput('LAND-PLOT', CITIZEN_IIN, citizenConsent()) }, operatorToken());
    const submitted = await hub.query(SUBMIT, { input: signedSubmission({ serviceCode: 'LAND-PLOT', attachments: data.prefillApplication.attachments }) }, operatorToken());
    expect(submitted.errors).toBeUndefined();
    documentId = data.prefillApplication.attachments[0].documentId;
  });

  const read = (token: string) => hub.query(`query($id: ID!) { document(id: $id) { id documentType data } }`, { id: documentId }, token);

  it('lets the subject, the organisation that looked it up, the provider it was sent to, and admins read it', async () => {
    for (const token of [citizenToken, operatorToken(), tokenFor('provider', { bin: AKIMAT_BIN }), tokenFor('admin')]) {
      const { data, errors } = await read(token);
      expect(errors).toBeUndefined();
      expect(data.document.id).toBe(documentId);
    }
  });

  it('keeps it from another citizen, another provider, analysts and the contact centre', async () => {
    for (const token of [tokenFor('citizen', { iin: OTHER_CITIZEN_IIN }), tokenFor('provider', { bin: JUSTICE_BIN }), tokenFor('analyst'), tokenFor('contact_centre')]) {
      const { errors } = await read(token);
      expect(errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('the access journal', () => {
  it('lets analysts query it by organisation and period, and keeps it from citizens', async () => {
    const from = new Date(Date.now() - 60 * 60_000).toISOString();
    const { data, errors } = await hub.query(ACCESS_JOURNAL, { filter: { organisationBin: MIGRATION_BIN, from }, first: 50 }, tokenFor('analyst'));
    expect(errors).toBeUndefined();
    const nodes = data.dataAccessJournal.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n: any) => n.organisation.bin === MIGRATION_BIN && n.at >= from.slice(0, 10))).toBe(true);

    const future = await hub.query(ACCESS_JOURNAL, { filter: { organisationBin: OPERATOR_BIN, from: new Date(Date.now() + 3_600_000).toISOString() } }, tokenFor('analyst'));
    expect(future.data.dataAccessJournal.nodes).toEqual([]);
    const operatorEntries = await hub.query(ACCESS_JOURNAL, { filter: { organisationBin: OPERATOR_BIN }, first: 5 }, tokenFor('admin'));
    expect(operatorEntries.data.dataAccessJournal.nodes[0].actorIin).toBe(signerOf('operator').iin);

    const refused = await hub.query(ACCESS_JOURNAL, {}, citizenToken);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("pages the citizen's own entries newest first, and shows no one else's", async () => {
    const page1 = (await hub.query(MY_DATA_ACCESS, { first: 3 }, citizenToken)).data.myDataAccess;
    expect(page1.hasNextPage).toBe(true);
    const page2 = (await hub.query(MY_DATA_ACCESS, { first: 3, after: page1.endCursor }, citizenToken)).data.myDataAccess;
    const all = [...page1.nodes, ...page2.nodes];
    expect(new Set(all.map((n: any) => n.id)).size).toBe(all.length);
    expect(all.every((n: any) => n.subject === CITIZEN_IIN)).toBe(true);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].at >= all[i].at).toBe(true);
    const other = (await hub.query(MY_DATA_ACCESS, { first: 500 }, tokenFor('citizen', { iin: OTHER_CITIZEN_IIN }))).data.myDataAccess.nodes;
    expect(other.every((n: any) => n.subject === OTHER_CITIZEN_IIN)).toBe(true);
  });
});

describe('the registry', () => {
  it('lists the document types with their sources, the secret one marked', async () => {
    const { data } = await hub.query('{ documentTypes { code source { code ownerBin } secret cacheSeconds } }', {}, operatorToken());
    const byCode = Object.fromEntries(data.documentTypes.map((t: any) => [t.code, t]));
    expect(byCode.SECURITY_CLEARANCE.secret).toBe(true);
    expect(byCode.IDENTITY).toMatchObject({ secret: false, source: { code: 'IDENTITY_DOCUMENTS', ownerBin: MIGRATION_BIN } });
    expect(byCode.INDIVIDUAL.cacheSeconds).toBe(300);
  });

  it('gives admins each source with its limits and call counts', async () => {
    const { data } = await hub.query('{ documentSources { source { code } connector timeoutMs concurrency calls failures } }', {}, tokenFor('admin'));
    const identity = data.documentSources.find((s: any) => s.source.code === 'IDENTITY_DOCUMENTS');
    expect(identity).toMatchObject({ connector: 'http', timeoutMs: 3000, concurrency: 4 });
    expect(identity.calls).toBeGreaterThan(0);
    expect(identity.failures).toBeGreaterThan(0);
    const forbidden = await hub.query('{ documentSources { calls } }', {}, operatorToken());
    expect(forbidden.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});

