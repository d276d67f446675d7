import { randomUUID } from 'node:crypto';
import { ProviderStand } from '../../../provider-stand/stand';
import { startHub, TestHub } from '../../support/hub';
import { eventually, file, operatorToken, POST_RESULT, providerSigner, routeProviderTo, signAs, signed, signedSubmission, signerOf, submission, SUBMIT } from '../../support/applications';
import { demoSigners } from '../../support/reports';
import { consentBy, LOOKUP, singleLookup } from '../../support/documents';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, MIGRATION_BIN, OTHER_CITIZEN_IIN, tokenFor } from '../../support/tokens';

const CITIZEN_VIEW = `
  query Mine($number: String!) {
    applicationByNumber(number: $number) {
      id number currentStage outcome channel executionDate
      service { code name }
      timeline { stage occurredAt signature { signerName signerBin } }
      attachments { purpose source fileName sha256 sizeBytes }
      result { outcome decidedAt document { fileName sha256 sizeBytes contentBase64 } }
    }
  }`;

let hub: TestHub;
let stand: ProviderStand;

beforeAll(async () => {
  hub = await startHub();
  stand = await new ProviderStand({
    signers: demoSigners(),
    hub: { url: hub.gateways[0].url, tokenFor: (bin) => tokenFor('provider', { bin, sub: `stand-${bin}` }) },
    processing: { acceptAfterMs: 100, resultAfterMs: 300 },
  }).start();
  await routeProviderTo(hub.dataSource, JUSTICE_BIN, stand.endpointFor(JUSTICE_BIN));
  await routeProviderTo(hub.dataSource, MIGRATION_BIN, stand.endpointFor(MIGRATION_BIN));
});

afterAll(async () => {
  await stand?.stop();
  await hub?.stop();
});

const submit = (input: Record<string, unknown>, token = operatorToken()) => hub.query(SUBMIT, { input }, token);
const citizen = tokenFor('citizen', { iin: CITIZEN_IIN });
const countRows = async () => {
  const [row] = await hub.dataSource.query('SELECT (SELECT count(*) FROM application)::int AS apps, (SELECT count(*) FROM submission)::int AS subs, (SELECT count(*) FROM exchange_message WHERE direction = \'OUT\')::int AS requests, (SELECT count(*) FROM attachment)::int AS attachments');
  return row;
};

