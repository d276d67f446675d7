import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { formatAstana } from '../../../platform/time';
import { accessibilityProblems, ConsoleStand, fillRegistration, item, screenshot, signInAs, startConsoleStand } from '../../support/browser';
import { TestHub } from '../../support/hub';
import { newNumber, registration, REPORT_STAGE, signed } from '../../support/reports';
import { AKIMAT_BIN, tokenFor } from '../../support/tokens';

// The web console in Debian's Chromium: a provider without a system of its own registers a request
// in the workstation (АРМ ГО, data-entry rules p.5, p.9) and closes it, while the contact centre
// (p.2) watches every stage arrive live, through a dropped connection too; the analyst downloads
// the monthly report.

const LAND_PLOT = 'LAND-PLOT'; // the Akimat's service: 20 working days
const RECIPIENT_IIN = '900101300126';
const BAD_IIN = '900101300127'; // the check digit is wrong

let hub: TestHub;
let stand: ConsoleStand;
let browser: Browser;
let base: string;

/** Accepted on the 2nd of the month before last: open and overdue at the end of last month, whatever today is. */
function acceptance(): { at: Date; reportMonth: string } {
  const now = new Date();
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 2, 5, 0, 0));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { at, reportMonth: `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}` };
}

/** What a datetime-local input holds for an instant: Astana wall-clock time to the minute. */
const localInput = (at: Date) => formatAstana(at).slice(0, 16);

/** Keeps a screenshot of the page, and checks it against WCAG 2.1 AA with axe-core: nothing serious or critical. */
async function lookAt(page: Page, name: string) {
  await screenshot(page, name);
  expect(await accessibilityProblems(page)).toEqual([]);
}
const signIn = (context: BrowserContext, identity: string) => signInAs(context, base, identity);

beforeAll(async () => {
  stand = await startConsoleStand();
  ({ hub, browser, base } = stand);
}, 120_000);

afterAll(async () => {
  await stand?.stop();
});

