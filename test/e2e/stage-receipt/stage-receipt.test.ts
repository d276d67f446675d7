import { startHub, TestHub } from '../../support/hub';
import { followUp, registration, REPORT_STAGE, signed } from '../../support/reports';
import { withCheckDigit } from '../../../platform/iin';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, OTHER_CITIZEN_IIN, tokenFor } from '../../support/tokens';

/** An IIN no other test uses: born 1970-01-01, a random serial. */
function freshIin(): string {
  for (;;) {
    const iin = withCheckDigit(`7001013${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`);
    if (iin) return iin;
  }
}

let hub: TestHub;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });

beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub.stop(); });

const report = (input: Record<string, unknown>, token = provider) => hub.query(REPORT_STAGE, { input: signed(input) }, token);
const errorOf = async (input: Record<string, unknown>, token = provider) => {
  const result = await report(input, token);
  expect(result.errors).toHaveLength(1);
  return result.errors![0];
};

describe('registering a request with its first stage report', () => {
  it('registers the request, fixes the acceptance time and computes the regulated planned date', async () => {
    const result = await report(registration({ plannedDate: '2024-05-10' }));
    expect(result.errors).toBeUndefined();
    const { record, duplicate } = result.data.reportStage;
    expect(duplicate).toBe(false);
    expect(record.stage).toBe('ACCEPTED');
    expect(record.application.acceptedAt).toBe('2024-05-02T10:00:00+05:00');
    // CRIM-CERT: 5 working days from Thu 2 May 2024 (7 May holiday, 8 May moved day off, 9 May holiday, Sat 4 May working)
    expect(record.application.plannedDate).toBe('2024-05-13');
    expect(record.application.declaredPlannedDate).toBe('2024-05-10');
    expect(record.application.plannedDateMismatch).toBe(true);
  });

  it('keeps the stored record when the same message id is sent again, and says it is a duplicate', async () => {
    const input = registration();
    const first = await report(input);
    const again = await report(input);
    expect(again.data.reportStage.duplicate).toBe(true);
    expect(again.data.reportStage.record.id).toBe(first.data.reportStage.record.id);
    expect(again.data.reportStage.record.receivedAt).toBe(first.data.reportStage.record.receivedAt);
    const count = await hub.dataSource.query('SELECT count(*)::int AS n FROM stage_record WHERE message_id = $1', [input.messageId]);
    expect(count[0].n).toBe(1);
  });
});