describe('the full path through the gateway', () => {
  it('submits, delivers, takes the provider\'s stages and result, lets the operator issue it, and the citizen reads it and answers the survey', async () => {
    const submitted = await submit(signedSubmission());
    expect(submitted.errors).toBeUndefined();
    const { application } = submitted.data.submitApplication;
    expect(application.number).toMatch(/^QH-\d{4}-\d{7}$/);
    expect(application).toMatchObject({ providerBin: JUSTICE_BIN, channel: 'HUB', service: { code: 'CRIM-CERT' } });
    expect(application.plannedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // the demo provider takes the request, reports "accepted into work", then posts the issued document
    const awaiting = await eventually(async () => {
      const r = await hub.query(CITIZEN_VIEW, { number: application.number }, citizen);
      // the stages (statuses subgraph) and the result (applications) are read by separate subgraph calls: wait for both
      return r.data?.applicationByNumber?.currentStage === 'AWAITING_ISSUANCE' && r.data.applicationByNumber.result && r.data.applicationByNumber;
    });
    expect(awaiting.timeline.map((s: { stage: string }) => s.stage)).toEqual(['ACCEPTED', 'SENT_FOR_EXECUTION', 'ACCEPTED_INTO_WORK', 'EXECUTED', 'AWAITING_ISSUANCE']);
    expect(awaiting.timeline[0].signature.signerName).toBe('DEMO OPERATOR');
    expect(awaiting.timeline[1].signature.signerName).toBe('QYZMET HUB DEMO SYSTEM');
    expect(awaiting.timeline[2].signature.signerBin).toBe(JUSTICE_BIN);
    expect(awaiting.result.outcome).toBe('ISSUED');
    const doc = awaiting.result.document;
    expect(Buffer.from(doc.contentBase64, 'base64').toString()).toContain(application.number);
    expect(awaiting.attachments.map((a: { purpose: string }) => a.purpose).sort()).toEqual(['CONSENT', 'DOCUMENT']);
    expect(stand.accepted.filter((m) => m.application.number === application.number)).toHaveLength(1);

    // the operator hands it over, signing the act; the application is closed as issued
    const issuance = { applicationId: application.id, messageId: randomUUID() };
    const issued = await hub.query('mutation Issue($input: IssuanceInput!) { issueResult(input: $input) { id } }', { input: { ...issuance, signature: signAs(signerOf('operator'), issuance) } }, operatorToken());
    expect(issued.errors).toBeUndefined();
    const closed = await hub.query(CITIZEN_VIEW, { number: application.number }, citizen);
    expect(closed.data.applicationByNumber).toMatchObject({ currentStage: 'CLOSED', outcome: 'ISSUED' });

    const mine = await hub.query('{ myApplications { nodes { number } } }', {}, citizen);
    expect(mine.data.myApplications.nodes.map((a: { number: string }) => a.number)).toContain(application.number);
    // page by page, newest registered first (other test files share the database, some with clocks
    // of their own), each application once, this one among them
    const paged = 'query($after: String) { myApplications(first: 25, after: $after) { nodes { id number registeredAt } pageInfo { hasNextPage endCursor } } }';
    const all: { id: string; number: string; registeredAt: string }[] = [];
    for (let after: string | undefined, more = true; more;) {
      const page = (await hub.query(paged, { after }, citizen)).data.myApplications;
      all.push(...page.nodes);
      ({ hasNextPage: more, endCursor: after } = page.pageInfo);
    }
    expect(all.map((a) => a.number)).toContain(application.number);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) expect(Date.parse(all[i - 1].registeredAt)).toBeGreaterThanOrEqual(Date.parse(all[i].registeredAt));

    const survey = await hub.query('mutation S($input: SurveyInput!) { answerSurvey(input: $input) }', { input: { applicationId: application.id, processAndResult: 'SATISFIED', information: 'PARTLY_SATISFIED' } }, citizen);
    expect(survey.data.answerSurvey).toBe(true);
    const again = await hub.query('mutation S($input: SurveyInput!) { answerSurvey(input: $input) }', { input: { applicationId: application.id, processAndResult: 'NOT_SATISFIED', information: 'NOT_SATISFIED' } }, citizen);
    expect(again.errors![0].extensions).toMatchObject({ code: 'SURVEY_ALREADY_ANSWERED' });
    const results = await hub.query('{ surveyResults(serviceCode: "CRIM-CERT") { serviceCode answers processAndResult { satisfied notSatisfied } information { partlySatisfied } } }', {}, tokenFor('analyst'));
    expect(results.data.surveyResults[0].processAndResult.satisfied).toBeGreaterThanOrEqual(1);
    expect(results.data.surveyResults[0].information.partlySatisfied).toBeGreaterThanOrEqual(1);

    // the journal holds the request (delivered, answered), the provider's stage report and its response
    const journal = await hub.query(`query J($f: MessageFilter) { exchangeMessages(filter: $f) { nodes { direction kind outcome deliveredAt answeredAt attempts sizeBytes sha256 attemptLog { outcome } } } }`, { f: { applicationId: application.id } }, tokenFor('admin'));
    const byKind = Object.fromEntries(journal.data.exchangeMessages.nodes.map((m: { kind: string }) => [m.kind, m]));
    expect(byKind.REQUEST).toMatchObject({ direction: 'OUT', outcome: 'DELIVERED', attempts: 1, attemptLog: [{ outcome: 'DELIVERED' }] });
    expect(byKind.REQUEST.deliveredAt).toBeTruthy();
    expect(byKind.REQUEST.answeredAt).toBeTruthy();
    expect(byKind.RESPONSE).toMatchObject({ direction: 'IN', outcome: 'ACCEPTED' });
    // the provider's stage report ("accepted into work") is a received message too
    expect(byKind.STAGE_REPORT).toMatchObject({ direction: 'IN', outcome: 'ACCEPTED', attempts: 1 });
  });

  it('refuses the survey before the application is closed, and to anyone but the recipient', async () => {
    const { data } = await submit(signedSubmission({ serviceCode: 'LAND-PLOT', attachments: [{ documentType: 'IDENTITY', file: file('id') }, { documentType: 'REAL_ESTATE_TITLE', file: file('title') }] }));
    const id = data.submitApplication.application.id;
    const early = await hub.query('mutation S($input: SurveyInput!) { answerSurvey(input: $input) }', { input: { applicationId: id, processAndResult: 'SATISFIED', information: 'SATISFIED' } }, citizen);
    expect(early.errors![0].extensions).toMatchObject({ code: 'SURVEY_NOT_OPEN' });
    const other = await hub.query('mutation S($input: SurveyInput!) { answerSurvey(input: $input) }', { input: { applicationId: id, processAndResult: 'SATISFIED', information: 'SATISFIED' } }, tokenFor('citizen', { iin: OTHER_CITIZEN_IIN }));
    expect(other.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('hands a request for a provider without a system of its own straight to the workstation, sent for execution at once', async () => {
    const { data, errors } = await submit(signedSubmission({ serviceCode: 'LAND-PLOT', attachments: [{ documentType: 'IDENTITY', file: file('id') }, { documentType: 'REAL_ESTATE_TITLE', file: file('title') }] }));
    expect(errors).toBeUndefined();
    expect(data.submitApplication.application).toMatchObject({ providerBin: AKIMAT_BIN, currentStage: 'SENT_FOR_EXECUTION' });
  });

  it('returns the first application when an operator resends the same submission', async () => {
    const input = signedSubmission();
    const first = await submit(input);
    const second = await submit(input);
    expect(second.data.submitApplication.duplicate).toBe(true);
    expect(second.data.submitApplication.application.number).toBe(first.data.submitApplication.application.number);
  });

  it("takes a consent signed with the recipient's own certificate", async () => {
    const base = submission({ consent: undefined });
    const givenAt = new Date().toISOString();
    const consentSignature = signAs(signerOf('citizen', CITIZEN_IIN), { kind: 'CONSENT', recipientIin: CITIZEN_IIN, serviceCode: 'CRIM-CERT', givenAt });
    const { errors } = await submit(signed({ ...base, consent: { kind: 'SIGNED', givenAt, signature: consentSignature } }, signerOf('operator')));
    expect(errors).toBeUndefined();
  });

  it('takes a paid service with a receipt for exactly its fee', async () => {
    const { errors, data } = await submit(signedSubmission({
      serviceCode: 'RE-RIGHTS',
      attachments: [{ documentType: 'IDENTITY', file: file('id') }, { documentType: 'REAL_ESTATE_TITLE', file: file('title') }],
      payment: { paymentId: `PAY-${randomUUID().slice(0, 8)}`, amount: 2162.5, paidAt: new Date().toISOString() },
    }));
    expect(errors).toBeUndefined();
    expect(data.submitApplication.application.service.code).toBe('RE-RIGHTS');
  });
});

describe('bad submissions: a coded error naming the field, and nothing written', () => {
  const twoDocs = [{ documentType: 'IDENTITY', file: file('id') }, { documentType: 'REAL_ESTATE_TITLE', file: file('title') }];
  const cases: [string, () => Record<string, unknown>, string, string][] = [
    ['a paid service without a receipt', () => signedSubmission({ serviceCode: 'RE-RIGHTS', attachments: twoDocs }), 'PAYMENT_REQUIRED', 'input.payment'],
    ['a receipt for the wrong amount', () => signedSubmission({ serviceCode: 'RE-RIGHTS', attachments: twoDocs, payment: { paymentId: 'P-1', amount: 2000, paidAt: new Date().toISOString() } }), 'PAYMENT_AMOUNT_MISMATCH', 'input.payment.amount'],
    ['no consent', () => signedSubmission({ consent: undefined }), 'CONSENT_REQUIRED', 'input.consent'],
    ['a written consent without its scan', () => signedSubmission({ consent: { kind: 'WRITTEN', givenAt: new Date().toISOString() } }), 'CONSENT_REQUIRED', 'input.consent.scan'],
    ['a consent signed by someone other than the recipient', () => {
      const givenAt = new Date().toISOString();
      const signature = signAs(signerOf('citizen', OTHER_CITIZEN_IIN), { kind: 'CONSENT', recipientIin: CITIZEN_IIN, serviceCode: 'CRIM-CERT', givenAt });
      return signedSubmission({ consent: { kind: 'SIGNED', givenAt, signature } });
    }, 'SIGNER_MISMATCH', 'input.consent.signature'],
    ['an attachment whose hash does not match', () => signedSubmission({ attachments: [{ documentType: 'IDENTITY', file: { ...file('id'), sha256: 'a'.repeat(64) } }] }), 'ATTACHMENT_HASH_MISMATCH', 'input.attachments.0.file.sha256'],
    ['a required document missing', () => signedSubmission({ attachments: [] }), 'REQUIRED_DOCUMENT_MISSING', 'input.attachments'],
    ['a looked-up document that does not exist', () => signedSubmission({ attachments: [{ documentType: 'IDENTITY', documentId: randomUUID() }] }), 'DOCUMENT_NOT_FOUND', 'input.attachments.0.documentId'],
    ['an unknown service', () => signedSubmission({ serviceCode: 'NO-SUCH' }), 'UNKNOWN_SERVICE', 'input.serviceCode'],
    ['an inactive service', () => signedSubmission({ serviceCode: 'ADDR-REF-OLD' }), 'SERVICE_INACTIVE', 'input.serviceCode'],
    ['an invalid recipient IIN', () => signedSubmission({ recipient: { surname: 'А', name: 'Б', iinOrBin: '900101300127' } }), 'INVALID_IIN_BIN', 'input.recipient.iinOrBin'],
    ['a submission signed by someone else', () => signed(submission(), providerSigner(JUSTICE_BIN)), 'SIGNER_MISMATCH', 'input.signature'],
    ['a submission changed after signing', () => ({ ...signedSubmission(), placeOfAcceptance: 'elsewhere' }), 'PAYLOAD_MISMATCH', 'input.signature'],
  ];

  it.each(cases)('refuses %s', async (_name, input, code, field) => {
    const before = await countRows();
    const { errors, data } = await submit(input());
    expect(data?.submitApplication ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code, field });
    expect(await countRows()).toEqual(before);
  });

  it("says whose signature it wanted when the consent is signed by someone other than the recipient", async () => {
    const givenAt = new Date().toISOString();
    const signature = signAs(signerOf('citizen', OTHER_CITIZEN_IIN), { kind: 'CONSENT', recipientIin: CITIZEN_IIN, serviceCode: 'CRIM-CERT', givenAt });
    const { errors } = await submit(signedSubmission({ consent: { kind: 'SIGNED', givenAt, signature } }));
    expect(errors![0].extensions).toMatchObject({ code: 'SIGNER_MISMATCH', field: 'input.consent.signature' });
    expect(errors![0].message).toContain(`not the recipient ${CITIZEN_IIN}`);
    expect(errors![0].message).not.toMatch(/operator/i);
  });

  it.each(['SECURITY_CLEARANCE', 'security_clearance'])('refuses an uploaded attachment typed as a state secret (%s) before anything is stored or queued', async (documentType) => {
    const rows = await countRows();
    const jobs = async () => (await hub.dataSource.query('SELECT count(*)::int AS n FROM pgboss.job'))[0].n;
    const queued = await jobs();
    const { errors, data } = await submit(signedSubmission({ attachments: [
      { documentType: 'IDENTITY', file: file('удостоверение личности (скан)') }, { documentType, file: file('допуск к государственным секретам') },
    ] }));
    expect(data?.submitApplication ?? null).toBeNull();
    expect(errors![0].extensions).toMatchObject({ code: 'DOCUMENT_CLASSIFIED', field: 'input.attachments.1.documentType' });
    expect(await countRows()).toEqual(rows);
    expect(await jobs()).toBe(queued);
  });

  it('refuses a submission from anyone but an operator', async () => {
    const { errors } = await submit(signedSubmission(), tokenFor('provider', { bin: JUSTICE_BIN }));
    expect(errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("refuses a looked-up document about someone other than the recipient, or attached as another type", async () => {
    const other = signerOf('citizen', OTHER_CITIZEN_IIN);
    const lookup = await hub.query(LOOKUP, { input: singleLookup({ documentType: 'ADDRESS', subjectIinBin: OTHER_CITIZEN_IIN, consent: consentBy(other, { subjectIinBin: OTHER_CITIZEN_IIN }) }) }, operatorToken());
    const documentId = lookup.data!.lookupDocument.id;
    const identity = { documentType: 'IDENTITY', file: file('удостоверение личности (скан)') };
    const { errors } = await submit(signedSubmission({ attachments: [identity, { documentType: 'ADDRESS', documentId }] }));
    expect(errors![0].extensions).toMatchObject({ code: 'DOCUMENT_OF_ANOTHER_SUBJECT', field: 'input.attachments.1.documentId' });
    const mismatch = await submit(signedSubmission({ attachments: [identity, { documentType: 'REAL_ESTATE_TITLE', documentId }] }));
    expect(mismatch.errors![0].extensions).toMatchObject({ code: 'DOCUMENT_TYPE_MISMATCH', field: 'input.attachments.1.documentId' });
  });
});

describe("bad responses from a provider's system", () => {
  let app: { id: string; number: string };
  beforeAll(async () => {
    stand.mode = 'normal';
    const withoutProcessing = new ProviderStand({ signers: demoSigners() });
    await withoutProcessing.start();
    await routeProviderTo(hub.dataSource, MIGRATION_BIN, withoutProcessing.endpointFor(MIGRATION_BIN));
    const { data } = await submit(signedSubmission({ serviceCode: 'PASSPORT', payment: { paymentId: 'P-2', amount: 8650, paidAt: new Date().toISOString() } }));
    app = data.submitApplication.application;
    await eventually(async () => withoutProcessing.accepted.some((m) => m.application.number === app.number));
    await withoutProcessing.stop();
  });

  const response = (overrides: Record<string, unknown> = {}) => ({
    messageId: randomUUID(), providerBin: MIGRATION_BIN, applicationNumber: app.number, outcome: 'REFUSED',
    decidedAt: new Date().toISOString(), refusalReason: 'Неполный пакет документов', ...overrides,
  });
  const post = (input: Record<string, unknown>, bin = input.providerBin as string) =>
    hub.query(POST_RESULT, { input: signed(input, providerSigner(bin)) }, tokenFor('provider', { bin }));

  it('refuses a response for an unknown application', async () => {
    const { errors } = await post(response({ applicationNumber: 'QH-1999-0000000' }));
    expect(errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.applicationNumber' });
  });

  it('refuses a response from a provider that does not own the application', async () => {
    const { errors } = await post(response({ providerBin: JUSTICE_BIN }));
    expect(errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.applicationNumber' });
  });

  it('refuses an issued result whose document hash does not match', async () => {
    const { errors } = await post(response({ outcome: 'ISSUED', refusalReason: undefined, executor: 'Исполнитель', document: { ...file('паспорт'), sha256: 'c'.repeat(64) } }));
    expect(errors![0].extensions).toMatchObject({ code: 'ATTACHMENT_HASH_MISMATCH', field: 'input.document.sha256' });
  });

  it('takes a refusal once, answers its resend with the first receipt, and refuses a second response', async () => {
    const first = response();
    const taken = await post(first);
    expect(taken.errors).toBeUndefined();
    expect(taken.data.postResult).toMatchObject({ duplicate: false, application: { currentStage: 'CLOSED' } });
    const resent = await post(first);
    expect(resent.data.postResult.duplicate).toBe(true);
    const second = await post(response({ outcome: 'ISSUED', refusalReason: undefined, executor: 'И', document: file('x') }));
    expect(second.errors![0].extensions).toMatchObject({ code: 'DUPLICATE_RESPONSE', field: 'input.messageId' });
    const view = await hub.query(CITIZEN_VIEW, { number: app.number }, citizen);
    expect(view.data.applicationByNumber).toMatchObject({ currentStage: 'CLOSED', outcome: 'REFUSED', result: { outcome: 'REFUSED', document: null } });
  });
});

describe('dead letters', () => {
  it('dead-letters a request the provider rejects, shows it to admins, and delivers it when an admin retries', async () => {
    stand.mode = 'reject';
    const { data } = await submit(signedSubmission());
    const appId = data.submitApplication.application.id;
    const journal = `query J($f: MessageFilter) { exchangeMessages(filter: $f) { nodes { id outcome errorCode attempts attemptLog { outcome errorCode } } } }`;
    const dead = await eventually(async () => {
      const r = await hub.query(journal, { f: { applicationId: appId, outcome: 'DEAD' } }, tokenFor('admin'));
      return r.data.exchangeMessages.nodes[0];
    });
    expect(dead).toMatchObject({ outcome: 'DEAD', errorCode: 'PROVIDER_REJECTED', attempts: 1, attemptLog: [{ outcome: 'FAILED', errorCode: 'PROVIDER_REJECTED' }] });

    const byAnalyst = await hub.query('mutation R($id: ID!) { retryDelivery(id: $id) { outcome } }', { id: dead.id }, tokenFor('analyst'));
    expect(byAnalyst.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    stand.mode = 'normal';
    const retried = await hub.query('mutation R($id: ID!) { retryDelivery(id: $id) { outcome } }', { id: dead.id }, tokenFor('admin'));
    expect(retried.data.retryDelivery.outcome).toBe('RETRYING');
    const delivered = await eventually(async () => {
      const r = await hub.query(journal, { f: { applicationId: appId, direction: 'OUT' } }, tokenFor('admin'));
      return r.data.exchangeMessages.nodes[0].outcome === 'DELIVERED' && r.data.exchangeMessages.nodes[0];
    });
    expect(delivered.attemptLog.map((a: { outcome: string }) => a.outcome)).toEqual(['FAILED', 'DELIVERED']);
  });

  it('keeps the journal from citizens, operators and providers', async () => {
    for (const token of [citizen, operatorToken(), tokenFor('provider', { bin: JUSTICE_BIN })]) {
      const r = await hub.query('{ exchangeMessages { nodes { id } } }', {}, token);
      expect(r.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('the catalogue', () => {
  it('tells kind, automation, fee, required documents and how the provider is reached', async () => {
    const { data } = await hub.query('{ services { code kind automation paid fee requiredDocuments active deliveryChannel } }', {}, citizen);
    const byCode = Object.fromEntries(data.services.map((s: { code: string }) => [s.code, s]));
    expect(byCode['RE-RIGHTS']).toMatchObject({ kind: 'TRANSACTIONAL', paid: true, fee: 2162.5, requiredDocuments: ['IDENTITY', 'REAL_ESTATE_TITLE'], active: true });
    expect(byCode['CRIM-CERT']).toMatchObject({ automation: 'FULL', paid: false, fee: null, deliveryChannel: 'PROVIDER_SYSTEM' });
    expect(byCode['LAND-PLOT']).toMatchObject({ kind: 'INTERACTIVE', deliveryChannel: 'WORKSTATION' });
    expect(byCode['ADDR-REF-OLD'].active).toBe(false);
  });
});
