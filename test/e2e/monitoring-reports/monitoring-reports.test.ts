import ExcelJS from 'exceljs';
import { previousMonth } from '../../../subgraphs/statuses/report.service';
import { daysBetween, formatAstana } from '../../../platform/time';
import { startHub, TestHub } from '../../support/hub';
import { eventually } from '../../support/applications';
import { followUp, registration, REPORT_STAGE, signed } from '../../support/reports';
import { JUSTICE_BIN, MIGRATION_BIN, tokenFor } from '../../support/tokens';

let hub: TestHub;
const analyst = tokenFor('analyst', { sub: 'analyst-1' });
const admin = tokenFor('admin', { sub: 'admin-1' });
const migration = tokenFor('provider', { bin: MIGRATION_BIN });

const REPORT_FIELDS = `id month version trigger generatedAt generatedBy
  lines { providerBin providerName serviceCode serviceName requests closedLate openOverdueAtMonthEnd violations violationDays averageViolationDays technicalViolations }
  providers { providerBin requests violations violationDays technicalViolations }
  total { requests closedLate openOverdueAtMonthEnd violations violationDays averageViolationDays technicalViolations }`;
const GENERATE = `mutation Generate($month: String!) { generateMonthlyReport(month: $month) { ${REPORT_FIELDS} } }`;
const REPORT = `query Report($month: String!, $version: Int) { monthlyReport(month: $month, version: $version) { ${REPORT_FIELDS} } }`;
const EXPORT = `query Export($month: String!, $format: ReportFormat!) { monthlyReport(month: $month) { version export(format: $format) { fileName mediaType contentBase64 } } }`;
const RECORD_INCIDENT = `mutation Record($input: IncidentInput!) { recordIncident(input: $input) { id system organisationBin startedAt endedAt revision removed } }`;

/** A migration-service request (PASSPORT: 15 calendar days) accepted at a time, executed at another or never. */
async function request(acceptedAt: string, executedAt?: string): Promise<{ number: string; plannedDate: string }> {
  const registered = await hub.query(REPORT_STAGE, { input: signed(registration({ providerBin: MIGRATION_BIN, serviceCode: 'PASSPORT', acceptedAt, occurredAt: acceptedAt })) }, migration);
  expect(registered.errors).toBeUndefined();
  const app = registered.data.reportStage.record.application;
  if (executedAt) {
    const executed = await hub.query(REPORT_STAGE, { input: signed(followUp(app.number, 'EXECUTED', executedAt, { providerBin: MIGRATION_BIN, executor: 'Исполнитель (test)', executionDate: executedAt })) }, migration);
    expect(executed.errors).toBeUndefined();
  }
  return { number: app.number, plannedDate: app.plannedDate };
}

const lineOf = (report: any, bin: string, service: string) => report.lines.find((l: any) => l.providerBin === bin && l.serviceCode === service);

beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub.stop(); });