describe('rejections name the field and keep what was accepted', () => {
  it('rejects an IIN that is not 12 digits', async () => {
    const error = await errorOf(registration({ recipient: { surname: 'А', name: 'Б', iinOrBin: '12345' } }));
    expect(error.extensions).toMatchObject({ code: 'INVALID_IIN_BIN', field: 'input.recipient.iinOrBin' });
  });

  it('rejects an IIN whose check digit is wrong', async () => {
    const wrong = CITIZEN_IIN.slice(0, 11) + ((Number(CITIZEN_IIN[11]) + 1) % 10);
    const error = await errorOf(registration({ recipient: { surname: 'А', name: 'Б', iinOrBin: wrong } }));
    expect(error.extensions).toMatchObject({ code: 'INVALID_IIN_BIN', field: 'input.recipient.iinOrBin' });
  });

  it('rejects an unknown service', async () => {
    const error = await errorOf(registration({ serviceCode: 'NO-SUCH' }));
    expect(error.extensions).toMatchObject({ code: 'UNKNOWN_SERVICE', field: 'input.serviceCode' });
  });

  it('rejects a planned date before acceptance', async () => {
    const error = await errorOf(registration({ plannedDate: '2024-05-01' }));
    expect(error.extensions).toMatchObject({ code: 'PLANNED_DATE_BEFORE_ACCEPTANCE', field: 'input.plannedDate' });
  });

  it('rejects over-long text', async () => {
    const error = await errorOf(registration({ placeOfAcceptance: 'x'.repeat(301) }));
    expect(error.extensions).toMatchObject({ code: 'TEXT_TOO_LONG', field: 'input.placeOfAcceptance' });
  });

  it('rejects a first report without the fields that register a request', async () => {
    const error = await errorOf(registration({ acceptedAt: undefined }));
    expect(error.extensions).toMatchObject({ code: 'FIELD_REQUIRED', field: 'input.acceptedAt' });
  });

  it('rejects a stage that needs an executor without one', async () => {
    const first = registration();
    await report(first);
    const error = await errorOf(followUp(first.applicationNumber as string, 'ACCEPTED_INTO_WORK', '2024-05-03T09:00:00+05:00'));
    expect(error.extensions).toMatchObject({ code: 'FIELD_REQUIRED', field: 'input.executor' });
  });

  it('rejects closing without an outcome, and a refusal without its reason', async () => {
    const first = registration();
    await report(first);
    const number = first.applicationNumber as string;
    expect((await errorOf(followUp(number, 'CLOSED', '2024-05-03T09:00:00+05:00'))).extensions).toMatchObject({ code: 'FIELD_REQUIRED', field: 'input.outcome' });
    expect((await errorOf(followUp(number, 'CLOSED', '2024-05-03T09:00:00+05:00', { outcome: 'REFUSED' }))).extensions).toMatchObject({ code: 'FIELD_REQUIRED', field: 'input.refusalReason' });
  });

  it('rejects a stage time in the future', async () => {
    const error = await errorOf(registration({ occurredAt: new Date(Date.now() + 3600_000).toISOString() }));
    expect(error.extensions).toMatchObject({ code: 'TIME_IN_FUTURE', field: 'input.occurredAt' });
  });

  it('rejects a time that is not ISO-8601', async () => {
    const error = await errorOf(registration({ occurredAt: '02.05.2024 10:00' }));
    expect(error.extensions).toMatchObject({ code: 'INVALID_TIME', field: 'input.occurredAt' });
  });

  it('rejects a stage whose time is earlier than a stage before it', async () => {
    const first = registration();
    await report(first);
    const error = await errorOf(followUp(first.applicationNumber as string, 'SENT_FOR_EXECUTION', '2024-05-02T09:00:00+05:00'));
    expect(error.extensions).toMatchObject({ code: 'STAGE_TIME_BEFORE_PREVIOUS', field: 'input.occurredAt' });
  });

  it('rejects a stage that moves backwards after a later stage happened', async () => {
    const first = registration();
    await report(first);
    const number = first.applicationNumber as string;
    await report(followUp(number, 'ACCEPTED_INTO_WORK', '2024-05-03T09:00:00+05:00', { executor: 'Ахметова Д.' }));
    const error = await errorOf(followUp(number, 'SENT_FOR_EXECUTION', '2024-05-03T12:00:00+05:00'));
    expect(error.extensions).toMatchObject({ code: 'STAGE_MOVES_BACKWARDS', field: 'input.stage' });
  });

  it('rejects a stage that follows a closed request, and keeps the closed request as it was', async () => {
    const first = registration();
    await report(first);
    const number = first.applicationNumber as string;
    await report(followUp(number, 'CLOSED', '2024-05-03T09:00:00+05:00', { outcome: 'REFUSED', refusalReason: 'Неполный пакет документов' }));
    const error = await errorOf(followUp(number, 'AWAITING_ISSUANCE', '2024-05-04T09:00:00+05:00', { executor: 'X', executionDate: '2024-05-03T08:00:00+05:00' }));
    expect(error.extensions).toMatchObject({ code: 'REQUEST_CLOSED', field: 'input.stage' });
    const [row] = await hub.dataSource.query('SELECT current_stage, outcome FROM application WHERE number = $1', [number]);
    expect(row).toEqual({ current_stage: 6, outcome: 'REFUSED' });
  });

  it('stores nothing of a rejected report', async () => {
    const input = registration({ serviceCode: 'NO-SUCH' });
    await errorOf(input);
    const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM application WHERE number = $1', [input.applicationNumber]);
    expect(n).toBe(0);
  });
});