describe('the web console', () => {
  const number = `ARM-${newNumber()}`;
  const { at: acceptedAt, reportMonth } = acceptance();
  let provider: Page;
  let contactCentre: Page;
  /** the contact centre's graphql-ws connections, which the test cuts to play a network drop */
  const sockets: WebSocketRoute[] = [];
  let offline = false;

  it('signs in from the demo identity picker, in Kazakh unless switched', async () => {
    const ccContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await ccContext.routeWebSocket(/\/graphql$/, (ws) => {
      if (offline) return ws.close({ code: 1011, reason: 'network down (test)' });
      sockets.push(ws);
      ws.connectToServer();
    });
    const signInPage = await ccContext.newPage();
    await signInPage.goto(`${base}/console/`);
    await signInPage.getByTestId('identity-select').waitFor();
    expect(await signInPage.evaluate(() => document.documentElement.lang)).toBe('kk');
    await lookAt(signInPage, 'sign-in');
    await signInPage.close();

    contactCentre = await signIn(ccContext, 'contact_centre::');
    await contactCentre.getByTestId('feed').waitFor();
    await contactCentre.getByTestId('filter-provider').selectOption(AKIMAT_BIN);
    await item(contactCentre, 'live-status', { state: 'live' }).waitFor();

    provider = await signIn(await browser.newContext({ viewport: { width: 1280, height: 1000 } }), `provider:${AKIMAT_BIN}:`);
    await provider.getByTestId('register-form').waitFor();
  });

  it('shows a bad IIN next to its field, as the API would code it, and sends nothing', async () => {
    const form = provider.getByTestId('register-form');
    await fillRegistration(provider, { number, surname: 'Сейткали', name: 'Айгерим', iinOrBin: BAD_IIN, serviceCode: LAND_PLOT, place: 'Акимат города Астаны, приёмная, окно 3', acceptedAt: localInput(acceptedAt) });
    await form.getByTestId('register-submit').click();

    const error = provider.getByTestId('error-iinOrBin');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('INVALID_IIN_BIN');
    expect(await form.getByTestId('field-iinOrBin').getAttribute('aria-invalid')).toBe('true');
    await lookAt(provider, 'workstation-validation');
    expect(await hub.dataSource.query('SELECT 1 FROM application WHERE number = $1', [number])).toHaveLength(0);
  });

  it('registers the request, signed with the demo certificate, and the contact centre sees it at once', async () => {
    await provider.getByTestId('field-iinOrBin').fill(RECIPIENT_IIN);
    expect(await provider.getByTestId('error-iinOrBin').count()).toBe(0);
    await provider.getByTestId('register-submit').click();
    await item(provider, 'request-panel', { 'application-number': number, 'current-stage': 'ACCEPTED' }).waitFor();

    const [stored] = await hub.dataSource.query('SELECT recipient_iin, service_code, accepted_at, current_stage FROM application WHERE number = $1 AND provider_bin = $2', [number, AKIMAT_BIN]);
    expect(stored).toMatchObject({ recipient_iin: RECIPIENT_IIN, service_code: LAND_PLOT, current_stage: 1 });
    expect(new Date(stored.accepted_at).getTime()).toBe(Math.floor(acceptedAt.getTime() / 60_000) * 60_000);
    await item(contactCentre, 'feed-item', { 'application-number': number, stage: 'ACCEPTED' }).waitFor();
  });

  it('answers a server-side refusal next to its field too', async () => {
    // the same number for another recipient: only the hub knows it is taken
    await fillRegistration(provider, { number, surname: 'Жаксыбеков', name: 'Ерлан', iinOrBin: '850625401118', serviceCode: LAND_PLOT, place: 'Акимат города Астаны', acceptedAt: localInput(acceptedAt) });
    await provider.getByTestId('register-submit').click();
    const error = provider.getByTestId('error-iinOrBin');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('FIELD_CONFLICT');
    const [stored] = await hub.dataSource.query('SELECT recipient_iin FROM application WHERE number = $1', [number]);
    expect(stored.recipient_iin).toBe(RECIPIENT_IIN);
  });

  it('moves the request through the stages, sending a report again after a lost answer without recording it twice, and asking for the executor when the rules do', async () => {
    await item(provider, 'worklist-item', { 'application-number': number }).click();
    const panel = item(provider, 'request-panel', { 'application-number': number });
    // the hub's answer to the first try is lost on its way back: the stage is stored, the page sees a network error
    let lost = false;
    await provider.route('**/graphql', async (route) => {
      if (lost || !route.request().postData()?.includes('ConsoleReportStage')) return route.fallback();
      lost = true;
      await route.fetch();
      await route.abort('failed');
    });
    await panel.getByTestId('advance-stage').click();
    await provider.getByTestId('form-error').waitFor();
    // sent again with the same message id: the hub answers with the stored record, not a refusal
    await panel.getByTestId('advance-stage').click();
    await item(provider, 'request-panel', { 'application-number': number, 'current-stage': 'SENT_FOR_EXECUTION' }).waitFor();
    expect(await provider.getByTestId('success-message').innerText()).toContain('бұрын қабылданған');
    await provider.unroute('**/graphql');
    const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM stage_record r JOIN application a ON a.id = r.application_id WHERE a.number = $1 AND r.stage = 2', [number]);
    expect(n).toBe(1);
    await item(contactCentre, 'feed-item', { 'application-number': number, stage: 'SENT_FOR_EXECUTION' }).waitFor();

    // the button says what it does, not the stage's name
    expect(await panel.getByTestId('advance-stage').innerText()).toBe('Жұмысқа қабылдау');
    await panel.getByTestId('advance-stage').click();
    const missing = provider.getByTestId('error-executor');
    await missing.waitFor();
    expect(await missing.getAttribute('data-code')).toBe('FIELD_REQUIRED');
    await panel.getByTestId('stage-executor').fill('Нурланов Д.К.');
    await panel.getByTestId('advance-stage').click();
    await item(provider, 'request-panel', { 'application-number': number, 'current-stage': 'ACCEPTED_INTO_WORK' }).waitFor();
    await item(contactCentre, 'feed-item', { 'application-number': number, stage: 'ACCEPTED_INTO_WORK' }).waitFor();
    await lookAt(provider, 'workstation');
  });

  it('resumes the live board from its cursor after a network drop, with no gap', async () => {
    offline = true;
    for (const ws of sockets.splice(0)) await ws.close({ code: 1011, reason: 'network down (test)' });
    await item(contactCentre, 'live-status', { state: 'reconnecting' }).waitFor();

    const panel = item(provider, 'request-panel', { 'application-number': number });
    await panel.getByTestId('advance-stage').click(); // EXECUTED, its execution date defaulting to now
    await item(provider, 'request-panel', { 'application-number': number, 'current-stage': 'EXECUTED' }).waitFor();
    await panel.getByTestId('advance-stage').click();
    await item(provider, 'request-panel', { 'application-number': number, 'current-stage': 'AWAITING_ISSUANCE' }).waitFor();
    expect(await item(contactCentre, 'feed-item', { 'application-number': number, stage: 'EXECUTED' }).count()).toBe(0);

    offline = false;
    await item(contactCentre, 'live-status', { state: 'live' }).waitFor({ timeout: 30_000 });
    await item(contactCentre, 'feed-item', { 'application-number': number, stage: 'AWAITING_ISSUANCE' }).waitFor();
    const stages = await item(contactCentre, 'feed-item', { 'application-number': number }).evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
    // newest first, each stage once
    expect(stages).toEqual(['AWAITING_ISSUANCE', 'EXECUTED', 'ACCEPTED_INTO_WORK', 'SENT_FOR_EXECUTION', 'ACCEPTED']);
  });

  it('closes the request as issued; the contact centre sees it, overdue and signed stage by stage', async () => {
    const panel = item(provider, 'request-panel', { 'application-number': number });
    await panel.getByTestId('close-issued').click();
    await item(provider, 'request-panel', { 'application-number': number, 'current-stage': 'CLOSED' }).waitFor();
    expect(await panel.getByTestId('advance-stage').count()).toBe(0);
    const closed = item(contactCentre, 'feed-item', { 'application-number': number, stage: 'CLOSED' });
    await closed.waitFor();
    expect(await closed.getAttribute('data-overdue')).toBe('true');
    await lookAt(contactCentre, 'board');

    await closed.click();
    const view = contactCentre.getByTestId('application-view');
    await view.waitFor();
    await view.getByTestId('overdue-badge').waitFor();
    const timeline = view.getByTestId('timeline-item');
    await item(contactCentre, 'timeline-item', { stage: 'CLOSED' }).waitFor();
    // closed as issued, said once: not "closed (issued or refused)" beside "issued"
    const status = await view.getByTestId('current-stage').innerText();
    expect(status).toBe('Жабылды: берілді');
    expect(await view.innerText()).not.toContain('Жабылды (берілді немесе бас тартылды)');
    // the header says the role once, even when the organisation's name holds it
    expect(await contactCentre.getByTestId('whoami').innerText()).toBe('Бірыңғай байланыс орталығы (демо)');
    expect(await timeline.evaluateAll((els) => els.map((e) => e.getAttribute('data-stage'))))
      .toEqual(['ACCEPTED', 'SENT_FOR_EXECUTION', 'ACCEPTED_INTO_WORK', 'EXECUTED', 'AWAITING_ISSUANCE', 'CLOSED']);
    const signers = await view.getByTestId('timeline-signer').allInnerTexts();
    expect(signers).toHaveLength(6);
    const [signer] = (await hub.dataSource.query(
      `SELECT DISTINCT s.signer_name FROM stage_record r JOIN signature s ON s.id = r.signature_id JOIN application a ON a.id = r.application_id WHERE a.number = $1`, [number],
    )) as { signer_name: string }[];
    for (const text of signers) expect(text).toContain(signer.signer_name);
    await lookAt(contactCentre, 'application');
  });

  it('shows a board opened later the recent stage changes at once, then goes on live', async () => {
    const later = await signIn(await browser.newContext({ viewport: { width: 1280, height: 900 } }), 'contact_centre::');
    await later.getByTestId('filter-provider').selectOption(AKIMAT_BIN);
    await item(later, 'feed-item', { 'application-number': number, stage: 'CLOSED' }).waitFor();
    await item(later, 'live-status', { state: 'live' }).waitFor();
    const stages = await item(later, 'feed-item', { 'application-number': number }).evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
    expect(stages).toEqual(['CLOSED', 'AWAITING_ISSUANCE', 'EXECUTED', 'ACCEPTED_INTO_WORK', 'SENT_FOR_EXECUTION', 'ACCEPTED']);
    // a provider system's report through the API arrives on it live
    const fromSystem = registration({ providerBin: AKIMAT_BIN, serviceCode: LAND_PLOT, applicationNumber: `SYS-${newNumber()}` });
    expect((await hub.query(REPORT_STAGE, { input: signed(fromSystem) }, tokenFor('provider', { bin: AKIMAT_BIN }))).errors).toBeUndefined();
    await item(later, 'feed-item', { 'application-number': fromSystem.applicationNumber as string, stage: 'ACCEPTED' }).waitFor();
    await later.context().close();
  });

  it('switches between Kazakh and Russian', async () => {
    const closedLabel = item(contactCentre, 'timeline-item', { stage: 'CLOSED' });
    expect(await closedLabel.innerText()).toContain('Жабылды');
    await contactCentre.getByTestId('lang-en').click();
    await contactCentre.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await closedLabel.innerText()).toContain('Closed: issued');
    await contactCentre.getByTestId('lang-ru').click();
    await contactCentre.waitForFunction(() => document.documentElement.lang === 'ru');
    expect(await closedLabel.innerText()).toContain('Закрыто');
    await lookAt(contactCentre, 'application-ru');
    expect(await contactCentre.getByTestId('application-view').innerText()).toContain('Акимат города Астаны');
    await contactCentre.getByTestId('lang-kk').click();
    expect(await closedLabel.innerText()).toContain('Жабылды');
    expect(await contactCentre.getByTestId('application-view').innerText()).toContain('Астана қаласының әкімдігі');
  });

  it("finds the request by the recipient's IIN", async () => {
    await contactCentre.getByTestId('nav-board').click();
    await contactCentre.getByTestId('search-input').fill(RECIPIENT_IIN);
    await contactCentre.getByTestId('search-submit').click();
    await contactCentre.getByTestId('search-results').waitFor();
    await contactCentre.getByTestId('search-result').filter({ hasText: number }).waitFor();
  });

  it('closes a request as refused straight after registration, only with a reason', async () => {
    const refused = `ARM-${newNumber()}`;
    await fillRegistration(provider, { number: refused, surname: 'Жаксыбеков', name: 'Ерлан', iinOrBin: '850625401118', serviceCode: LAND_PLOT, place: 'Акимат города Астаны' });
    await provider.getByTestId('register-submit').click();
    const panel = item(provider, 'request-panel', { 'application-number': refused, 'current-stage': 'ACCEPTED' });
    await panel.waitFor();

    await panel.getByTestId('close-refused').click();
    const missing = provider.getByTestId('error-refusalReason');
    await missing.waitFor();
    expect(await missing.getAttribute('data-code')).toBe('FIELD_REQUIRED');
    await panel.getByTestId('stage-refusalReason').fill('Земельный участок не свободен');
    await panel.getByTestId('close-refused').click();
    await item(provider, 'request-panel', { 'application-number': refused, 'current-stage': 'CLOSED' }).waitFor();
    await item(contactCentre, 'feed-item', { 'application-number': refused, stage: 'CLOSED' }).waitFor();
    const [stored] = await hub.dataSource.query('SELECT outcome, refusal_reason FROM application WHERE number = $1', [refused]);
    expect(stored).toEqual({ outcome: 'REFUSED', refusal_reason: 'Земельный участок не свободен' });
  });

  it("gives the analyst the month's report with its chart and the XLSX", async () => {
    // the request was open past its planned date at the end of last month: a violation there
    const analyst = await signIn(await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true }), 'analyst::');
    await analyst.getByTestId('report-month').fill(reportMonth);
    await analyst.getByTestId('report-generate').click();
    const bar = item(analyst, 'chart-bar', { 'provider-bin': AKIMAT_BIN, 'service-code': LAND_PLOT });
    await bar.waitFor();
    expect(Number(await bar.getAttribute('data-violations'))).toBeGreaterThanOrEqual(1);
    await lookAt(analyst, 'reports');

    const [download] = await Promise.all([analyst.waitForEvent('download'), analyst.getByTestId('report-download-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const line = rows.find((r) => r[0] === AKIMAT_BIN && r[2] === LAND_PLOT);
    expect(line).toBeDefined();
    const report = await hub.query(`query($m: String!) { monthlyReport(month: $m) { lines { providerBin serviceCode violations } } }`, { m: reportMonth }, tokenFor('analyst'));
    const expected = report.data.monthlyReport.lines.find((l: { providerBin: string; serviceCode: string }) => l.providerBin === AKIMAT_BIN && l.serviceCode === LAND_PLOT);
    expect(line![7]).toBe(expected.violations);
    expect(Number(await bar.getAttribute('data-violations'))).toBe(expected.violations);
  });
});