describe('the monthly analytical report (data-entry rules p.12)', () => {
  // June 2023: before any other test's requests, so every figure here is this test's own
  const MONTH = '2023-06';
  let onTime: { number: string; plannedDate: string };
  let late: { plannedDate: string };
  let open: { plannedDate: string };
  let lateFromMay: { plannedDate: string };
  let executedInJuly: { plannedDate: string };

  beforeAll(async () => {
    onTime = await request('2023-06-01T10:00:00+06:00', '2023-06-10T12:00:00+06:00');
    late = await request('2023-06-01T11:00:00+06:00', '2023-06-20T12:00:00+06:00');
    open = await request('2023-06-05T10:00:00+06:00');
    lateFromMay = await request('2023-05-20T10:00:00+06:00', '2023-06-10T10:00:00+06:00');
    executedInJuly = await request('2023-06-10T10:00:00+06:00', '2023-07-05T10:00:00+06:00');
    expect(onTime.plannedDate > '2023-06-10').toBe(true);
    const closed = await hub.query(REPORT_STAGE, { input: signed(followUp(onTime.number, 'CLOSED', '2023-06-11T10:00:00+06:00', { providerBin: MIGRATION_BIN, outcome: 'ISSUED', executor: 'Исполнитель (test)', executionDate: '2023-06-10T12:00:00+06:00' })) }, migration);
    expect(closed.errors).toBeUndefined();
  });

  it('counts requests, violations closed late and still open at month end, their length, per provider and service', async () => {
    const { data, errors } = await hub.query(GENERATE, { month: MONTH }, analyst);
    expect(errors).toBeUndefined();
    const report = data.generateMonthlyReport;
    expect(report).toMatchObject({ month: MONTH, trigger: 'ON_DEMAND', generatedBy: 'analyst-1' });
    const line = lineOf(report, MIGRATION_BIN, 'PASSPORT');
    const lateDays = daysBetween(late.plannedDate, '2023-06-20') + daysBetween(lateFromMay.plannedDate, '2023-06-10');
    const openDays = daysBetween(open.plannedDate, '2023-06-30') + daysBetween(executedInJuly.plannedDate, '2023-06-30');
    expect(line).toMatchObject({
      providerName: expect.stringContaining('миграционной'), serviceName: expect.stringContaining('паспорт'),
      requests: 4, closedLate: 2, openOverdueAtMonthEnd: 2, violations: 4, violationDays: lateDays + openDays, technicalViolations: 0,
    });
    expect(line.averageViolationDays).toBeCloseTo((lateDays + openDays) / 4, 2);
    expect(report.providers.find((p: any) => p.providerBin === MIGRATION_BIN)).toMatchObject({ requests: 4, violations: 4 });
    expect(report.total.violations).toBe(report.lines.reduce((n: number, l: any) => n + l.violations, 0));
  });

  it('counts a violation as technical when its lateness overlaps a failure of a system the request depended on', async () => {
    // the migration service's system was down during the late request's lateness only
    const day = (d: string, h = 10) => `${d}T${String(h).padStart(2, '0')}:00:00+06:00`;
    const lateStart = new Date(`${late.plannedDate}T00:00:00+06:00`).getTime() + 86_400_000;
    const outageStart = new Date(lateStart + 3_600_000).toISOString();
    const recorded = await hub.query(RECORD_INCIDENT, { input: { system: 'PROVIDER_SYSTEM', organisationBin: MIGRATION_BIN, startedAt: outageStart, endedAt: new Date(lateStart + 7_200_000).toISOString(), description: 'Отказ ИС миграционной службы (test)' } }, admin);
    expect(recorded.errors).toBeUndefined();
    // another provider's outage does not make this provider's violations technical
    await hub.query(RECORD_INCIDENT, { input: { system: 'PROVIDER_SYSTEM', organisationBin: JUSTICE_BIN, startedAt: day('2023-06-01'), endedAt: day('2023-06-30'), description: 'justice (test)' } }, admin);
    const { data } = await hub.query(GENERATE, { month: MONTH }, analyst);
    expect(lineOf(data.generateMonthlyReport, MIGRATION_BIN, 'PASSPORT').technicalViolations).toBe(1);

    // an outage of the hub itself touches every request late at the time
    const hubDown = await hub.query(RECORD_INCIDENT, { input: { system: 'HUB', startedAt: day('2023-06-29'), endedAt: day('2023-06-29', 12), description: 'Hub outage (test)' } }, admin);
    const withHub = (await hub.query(GENERATE, { month: MONTH }, analyst)).data.generateMonthlyReport;
    expect(lineOf(withHub, MIGRATION_BIN, 'PASSPORT').technicalViolations).toBe(3);

    // withdrawn in error: the next version no longer counts it, the earlier version keeps its figures
    const removed = await hub.query(`mutation($id: ID!) { removeIncident(id: $id, reason: "recorded in error") { removed revision revisions { revision action reason bySubject snapshot } } }`, { id: hubDown.data.recordIncident.id }, admin);
    expect(removed.data.removeIncident).toMatchObject({ removed: true, revision: 2 });
    expect(removed.data.removeIncident.revisions.map((r: any) => r.action)).toEqual(['RECORDED', 'REMOVED']);
    expect(removed.data.removeIncident.revisions[1]).toMatchObject({ reason: 'recorded in error', bySubject: 'admin-1', snapshot: { removed: true } });
    const after = (await hub.query(GENERATE, { month: MONTH }, analyst)).data.generateMonthlyReport;
    expect(lineOf(after, MIGRATION_BIN, 'PASSPORT').technicalViolations).toBe(1);
    const earlier = (await hub.query(REPORT, { month: MONTH, version: withHub.version }, analyst)).data.monthlyReport;
    expect(lineOf(earlier, MIGRATION_BIN, 'PASSPORT').technicalViolations).toBe(3);
  });

  it('keeps every version as it was generated: the database refuses to change one', async () => {
    const versions = (await hub.query(`query { monthlyReportVersions(month: "${MONTH}") { nodes { version trigger } } }`, {}, analyst)).data.monthlyReportVersions.nodes;
    expect(versions.map((v: any) => v.version)).toEqual(versions.map((_: unknown, i: number) => i + 1));
    await expect(hub.dataSource.query("UPDATE monthly_report SET rows = '[]' WHERE month = '2023-06-01'")).rejects.toThrow(/immutable/);
    await expect(hub.dataSource.query("DELETE FROM monthly_report WHERE month = '2023-06-01'")).rejects.toThrow(/immutable/);
    const latest = (await hub.query(REPORT, { month: MONTH }, analyst)).data.monthlyReport;
    expect(latest.version).toBe(versions.length);
  });

  it('pages the versions oldest first after a cursor, and refuses a cursor of another month', async () => {
    const all = (await hub.query(`query { monthlyReportVersions(month: "${MONTH}") { nodes { version } } }`, {}, analyst)).data.monthlyReportVersions.nodes.map((v: any) => v.version);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const paged = 'query($month: String!, $after: String) { monthlyReportVersions(month: $month, first: 1, after: $after) { nodes { version } pageInfo { hasNextPage endCursor } } }';
    const seen: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await hub.query(paged, { month: MONTH, after }, analyst)).data.monthlyReportVersions;
      seen.push(...page.nodes.map((v: any) => v.version));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const first = (await hub.query(paged, { month: MONTH }, analyst)).data.monthlyReportVersions.pageInfo.endCursor;
    const elsewhere = await hub.query(paged, { month: '2023-05', after: first }, analyst);
    expect(elsewhere.errors![0].extensions).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('exports the report as CSV and XLSX with Kazakh and Russian headers', async () => {
    const csv = (await hub.query(EXPORT, { month: MONTH, format: 'CSV' }, analyst)).data.monthlyReport.export;
    expect(csv).toMatchObject({ fileName: expect.stringMatching(/^monthly-report-2023-06-v\d+\.csv$/), mediaType: 'text/csv; charset=utf-8' });
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8');
    const [header, ...rest] = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header).toContain('Қызмет коды / Код услуги');
    expect(header).toContain('Оның ішінде техникалық себептер бойынша / В том числе по техническим причинам');
    expect(rest.some((l) => l.startsWith(`${MIGRATION_BIN},`) && l.includes(',PASSPORT,'))).toBe(true);
    expect(rest[rest.length - 1]).toContain('Жиыны / Всего');

    const xlsx = (await hub.query(EXPORT, { month: MONTH, format: 'XLSX' }, analyst)).data.monthlyReport.export;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('2023-06');
    expect(sheet.getRow(2).getCell(5).value).toBe('Өтініштер саны');
    expect(sheet.getRow(3).getCell(5).value).toBe('Количество обращений');
    const passport = sheet.getRows(4, sheet.rowCount - 3)!.find((r) => r.getCell(1).value === MIGRATION_BIN && r.getCell(3).value === 'PASSPORT')!;
    expect(passport.getCell(5).value).toBe(4);
    expect(passport.getCell(8).value).toBe(4);
  });

  it('refuses a month that is malformed or not over yet, and anyone but analysts and admins', async () => {
    const bad = await hub.query(GENERATE, { month: '2023-13' }, analyst);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'INVALID_MONTH', field: 'month' });
    const thisMonth = new Date().toISOString().slice(0, 7);
    const current = await hub.query(GENERATE, { month: thisMonth }, analyst);
    expect(current.errors![0].extensions).toMatchObject({ code: 'MONTH_NOT_OVER', field: 'month' });
    for (const token of [migration, tokenFor('operator'), tokenFor('contact_centre'), tokenFor('citizen', { iin: '900101300126' })]) {
      const { errors } = await hub.query(REPORT, { month: MONTH }, token);
      expect(errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it("lets an analyst fetch last month's report, made by the scheduler, and download it as XLSX", async () => {
    const month = previousMonth();
    const report = await eventually(async () => (await hub.query(REPORT, { month }, analyst)).data?.monthlyReport, 45_000, 500);
    expect(report.month).toBe(month);
    const scheduled = (await hub.query(`query { monthlyReportVersions(month: "${month}") { nodes { version trigger generatedBy } } }`, {}, analyst)).data.monthlyReportVersions.nodes;
    expect(scheduled.filter((v: any) => v.trigger === 'SCHEDULED')).toEqual([expect.objectContaining({ generatedBy: 'scheduler' })]);
    const xlsx = (await hub.query(EXPORT, { month, format: 'XLSX' }, analyst)).data.monthlyReport.export;
    expect(xlsx.fileName).toBe(`monthly-report-${month}-v${report.version}.xlsx`);
    expect(Buffer.from(xlsx.contentBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
    // and the schedule that makes it on the 1st is in pg-boss, in Astana time
    const [schedule] = await hub.dataSource.query("SELECT cron, options->>'tz' AS tz FROM pgboss.schedule WHERE name = 'monthly-report'");
    expect(schedule).toEqual({ cron: '0 1 1 * *', tz: 'Asia/Almaty' });
  }, 60_000);
});

describe('technical incidents', () => {
  it('refuses an incident that ends before it starts, or names an unknown provider, with the field', async () => {
    const backwards = await hub.query(RECORD_INCIDENT, { input: { system: 'HUB', startedAt: '2023-06-02T10:00:00+06:00', endedAt: '2023-06-01T10:00:00+06:00', description: 'x' } }, admin);
    expect(backwards.errors![0].extensions).toMatchObject({ code: 'INVALID_PERIOD', field: 'input.endedAt' });
    const unknown = await hub.query(RECORD_INCIDENT, { input: { system: 'PROVIDER_SYSTEM', organisationBin: '000000000000', startedAt: '2023-06-02T10:00:00+06:00', description: 'x' } }, admin);
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.organisationBin' });
    const notAdmin = await hub.query(RECORD_INCIDENT, { input: { system: 'HUB', startedAt: '2023-06-02T10:00:00+06:00', description: 'x' } }, analyst);
    expect(notAdmin.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps every correction in the revisions, and lists incidents by period', async () => {
    const recorded = (await hub.query(RECORD_INCIDENT, { input: { system: 'DOCUMENT_SOURCE', sourceCode: 'ADDRESS_REGISTER', startedAt: '2023-08-01T10:00:00+06:00', description: 'Адресный регистр недоступен' } }, admin)).data.recordIncident;
    expect(recorded).toMatchObject({ endedAt: null, revision: 1 });
    const updated = await hub.query(`mutation($id: ID!, $input: IncidentInput!) { updateIncident(id: $id, input: $input, reason: "ended") { endedAt revision revisions { revision action snapshot } } }`, {
      id: recorded.id, input: { system: 'DOCUMENT_SOURCE', sourceCode: 'ADDRESS_REGISTER', startedAt: '2023-08-01T10:00:00+06:00', endedAt: '2023-08-01T14:00:00+06:00', description: 'Адресный регистр недоступен' },
    }, admin);
    expect(updated.data.updateIncident).toMatchObject({ endedAt: '2023-08-01T14:00:00+06:00', revision: 2 });
    expect(updated.data.updateIncident.revisions.map((r: any) => [r.revision, r.action, r.snapshot.endedAt])).toEqual([[1, 'RECORDED', null], [2, 'UPDATED', '2023-08-01T08:00:00.000Z']]);
    const listed = (await hub.query(`query { incidents(from: "2023-08-01T00:00:00+06:00", to: "2023-08-02T00:00:00+06:00") { nodes { id } } }`, {}, analyst)).data.incidents.nodes;
    expect(listed.map((i: any) => i.id)).toEqual([recorded.id]);
  });

  it('pages the incidents newest first after a cursor, each page holding still while new ones are recorded', async () => {
    const all = (await hub.query('query { incidents(includeRemoved: true, first: 500) { nodes { id } } }', {}, analyst)).data.incidents.nodes.map((i: any) => i.id);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const paged = 'query($after: String) { incidents(includeRemoved: true, first: 1, after: $after) { nodes { id startedAt } pageInfo { hasNextPage endCursor } } }';
    const first = (await hub.query(paged, {}, analyst)).data.incidents;
    // a newer incident recorded meanwhile does not shift the pages that follow the cursor (a second
    // after the newest there is: the run's shared database holds other files' incidents too)
    const newest = Date.parse(first.nodes[0].startedAt);
    const at = (ms: number) => formatAstana(new Date(newest + ms));
    const newer = (await hub.query(RECORD_INCIDENT, { input: { system: 'HUB', startedAt: at(1000), endedAt: at(2000), description: 'recorded while paging' } }, admin)).data.recordIncident;
    const seen: string[] = [...first.nodes.map((i: any) => i.id)];
    let page = first;
    while (page.pageInfo.hasNextPage) {
      page = (await hub.query(paged, { after: page.pageInfo.endCursor }, analyst)).data.incidents;
      seen.push(...page.nodes.map((i: any) => i.id));
    }
    expect(seen).toEqual(all);
    expect((await hub.query(paged, {}, analyst)).data.incidents.nodes.map((i: any) => i.id)).toEqual([newer.id]);
    const bad = await hub.query(paged, { after: 'not-a-cursor' }, analyst);
    expect(bad.errors![0].extensions).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });
});

describe('operational views', () => {
  it('shows requests by current stage, overdue now with days, and processing times; a provider only its own', async () => {
    const byStage = (await hub.query('query { requestsByStage(filter: { serviceCode: "PASSPORT" }) { stage count } }', {}, analyst)).data.requestsByStage;
    expect(byStage.find((s: any) => s.stage === 'ACCEPTED').count).toBeGreaterThanOrEqual(1);
    expect(byStage.find((s: any) => s.stage === 'EXECUTED').count).toBeGreaterThanOrEqual(3);
    expect(byStage.find((s: any) => s.stage === 'CLOSED').count).toBeGreaterThanOrEqual(1);

    const overdue = (await hub.query('query { overdueNow(filter: { serviceCode: "PASSPORT" }, first: 500) { nodes { number providerBin stage plannedDate days application { id } } } }', {}, tokenFor('contact_centre'))).data.overdueNow.nodes;
    const open = overdue.find((o: any) => o.plannedDate < '2023-07-01');
    expect(open).toMatchObject({ providerBin: MIGRATION_BIN, stage: 'ACCEPTED' });
    expect(open.days).toBe(daysBetween(open.plannedDate, new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10)));

    // page by page after a cursor, in the same order as at once (a second open request, so that
    // there are two pages whatever other test files left in the shared database)
    await request('2023-06-06T10:00:00+06:00');
    const paged = 'query($after: String) { overdueNow(first: 1, after: $after) { nodes { number } pageInfo { hasNextPage endCursor } } }';
    const page1 = (await hub.query(paged, {}, analyst)).data.overdueNow;
    const page2 = (await hub.query(paged, { after: page1.pageInfo.endCursor }, analyst)).data.overdueNow;
    const all = (await hub.query('query { overdueNow(first: 2) { nodes { number } } }', {}, analyst)).data.overdueNow.nodes;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect([...page1.nodes, ...page2.nodes]).toEqual(all);

    const own = await hub.query('query { overdueNow(first: 500) { nodes { providerBin } } }', {}, tokenFor('provider', { bin: JUSTICE_BIN }));
    expect(own.data.overdueNow.nodes.every((o: any) => o.providerBin === JUSTICE_BIN)).toBe(true);
    const other = await hub.query(`query { requestsByStage(filter: { providerBin: "${MIGRATION_BIN}" }) { count } }`, {}, tokenFor('provider', { bin: JUSTICE_BIN }));
    expect(other.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'filter.providerBin' });

    const times = (await hub.query('query { processingTimes(from: "2023-05-01T00:00:00+06:00", to: "2023-08-01T00:00:00+06:00", filter: { serviceCode: "PASSPORT" }) { providerBin serviceCode closed averageDays late } }', {}, analyst)).data.processingTimes;
    expect(times).toEqual([{ providerBin: MIGRATION_BIN, serviceCode: 'PASSPORT', closed: 1, averageDays: 10, late: 0 }]);
    const refused = await hub.query('query { requestsByStage { count } }', {}, tokenFor('citizen', { iin: '900101300126' }));
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