describe('late and out-of-order delivery', () => {
  it('accepts stage 4 before stage 3, orders the timeline by when stages happened, and records when each arrived', async () => {
    const first = registration();
    await report(first);
    const number = first.applicationNumber as string;
    const executed = await report(followUp(number, 'EXECUTED', '2024-05-06T15:00:00+05:00', { executor: 'Ахметова Д.', executionDate: '2024-05-06T15:00:00+05:00' }));
    expect(executed.errors).toBeUndefined();
    const intoWork = await report(followUp(number, 'ACCEPTED_INTO_WORK', '2024-05-03T09:00:00+05:00'));
    expect(intoWork.errors).toBeUndefined();
    const id = intoWork.data.reportStage.record.application.id;
    const result = await hub.query(`query($id: ID!) { application(id: $id) { currentStage timeline { stage occurredAt receivedAt } } }`, { id }, provider);
    const app = result.data.application;
    expect(app.currentStage).toBe('EXECUTED');
    expect(app.timeline.map((s: { stage: string }) => s.stage)).toEqual(['ACCEPTED', 'ACCEPTED_INTO_WORK', 'EXECUTED']);
    // stage 3 arrived after stage 4
    expect(Date.parse(app.timeline[1].receivedAt)).toBeGreaterThan(Date.parse(app.timeline[2].receivedAt));
  });
});

describe('Astana time', () => {
  it('writes times with +06:00 before 2024-03-01 and +05:00 after, and reads a time without offset as Astana local', async () => {
    const before = registration({ occurredAt: '2024-02-28T10:00:00', acceptedAt: '2024-02-28T10:00:00' });
    const r1 = await report(before);
    expect(r1.data.reportStage.record.occurredAt).toBe('2024-02-28T10:00:00+06:00');
    const after = registration({ occurredAt: '2024-03-04T10:00:00', acceptedAt: '2024-03-04T10:00:00' });
    const r2 = await report(after);
    expect(r2.data.reportStage.record.occurredAt).toBe('2024-03-04T10:00:00+05:00');
    const utc = registration({ occurredAt: '2024-03-04T05:00:00Z', acceptedAt: '2024-03-04T05:00:00Z' });
    expect((await report(utc)).data.reportStage.record.occurredAt).toBe('2024-03-04T10:00:00+05:00');
  });
});

describe('planned date and overdue', () => {
  it('counts the term across Nauryz and its moved day off', async () => {
    // RES-REG: 1 working day; accepted Wed 20 Mar 2024; 21-23 Nauryz, 24 Sunday, 25 moved day off
    const r = await report(registration({ serviceCode: 'RES-REG', occurredAt: '2024-03-20T16:00:00+05:00', acceptedAt: '2024-03-20T16:00:00+05:00' }));
    expect(r.data.reportStage.record.application.plannedDate).toBe('2024-03-26');
  });

  it('counts an open request past its planned date as overdue by the days since', async () => {
    const r = await report(registration({ serviceCode: 'RES-REG', occurredAt: '2024-03-20T16:00:00+05:00', acceptedAt: '2024-03-20T16:00:00+05:00' }));
    const overdue = r.data.reportStage.record.application.overdue;
    expect(overdue.isOverdue).toBe(true);
    const expectedDays = Math.round((Date.parse(new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10)) - Date.parse('2024-03-26')) / 86_400_000);
    expect(overdue.days).toBe(expectedDays);
  });

  it('counts a request executed after its planned date as overdue, and one executed in time as not', async () => {
    const late = registration({ serviceCode: 'RES-REG', occurredAt: '2024-03-20T16:00:00+05:00', acceptedAt: '2024-03-20T16:00:00+05:00' });
    await report(late);
    const closedLate = await report(followUp(late.applicationNumber as string, 'CLOSED', '2024-03-29T10:00:00+05:00', { executor: 'И. Петров', executionDate: '2024-03-28T10:00:00+05:00', outcome: 'ISSUED' }));
    expect(closedLate.data.reportStage.record.application.overdue).toEqual({ isOverdue: true, days: 2 });

    const inTime = registration({ serviceCode: 'RES-REG', occurredAt: '2024-03-20T16:00:00+05:00', acceptedAt: '2024-03-20T16:00:00+05:00' });
    await report(inTime);
    const closedInTime = await report(followUp(inTime.applicationNumber as string, 'CLOSED', '2024-03-26T17:00:00+05:00', { executor: 'И. Петров', executionDate: '2024-03-26T12:00:00+05:00', outcome: 'ISSUED' }));
    expect(closedInTime.data.reportStage.record.application.overdue).toEqual({ isOverdue: false, days: 0 });
  });
});

