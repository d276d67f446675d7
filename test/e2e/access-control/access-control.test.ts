import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { repoRoot } from '../../../platform/paths';
import { file, operatorToken, POST_RESULT, providerSigner, signed as signedBy, signedSubmission, signerOf, submission, SUBMIT } from '../../support/applications';
import { demoRegisters } from '../../../provider-stand/demo-registers';
import { consentBy, LOOKUP, PURPOSE, singleLookup } from '../../support/documents';
import { GraphQLResponse, startHub, TestHub } from '../../support/hub';
import { personWithCertificate, signBy } from '../../support/people';
import { registration, REPORT_STAGE, signed } from '../../support/reports';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, MIGRATION_BIN, OTHER_CITIZEN_IIN, tokenFor } from '../../support/tokens';

/**
 * The README's access table, checked cell by cell: every public operation is called as every role
 * through the gateway; "own" is called with the caller's own data and, where the operation takes
 * someone's data as an argument, with someone else's too. A row named `Type.field.field` is a
 * nested field holding personal data, asked for through `application(id)`: there "yes" and "own"
 * must return the data itself, not merely escape FORBIDDEN.
 */

const ROLES = ['citizen', 'operator', 'provider', 'contact_centre', 'partner', 'analyst', 'admin', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
type Cell = 'yes' | 'own' | 'no';

function readAccessTable(): Map<string, Record<Role, Cell>> {
  const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  const start = readme.indexOf('## Access control');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const lines = section.split('\n').filter((l) => l.startsWith('| `'));
  const table = new Map<string, Record<Role, Cell>>();
  for (const line of lines) {
    const [name, ...cells] = line.split('|').slice(1, -1).map((c) => c.trim());
    const operation = /`([\w.]+)`/.exec(name)![1];
    table.set(operation, Object.fromEntries(ROLES.map((r, i) => [r, cells[i] as Cell])) as Record<Role, Cell>);
  }
  return table;
}

/** A row about a field reached inside an application rather than a root operation. */
const isNested = (row: string) => row.includes('.');

/** Every root field of the composed API: what "every public operation" means. */
function publicOperations(): string[] {
  const doc = parse(readFileSync(path.join(repoRoot(), 'schema', 'supergraph.graphql'), 'utf8'));
  return doc.definitions.flatMap((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION && ['Query', 'Mutation', 'Subscription'].includes(d.name.value)
    ? (d.fields ?? []).map((f) => f.name.value) : []));
}

let hub: TestHub;
/** The caller of each role: a citizen, the demo operator (ЦОН), the akimat as provider, the migration service's system as partner. */
const tokens: Record<Role, string | undefined> = {
  citizen: tokenFor('citizen', { iin: CITIZEN_IIN, sub: 'citizen-1' }),
  operator: undefined,
  provider: tokenFor('provider', { bin: AKIMAT_BIN, sub: 'akimat' }),
  contact_centre: tokenFor('contact_centre', { sub: 'cc-1' }),
  partner: tokenFor('partner', { bin: MIGRATION_BIN, sub: 'migration-system' }),
  analyst: tokenFor('analyst', { sub: 'analyst-1' }),
  admin: tokenFor('admin', { sub: 'admin-1' }),
  anonymous: undefined,
};

/** What the calls refer to: the caller's own data, and someone else's. */
const fx = {} as {
  ownApp: { id: string; number: string };       // the citizen's, submitted to the akimat (a workstation provider)
  otherApp: { id: string; number: string };     // another citizen's, registered by the justice department
  operatorDoc: string;                          // about the citizen, looked up by the operator, attached to ownApp
  partnerDoc: string;                           // about the other citizen, looked up by the partner
  ownStageSignature: string;                    // the operator's signature on ownApp's first stage
  otherStageSignature: string;                  // the justice department's on otherApp's
  partnerSignature: string;                     // the partner system's own, on its lookup
  foreignApp: { id: string; number: string };   // the citizen's too, to the akimat, but submitted by another operator organisation
  deliveredRequest: string;                     // the journal's row of ownApp's request, delivered at once (not dead-lettered)
  incidents: [string, string];                  // recorded by the admin: one to update, one to remove
  ownMessage: string;                           // the message id of ownApp's first stage (in the exchange log)
  otherMessage: string;                         // of otherApp's
};

interface Call {
  query: string;
  variables?: Record<string, unknown>;
  subscription?: boolean;
  /** a nested personal-data field: whether the answer carries the data */
  returned?: (data: any) => boolean;
  /**
   * The one code a served call must answer with when its input is made incomplete on purpose (an
   * unsigned mutation is refused by its signature check, which comes after access control); without
   * it a served call answers without errors and with data.
   */
  refusal?: string;
}
/** How to call an operation as a role: its own data (scope "own") or someone else's ("other"); undefined when there is no one else's to ask for. */
type Case = (role: Role, scope: 'own' | 'other') => Call | undefined;

const sub = (query: string, variables?: Record<string, unknown>): Call => ({ query, variables, subscription: true });
const ownAppFor = (role: Role, scope: 'own' | 'other') => (scope === 'own' ? fx.ownApp : fx.otherApp);
const ownProvider = (scope: 'own' | 'other') => (scope === 'own' ? AKIMAT_BIN : JUSTICE_BIN);
const documentFor = (role: Role, scope: 'own' | 'other') => {
  const mine = role === 'partner' ? fx.partnerDoc : fx.operatorDoc;
  const theirs = role === 'partner' ? fx.operatorDoc : fx.partnerDoc;
  return scope === 'own' ? mine : theirs;
};
const signatureFor = (role: Role, scope: 'own' | 'other') => {
  if (role === 'partner') return scope === 'own' ? fx.partnerSignature : fx.otherStageSignature;
  return scope === 'own' ? fx.ownStageSignature : fx.otherStageSignature;
};
/** Whose application's contents to ask for: the other party is another recipient or provider, or, for operators and admins, another submitting organisation. */
const contentsAppFor = (role: Role, scope: 'own' | 'other') => {
  if (scope === 'own') return fx.ownApp;
  return role === 'citizen' || role === 'provider' ? fx.otherApp : fx.foreignApp;
};
const inApplication = (selection: string, returned: (app: any) => boolean): Case => (r, s) => ({
  query: `query($id: ID!) { application(id: $id) { id ${selection} } }`,
  variables: { id: contentsAppFor(r, s).id },
  returned: (data) => !!data?.application && returned(data.application),
});
// over and done with long before any other test's requests: an incident counts late requests as technical violations in reports
const incidentInput = { system: 'HUB', startedAt: '2001-01-01T10:00:00+06:00', endedAt: '2001-01-01T10:05:00+06:00', description: 'access test' };
const RECORD_INCIDENT = 'mutation($input: IncidentInput!) { recordIncident(input: $input) { id } }';
/** Every unsigned mutation reaches its signature check once access control lets it through. */
const UNSIGNED = 'SIGNATURE_REQUIRED';

const CASES: Record<string, Case> = {
  services: () => ({ query: '{ services { code } }' }),
  service: () => ({ query: '{ service(code: "CRIM-CERT") { code } }' }),
  application: (r, s) => ({ query: 'query($id: ID!) { application(id: $id) { id } }', variables: { id: ownAppFor(r, s).id } }),
  applicationByNumber: (r, s) => ({ query: 'query($n: String!) { applicationByNumber(number: $n) { id } }', variables: { n: ownAppFor(r, s).number } }),
  myApplications: (_r, s) => (s === 'own' ? { query: '{ myApplications { nodes { id } } }' } : undefined),
  stageReports: (r, s) => (r === 'provider'
    ? { query: 'query($f: StageReportFilter) { stageReports(filter: $f, first: 5) { edges { cursor } } }', variables: { f: { providerBin: ownProvider(s) } } }
    : s === 'own' ? { query: '{ stageReports(first: 5) { edges { cursor } } }' } : undefined),
  stageChanged: (r, s) => {
    if (r === 'provider') return sub('subscription($f: StageChangeFilter) { stageChanged(filter: $f) { cursor } }', { f: { providerBin: ownProvider(s) } });
    if (r === 'citizen') return sub('subscription($f: StageChangeFilter) { stageChanged(filter: $f) { cursor } }', { f: { recipientIin: s === 'own' ? CITIZEN_IIN : OTHER_CITIZEN_IIN } });
    return s === 'own' ? sub('subscription { stageChanged { cursor } }') : undefined;
  },
  stageReportRefusals: (_r, s) => ({ query: 'query($b: String) { stageReportRefusals(providerBin: $b, first: 5) { nodes { id } } }', variables: { b: ownProvider(s) } }),
  signature: (r, s) => ({ query: 'query($id: ID!) { signature(id: $id) { id } }', variables: { id: signatureFor(r, s) } }),
  reportStage: (_r, s) => ({ query: REPORT_STAGE, variables: { input: { ...registration({ providerBin: ownProvider(s) }), signature: '' } }, refusal: UNSIGNED }),
  submitApplication: () => ({ query: SUBMIT, variables: { input: { ...signedSubmission(), signature: '' } }, refusal: UNSIGNED }),
  postResult: (_r, s) => ({
    query: 'mutation($input: ResultInput!) { postResult(input: $input) { duplicate } }',
    variables: { input: { messageId: randomUUID(), correlationId: randomUUID(), providerBin: ownProvider(s), applicationNumber: fx.ownApp.number, outcome: 'REFUSED', decidedAt: new Date().toISOString(), refusalReason: 'x', signature: '' } },
    // the akimat has answered ownApp already (beforeAll): a second answer is refused as such, before its signature is read
    refusal: 'DUPLICATE_RESPONSE',
  }),
  issueResult: () => ({ query: 'mutation($input: IssuanceInput!) { issueResult(input: $input) { id } }', variables: { input: { applicationId: fx.ownApp.id, messageId: randomUUID(), signature: '' } }, refusal: UNSIGNED }),
  // ownApp's result is not issued to the recipient yet: the survey opens at issuance
  answerSurvey: (r, s) => ({ query: 'mutation($input: SurveyInput!) { answerSurvey(input: $input) }', variables: { input: { applicationId: ownAppFor(r, s).id, processAndResult: 'SATISFIED', information: 'SATISFIED' } }, refusal: 'SURVEY_NOT_OPEN' }),
  surveyResults: () => ({ query: '{ surveyResults { serviceCode } }' }),
  exchangeMessages: () => ({ query: '{ exchangeMessages(first: 1) { nodes { id } } }' }),
  retryDelivery: () => ({ query: 'mutation($id: ID!) { retryDelivery(id: $id) { id } }', variables: { id: fx.deliveredRequest }, refusal: 'NOT_DEAD_LETTERED' }),
  documentTypes: () => ({ query: '{ documentTypes { code } }' }),
  lookupDocument: () => ({ query: LOOKUP, variables: { input: { ...singleLookup({ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, applicationId: fx.ownApp.id }), signature: '' } }, refusal: UNSIGNED }),
  lookupDocuments: () => ({ query: 'mutation($input: DocumentLookupInput!) { lookupDocuments(input: $input) { documentType } }', variables: { input: { requestedAt: new Date().toISOString(), purpose: 'access test', items: [{ documentType: 'ADDRESS', subjectIinBin: CITIZEN_IIN, applicationId: fx.ownApp.id }], signature: '' } }, refusal: UNSIGNED }),
  prefillApplication: () => ({ query: 'mutation($input: PrefillInput!) { prefillApplication(input: $input) { missingDocuments } }', variables: { input: { requestedAt: new Date().toISOString(), serviceCode: 'LAND-PLOT', recipientIinBin: CITIZEN_IIN, purpose: 'access test', applicationId: fx.ownApp.id, signature: '' } }, refusal: UNSIGNED }),
  document: (r, s) => (r === 'citizen' && s === 'other' ? { query: 'query($id: ID!) { document(id: $id) { id } }', variables: { id: fx.partnerDoc } }
    : { query: 'query($id: ID!) { document(id: $id) { id } }', variables: { id: documentFor(r, s) } }),
  myDataAccess: (_r, s) => (s === 'own' ? { query: '{ myDataAccess(first: 1) { nodes { id } } }' } : undefined),
  dataAccessJournal: () => ({ query: '{ dataAccessJournal(first: 1) { nodes { id } } }' }),
  securityLog: () => ({ query: '{ securityLog(first: 1) { nodes { id } } }' }),
  documentSources: () => ({ query: '{ documentSources { calls } }' }),
  monthlyReport: () => ({ query: '{ monthlyReport(month: "2023-01") { id } }' }),
  monthlyReportVersions: () => ({ query: '{ monthlyReportVersions(month: "2023-01") { nodes { id } } }' }),
  generateMonthlyReport: () => ({ query: 'mutation { generateMonthlyReport(month: "2023-01") { id } }' }),
  incidents: () => ({ query: '{ incidents { nodes { id } } }' }),
  recordIncident: () => ({ query: RECORD_INCIDENT, variables: { input: incidentInput } }),
  updateIncident: () => ({ query: 'mutation($id: ID!, $input: IncidentInput!) { updateIncident(id: $id, input: $input) { id } }', variables: { id: fx.incidents[0], input: incidentInput } }),
  removeIncident: () => ({ query: 'mutation($id: ID!) { removeIncident(id: $id, reason: "test") { id } }', variables: { id: fx.incidents[1] } }),
  requestsByStage: (r, s) => ({ query: 'query($f: OperationsFilter) { requestsByStage(filter: $f) { count } }', variables: r === 'provider' ? { f: { providerBin: ownProvider(s) } } : {} }),
  overdueNow: (r, s) => ({ query: 'query($f: OperationsFilter) { overdueNow(filter: $f, first: 1) { nodes { days } } }', variables: r === 'provider' ? { f: { providerBin: ownProvider(s) } } : {} }),
  processingTimes: (r, s) => ({ query: 'query($f: OperationsFilter) { processingTimes(from: "2023-01-01T00:00:00+06:00", to: "2023-02-01T00:00:00+06:00", filter: $f) { closed } }', variables: r === 'provider' ? { f: { providerBin: ownProvider(s) } } : {} }),
  logTreeHead: () => ({ query: '{ logTreeHead { treeSize } }' }),
  logInclusionProof: (r, s) => ({ query: 'query($id: String!) { logInclusionProof(messageId: $id) { index } }', variables: { id: s === 'own' ? fx.ownMessage : fx.otherMessage } }),
  logConsistencyProof: () => ({ query: '{ logConsistencyProof(from: 0, to: 0) { proof } }' }),
  'Application.result.document': inApplication('result { outcome document { fileName sha256 contentBase64 } }', (app) => !!app.result?.document?.contentBase64),
  'Application.attachments.document': inApplication('attachments { documentType document { id data } }', (app) => app.attachments.some((a: any) => a.document?.data)),
};

const DENIED = ['FORBIDDEN', 'UNAUTHENTICATED'];

/** The root field a call asks for. */
function rootField(call: Call): string {
  const operation = parse(call.query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const field = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD)!;
  return field.alias?.value ?? field.name.value;
}

/**
 * What a served call must answer: its data (a NOT_FOUND or an INTERNAL_SERVER_ERROR is not a
 * "yes"), or exactly the refusal its deliberately incomplete input earns past access control.
 */
function expectServed(operation: string, role: Role, scope: 'own' | 'other', call: Call, answer: { codes: string[]; data?: any }): void {
  expect([operation, role, scope, answer.codes]).toEqual([operation, role, scope, call.refusal ? [call.refusal] : []]);
  if (call.subscription || call.refusal) return;
  const value = answer.data?.[rootField(call)];
  expect([operation, role, scope, 'data', value !== null && value !== undefined]).toEqual([operation, role, scope, 'data', true]);
}

/** The codes of the errors an operation answered with (a subscription: of its first event or of its refusal, waiting briefly), and its data. */
async function answerOf(call: Call, token: string | undefined): Promise<{ codes: string[]; data?: any }> {
  if (!call.subscription) {
    const result: GraphQLResponse = await hub.query(call.query, call.variables, token);
    return { codes: (result.errors ?? []).map((e) => String(e.extensions?.code)), data: result.data };
  }
  return { codes: await subscriptionCodes(call, token) };
}

async function subscriptionCodes(call: Call, token: string | undefined): Promise<string[]> {
  const client = hub.wsClient(token);
  return new Promise<string[]>((resolve) => {
    const done = (codes: string[]) => { clearTimeout(timer); unsubscribe(); resolve(codes); };
    // a subscription that is accepted simply waits for events: no refusal within the time means accepted
    const timer = setTimeout(() => done([]), 500);
    const unsubscribe = client.subscribe({ query: call.query, variables: call.variables }, {
      next: (r) => { if (r.errors?.length) done(r.errors.map((e) => String((e.extensions as { code?: string })?.code))); },
      error: (e) => done(Array.isArray(e) ? e.map((x) => String(x.extensions?.code)) : [String((e as { extensions?: { code?: string } })?.extensions?.code ?? 'CONNECTION_ERROR')]),
      complete: () => undefined,
    });
  });
}

const table = readAccessTable();

beforeAll(async () => {
  hub = await startHub();
  tokens.operator = operatorToken();
  // the citizen's application, with a document the operator looked up, to a workstation provider
  const consent = consentBy(signerOf('citizen', CITIZEN_IIN), { subjectIinBin: CITIZEN_IIN });
  const looked = await hub.query(LOOKUP, { input: singleLookup({ documentType: 'REAL_ESTATE_TITLE', subjectIinBin: CITIZEN_IIN, consent }) }, tokens.operator);
  fx.operatorDoc = looked.data.lookupDocument.id;
  const submitted = await hub.query(SUBMIT, { input: signedSubmission({ serviceCode: 'LAND-PLOT', attachments: [
    { documentType: 'IDENTITY', file: file('удостоверение личности (скан)') }, { documentType: 'REAL_ESTATE_TITLE', documentId: fx.operatorDoc },
  ] }) }, tokens.operator);
  fx.ownApp = submitted.data.submitApplication.application;
  // another citizen's request, registered by another provider
  const other = await hub.query(REPORT_STAGE, { input: signed(registration({ providerBin: JUSTICE_BIN, recipient: { surname: 'Жаксыбеков', name: 'Ерлан', iinOrBin: OTHER_CITIZEN_IIN } })) }, tokenFor('provider', { bin: JUSTICE_BIN }));
  fx.otherApp = other.data.reportStage.record.application;
  // a document the partner system looked up
  const partnerConsent = consentBy(signerOf('citizen', OTHER_CITIZEN_IIN), { subjectIinBin: OTHER_CITIZEN_IIN, requesterBin: MIGRATION_BIN });
  const partnerLookup = await hub.query(LOOKUP, { input: singleLookup({ documentType: 'INDIVIDUAL', subjectIinBin: OTHER_CITIZEN_IIN, consent: partnerConsent }, providerSigner(MIGRATION_BIN)) }, tokens.partner);
  fx.partnerDoc = partnerLookup.data.lookupDocument.id;
  const [own] = await hub.dataSource.query('SELECT signature_id AS id FROM stage_record WHERE application_id = $1 AND stage = 1', [fx.ownApp.id]);
  const [theirs] = await hub.dataSource.query('SELECT signature_id AS id FROM stage_record WHERE application_id = $1 AND stage = 1', [fx.otherApp.id]);
  const [partner] = await hub.dataSource.query('SELECT signature_id AS id FROM data_access WHERE document_id = $1', [fx.partnerDoc]);
  Object.assign(fx, { ownStageSignature: own.id, otherStageSignature: theirs.id, partnerSignature: partner.id });
  const messageOf = async (applicationId: string) => (await hub.dataSource.query('SELECT message_id FROM stage_record WHERE application_id = $1 AND stage = 1', [applicationId]))[0].message_id;
  Object.assign(fx, { ownMessage: await messageOf(fx.ownApp.id), otherMessage: await messageOf(fx.otherApp.id) });
  fx.foreignApp = await submittedByAnotherOrganisation();
  // the akimat issues a document for both
  for (const app of [fx.ownApp, fx.foreignApp]) await issue(app.number);
  const [request] = await hub.dataSource.query(`SELECT id FROM exchange_message WHERE application_id = $1 AND kind = 'REQUEST'`, [fx.ownApp.id]);
  fx.deliveredRequest = request.id;
  // what the admin's calls refer to: incidents to change, a month's report to read
  const recorded = await Promise.all([0, 1].map(() => hub.query(RECORD_INCIDENT, { input: incidentInput }, tokens.admin)));
  fx.incidents = recorded.map((r) => r.data.recordIncident.id) as [string, string];
  const generated = await hub.query('mutation { generateMonthlyReport(month: "2023-01") { id } }', undefined, tokens.admin);
  if (generated.errors) throw new Error(JSON.stringify(generated.errors));
});

/** The citizen's application to the akimat, submitted by an operator of another organisation with a document it looked up. */
async function submittedByAnotherOrganisation(): Promise<{ id: string; number: string }> {
  const company = demoRegisters().legalEntities[20];
  const operator = await personWithCertificate(company.head_iin, company.bin);
  const token = tokenFor('operator', { iin: operator.iin, bin: operator.bin, sub: 'operator-of-another-organisation' });
  const signedByOperator = (input: Record<string, unknown>) => ({ ...input, signature: signBy(operator, input) });
  const consent = consentBy(signerOf('citizen', CITIZEN_IIN), { subjectIinBin: CITIZEN_IIN, requesterBin: company.bin });
  const looked = await hub.query(LOOKUP, { input: signedByOperator({ requestedAt: new Date().toISOString(), purpose: PURPOSE, documentType: 'REAL_ESTATE_TITLE', subjectIinBin: CITIZEN_IIN, consent }) }, token);
  if (!looked.data) throw new Error(JSON.stringify(looked.errors));
  const submitted = await hub.query(SUBMIT, { input: signedByOperator(submission({ serviceCode: 'LAND-PLOT', attachments: [
    { documentType: 'IDENTITY', file: file('удостоверение личности (скан)') }, { documentType: 'REAL_ESTATE_TITLE', documentId: looked.data.lookupDocument.id },
  ] })) }, token);
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  return submitted.data.submitApplication.application;
}

/** The akimat's system answers with an issued document. */
async function issue(applicationNumber: string): Promise<void> {
  const input = signedBy({ messageId: randomUUID(), providerBin: AKIMAT_BIN, applicationNumber, outcome: 'ISSUED', decidedAt: new Date().toISOString(), executor: 'Исполнитель акимата', document: file(`решение по ${applicationNumber}`, 'decision.pdf') }, providerSigner(AKIMAT_BIN));
  const posted = await hub.query(POST_RESULT, { input }, tokens.provider);
  if (posted.errors) throw new Error(JSON.stringify(posted.errors));
}

afterAll(async () => { await hub.stop(); });

describe('the access table in the README', () => {
  it('lists every public operation of the API, and every one it lists is tested here', () => {
    expect([...table.keys()].filter((row) => !isNested(row)).sort()).toEqual(publicOperations().sort());
    expect(Object.keys(CASES).sort()).toEqual([...table.keys()].sort());
    for (const [operation, cells] of table) {
      for (const role of ROLES) expect([operation, role, ['yes', 'own', 'no'].includes(cells[role])]).toEqual([operation, role, true]);
    }
  });
});

describe.each([...table.keys()])('%s', (operation) => {
  it.each(ROLES.map((role) => [role, table.get(operation)![role]] as const))('as %s: %s', async (role, cell) => {
    const own = CASES[operation](role, 'own')!;
    const answer = await answerOf(own, tokens[role]);
    if (cell === 'no') {
      expect([operation, role, answer.codes.some((c) => DENIED.includes(c))]).toEqual([operation, role, true]);
      if (own.returned) expect([operation, role, 'data withheld', own.returned(answer.data)]).toEqual([operation, role, 'data withheld', false]);
      return;
    }
    expectServed(operation, role, 'own', own, answer);
    if (own.returned) expect([operation, role, 'data returned', own.returned(answer.data)]).toEqual([operation, role, 'data returned', true]);
    // someone else's data: refused for "own", served for "yes"
    const other = CASES[operation](role, 'other');
    if (!other) return;
    const theirs = await answerOf(other, tokens[role]);
    const otherDenied = theirs.codes.some((c) => DENIED.includes(c));
    expect([operation, role, 'other', otherDenied]).toEqual([operation, role, 'other', cell === 'own']);
    if (cell === 'yes') expectServed(operation, role, 'other', other, theirs);
    if (other.returned) expect([operation, role, 'other data returned', other.returned(theirs.data)]).toEqual([operation, role, 'other data returned', cell === 'yes']);
  });
});

describe("an application's contents, however the application is reached", () => {
  it('withholds the issued document from the contact centre in a list of stage reports, and gives it to the recipient there', async () => {
    const listed = (token: string | undefined) => hub.query(`query($n: String) { stageReports(filter: { applicationNumber: $n }, first: 1) { edges { node { application { number result { outcome document { contentBase64 } } } } } } }`, { n: fx.ownApp.number }, token);
    const cc = await listed(tokens.contact_centre);
    expect(cc.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(cc.data.stageReports.edges[0].node.application.result).toEqual({ outcome: 'ISSUED', document: null });
    const mine = await listed(tokens.citizen);
    expect(mine.errors).toBeUndefined();
    expect(mine.data.stageReports.edges[0].node.application.result.document.contentBase64).toBeTruthy();
  });
});
