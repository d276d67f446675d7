import { randomUUID } from 'node:crypto';
import { file, operatorToken, signedSubmission, SUBMIT } from '../../support/applications';
import { startHub, TestHub } from '../../support/hub';
import { registration, REPORT_STAGE, signed } from '../../support/reports';
import { AKIMAT_BIN, JUSTICE_BIN, tokenFor } from '../../support/tokens';

/**
 * Requests accepted at the end of a year get planned dates in the next one (data-entry rules
 * p.10): the hub counts them with that year's holidays, says when that year's calendar is
 * provisional, and refuses to count into a year it knows nothing of. The hub's clock stands at
 * 28 Dec 2026, 10:00 in Astana.
 */
const NOW = new Date('2026-12-28T10:00:00+05:00');
// a service whose term reaches past the calendar's last year: 300 working days from late 2026
const LONG_SERVICE = 'TEST-LONG-TERM';

let hub: TestHub;

beforeAll(async () => {
  hub = await startHub({ clock: () => NOW });
  await hub.dataSource.query(
    `INSERT INTO service (code, name_kk, name_ru, name_en, term_days, term_kind, agency_bin, kind, automation, fee, required_documents, active)
     VALUES ($1, 'Тест', 'Тест', 'Test', 300, 'WORKING_DAYS', $2, 'INFORMATIONAL', 'PARTIAL', NULL, '{}', true)`,
    [LONG_SERVICE, AKIMAT_BIN],
  );
});

afterAll(async () => {
  await hub?.dataSource.query('DELETE FROM service WHERE code = $1', [LONG_SERVICE]);
  await hub?.stop();
});

const PLANNED = 'query($id: ID!) { application(id: $id) { acceptedAt plannedDate plannedDateProvisional } }';
const plannedOf = async (id: string) => {
  const r = await hub.query(PLANNED, { id }, tokenFor('contact_centre'));
  expect(r.errors).toBeUndefined();
  return r.data.application;
};
const report = (input: Record<string, unknown>) => hub.query(REPORT_STAGE, { input: signed(input) }, tokenFor('provider', { bin: input.providerBin as string }));

describe('a request accepted on 28 December 2026', () => {
  it('gets a planned date counted through the 2027 New Year holidays, flagged provisional, when an operator submits it', async () => {
    const r = await hub.query(SUBMIT, { input: signedSubmission({ serviceCode: 'LAND-PLOT', attachments: [{ documentType: 'IDENTITY', file: file('id') }, { documentType: 'REAL_ESTATE_TITLE', file: file('title') }] }) }, operatorToken());
    expect(r.errors).toBeUndefined();
    // 20 working days: 29-31 Dec; 1-2 Jan holidays, Mon 4 the day off moved from Sat 2; 5, 6; Thu 7 Christmas; 8 ... Thu 28 Jan
    expect(await plannedOf(r.data.submitApplication.application.id)).toEqual({ acceptedAt: '2026-12-28T10:00:00+05:00', plannedDate: '2027-01-28', plannedDateProvisional: true });
  });

  it('gets the same when a provider registers it with its first report', async () => {
    const r = await report(registration({ occurredAt: '2026-12-28T09:00:00+05:00', acceptedAt: '2026-12-28T09:00:00+05:00' }));
    expect(r.errors).toBeUndefined();
    // CRIM-CERT, 5 working days: 29, 30, 31 Dec, 5, 6 Jan
    expect(await plannedOf(r.data.reportStage.record.application.id)).toMatchObject({ plannedDate: '2027-01-06', plannedDateProvisional: true });
  });

  it('is not flagged when its planned date is counted within a final year', async () => {
    const r = await report(registration({ occurredAt: '2026-12-01T09:00:00+05:00', acceptedAt: '2026-12-01T09:00:00+05:00' }));
    expect(r.errors).toBeUndefined();
    expect(await plannedOf(r.data.reportStage.record.application.id)).toMatchObject({ plannedDate: '2026-12-08', plannedDateProvisional: false });
  });
});

describe('a planned date past the last day the calendar covers', () => {
  it('refuses the submission, naming the service, and registers nothing', async () => {
    const input = signedSubmission({ serviceCode: LONG_SERVICE, attachments: [] });
    const r = await hub.query(SUBMIT, { input }, operatorToken());
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'CALENDAR_NOT_COVERED', field: 'input.serviceCode' });
    expect(r.errors?.[0].message).toContain('2027-12-31');
    const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM application WHERE service_code = $1', [LONG_SERVICE]);
    expect(n).toBe(0);
  });

  it("refuses a provider's registering report, naming its acceptance time, journals the refusal and stores nothing", async () => {
    const input = registration({ providerBin: AKIMAT_BIN, serviceCode: LONG_SERVICE, applicationNumber: `T-${randomUUID().slice(0, 8)}`, occurredAt: '2026-12-28T09:00:00+05:00', acceptedAt: '2026-12-28T09:00:00+05:00' });
    const r = await report(input);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'CALENDAR_NOT_COVERED', field: 'input.acceptedAt' });
    const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM application WHERE provider_bin = $1 AND number = $2', [AKIMAT_BIN, input.applicationNumber]);
    expect(n).toBe(0);
    const [{ journalled }] = await hub.dataSource.query(`SELECT count(*)::int AS journalled FROM message_refusal WHERE message_id = $1 AND code = 'CALENDAR_NOT_COVERED'`, [input.messageId]);
    expect(journalled).toBe(1);
  });

  it('still records the later stages of requests registered before', async () => {
    const first = registration({ providerBin: JUSTICE_BIN, occurredAt: '2026-12-28T09:00:00+05:00', acceptedAt: '2026-12-28T09:00:00+05:00' });
    expect((await report(first)).errors).toBeUndefined();
    const later = await report({ providerBin: JUSTICE_BIN, applicationNumber: first.applicationNumber, stage: 'ACCEPTED_INTO_WORK', occurredAt: '2026-12-28T09:30:00+05:00', messageId: randomUUID(), executor: 'Ахметова Д.' });
    expect(later.errors).toBeUndefined();
  });
});