describe('who may do what', () => {
  it('refuses a provider reporting for another organisation', async () => {
    const error = await errorOf(registration({ providerBin: AKIMAT_BIN }));
    expect(error.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.providerBin' });
  });

  it('refuses a stage report from a role other than provider', async () => {
    const error = await errorOf(registration(), tokenFor('citizen', { iin: CITIZEN_IIN }));
    expect(error.extensions?.code).toBe('FORBIDDEN');
  });

  it("refuses a citizen reading someone else's application, and shows them their own", async () => {
    const r = await report(registration());
    const id = r.data.reportStage.record.application.id;
    const query = `query($id: ID!) { application(id: $id) { number recipient { iinOrBin } currentStage } }`;
    const other = await hub.query(query, { id }, tokenFor('citizen', { iin: OTHER_CITIZEN_IIN }));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(other.data?.application ?? null).toBeNull();
    const own = await hub.query(query, { id }, tokenFor('citizen', { iin: CITIZEN_IIN }));
    expect(own.errors).toBeUndefined();
    expect(own.data.application).toMatchObject({ recipient: { iinOrBin: CITIZEN_IIN }, currentStage: 'ACCEPTED' });
  });

  it("refuses a provider reading another organisation's application", async () => {
    const r = await report(registration());
    const id = r.data.reportStage.record.application.id;
    const other = await hub.query(`query($id: ID!) { application(id: $id) { number } }`, { id }, tokenFor('provider', { bin: AKIMAT_BIN }));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an anonymous stage report', async () => {
    const result = await report(registration(), '');
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another key', async () => {
    const response = await fetch(hub.gateways[0].url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor('admin').slice(0, -4)}AAAA` },
      body: JSON.stringify({ query: '{ services { code } }' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('listing stage reports', () => {
  it('pages through a provider\'s reports with a cursor and filters by service and stage', async () => {
    const number = (await report(registration({ serviceCode: 'RE-RIGHTS' }))).data.reportStage.record.application;
    expect(number).toBeTruthy();
    const query = `query($f: StageReportFilter, $after: String) { stageReports(filter: $f, first: 2, after: $after) { edges { cursor node { stage service { code } providerBin } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = await hub.query(query, { f: { serviceCode: 'CRIM-CERT', stage: 'ACCEPTED' } }, provider);
    expect(page1.errors).toBeUndefined();
    const edges = page1.data.stageReports.edges;
    expect(edges).toHaveLength(2);
    for (const e of edges) expect(e.node).toMatchObject({ stage: 'ACCEPTED', service: { code: 'CRIM-CERT' }, providerBin: JUSTICE_BIN });
    expect(page1.data.stageReports.pageInfo.hasNextPage).toBe(true);
    const page2 = await hub.query(query, { f: { serviceCode: 'CRIM-CERT', stage: 'ACCEPTED' }, after: page1.data.stageReports.pageInfo.endCursor }, provider);
    expect(BigInt(page2.data.stageReports.edges[0].cursor)).toBeGreaterThan(BigInt(edges[1].cursor));
  });

  it("refuses a provider listing another organisation's reports", async () => {
    const result = await hub.query(`{ stageReports(filter: { providerBin: "${AKIMAT_BIN}" }) { edges { cursor } } }`, {}, provider);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.providerBin' });
  });

  it('filters by the period in which stages happened', async () => {
    const inside = await report(registration({ occurredAt: '2023-11-15T10:00:00+06:00', acceptedAt: '2023-11-15T10:00:00+06:00' }));
    await report(registration({ occurredAt: '2023-12-15T10:00:00+06:00', acceptedAt: '2023-12-15T10:00:00+06:00' }));
    const result = await hub.query(`{ stageReports(filter: { from: "2023-11-01T00:00:00", to: "2023-12-01T00:00:00" }, first: 100) { edges { node { id occurredAt } } } }`, {}, provider);
    const nodes = result.data.stageReports.edges.map((e: { node: { id: string; occurredAt: string } }) => e.node);
    expect(nodes.map((n: { id: string }) => n.id)).toContain(inside.data.reportStage.record.id);
    for (const n of nodes) expect(n.occurredAt >= '2023-11-01' && n.occurredAt < '2023-12-01').toBe(true);
  });

  it("finds a request by the recipient's IIN or by its number, and keeps to open or closed requests", async () => {
    const recipientIin = freshIin();
    const open = registration({ recipient: { surname: 'Ищенко', name: 'Ольга', iinOrBin: recipientIin } });
    const closed = registration({ recipient: { surname: 'Ищенко', name: 'Ольга', iinOrBin: recipientIin } });
    await report(open);
    await report(closed);
    const closing = await report(followUp(closed.applicationNumber as string, 'CLOSED', '2024-05-03T10:00:00+05:00', { outcome: 'REFUSED', refusalReason: 'Неполный пакет документов' }));
    expect(closing.errors).toBeUndefined();
    const query = `query($f: StageReportFilter) { stageReports(filter: $f, first: 100) { edges { node { stage application { number recipient { iinOrBin } currentStage } } } } }`;
    const numbers = async (f: Record<string, unknown>, token = tokenFor('contact_centre')) => {
      const result = await hub.query(query, { f }, token);
      expect(result.errors).toBeUndefined();
      return [...new Set(result.data.stageReports.edges.map((e: { node: { application: { number: string } } }) => e.node.application.number))].sort();
    };
    expect(await numbers({ recipientIin })).toEqual([open.applicationNumber, closed.applicationNumber].sort());
    expect(await numbers({ recipientIin, open: true })).toEqual([open.applicationNumber]);
    expect(await numbers({ recipientIin, open: false })).toEqual([closed.applicationNumber]);
    expect(await numbers({ applicationNumber: ` ${closed.applicationNumber} ` })).toEqual([closed.applicationNumber]);
    expect(await numbers({ applicationNumber: open.applicationNumber, stage: 'ACCEPTED', open: true }, provider)).toEqual([open.applicationNumber]);
    expect(await numbers({ recipientIin }, tokenFor('provider', { bin: AKIMAT_BIN }))).toEqual([]);
  });

  it('lists newest first on request, paging back in time', async () => {
    const recipientIin = freshIin();
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const input = registration({ recipient: { surname: 'Ищенко', name: 'Ольга', iinOrBin: recipientIin } });
      expect((await report(input)).errors).toBeUndefined();
      numbers.push(input.applicationNumber as string);
    }
    const query = `query($f: StageReportFilter, $after: String) { stageReports(filter: $f, first: 2, after: $after, newestFirst: true) { edges { node { application { number } } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = (await hub.query(query, { f: { recipientIin } }, tokenFor('contact_centre'))).data.stageReports;
    expect(page1.edges.map((e: any) => e.node.application.number)).toEqual([numbers[2], numbers[1]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await hub.query(query, { f: { recipientIin }, after: page1.pageInfo.endCursor }, tokenFor('contact_centre'))).data.stageReports;
    expect(page2.edges.map((e: any) => e.node.application.number)).toEqual([numbers[0]]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses a citizen searching another recipient's requests", async () => {
    const result = await hub.query(`{ stageReports(filter: { recipientIin: "${OTHER_CITIZEN_IIN}" }) { edges { cursor } } }`, {}, tokenFor('citizen', { iin: CITIZEN_IIN }));
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.recipientIin' });
  });

  it('filters by overdue', async () => {
    const result = await hub.query(`{ stageReports(filter: { overdue: false }, first: 100) { edges { node { application { overdue { isOverdue } } } } } }`, {}, tokenFor('analyst'));
    expect(result.errors).toBeUndefined();
    for (const e of result.data.stageReports.edges) expect(e.node.application.overdue.isOverdue).toBe(false);
  });
});
