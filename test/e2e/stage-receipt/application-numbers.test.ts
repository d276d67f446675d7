import { randomUUID } from 'node:crypto';
import { operatorToken, signedSubmission, SUBMIT } from '../../support/applications';
import { startHub, TestHub } from '../../support/hub';
import { followUp, registration, REPORT_STAGE, signed } from '../../support/reports';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, OTHER_CITIZEN_IIN, tokenFor } from '../../support/tokens';
import { astanaDate } from '../../../platform/time';

/**
 * The hub numbers the applications operators submit through it (QH-<year>-<running number>);
 * providers number the requests they register themselves. A number is unique per provider, and
 * the hub's own are unique across the hub, which is what lets anyone find one by its number alone.
 */
let hub: TestHub;

beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.stop(); });

const providerOf = (bin: string) => tokenFor('provider', { bin });
const report = (input: Record<string, unknown>, bin = input.providerBin as string) => hub.query(REPORT_STAGE, { input: signed(input) }, providerOf(bin));
const BY_NUMBER = `query($number: String!, $bin: String) { applicationByNumber(number: $number, providerBin: $bin) { id number providerBin channel } }`;
const byNumber = (number: string, token: string, bin?: string) => hub.query(BY_NUMBER, { number, bin }, token);

/** The number the hub will give the next application it registers. */
async function nextHubNumber(): Promise<string> {
  const [{ last, called }] = await hub.dataSource.query('SELECT last_value::int AS last, is_called AS called FROM application_number_seq');
  return `QH-${astanaDate(new Date()).slice(0, 4)}-${String(called ? last + 1 : last).padStart(7, '0')}`;
}

async function submit(): Promise<{ id: string; number: string }> {
  const r = await hub.query(SUBMIT, { input: signedSubmission() }, operatorToken());
  expect(r.errors).toBeUndefined();
  return r.data.submitApplication.application;
}

describe("the hub's own numbers are reserved", () => {
  // of the hub's form, but never issued (the hub's running number is digits), so that no other test's application has it
  it.each(['QH-2026-X000001', 'qh-2026-x000002', ' QH-X3 '])('refuses a provider registering a request numbered %j, and stores nothing of it', async (number) => {
    const input = registration({ applicationNumber: number });
    const result = await report(input);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'APPLICATION_NUMBER_RESERVED', field: 'input.applicationNumber' });
    const [{ n }] = await hub.dataSource.query('SELECT count(*)::int AS n FROM application WHERE upper(trim(number)) = upper(trim($1))', [number]);
    expect(n).toBe(0);
    const [{ journalled }] = await hub.dataSource.query(`SELECT count(*)::int AS journalled FROM message_refusal WHERE message_id = $1 AND code = 'APPLICATION_NUMBER_RESERVED'`, [input.messageId]);
    expect(journalled).toBe(1);
  });

  it('cannot be taken by a provider before the hub issues it, so everyone goes on finding the application by its number', async () => {
    const number = await nextHubNumber();
    const squatted = await report(registration({ providerBin: AKIMAT_BIN, serviceCode: 'LAND-PLOT', applicationNumber: number, recipient: { surname: 'Ищенко', name: 'Ольга', iinOrBin: OTHER_CITIZEN_IIN } }));
    expect(squatted.errors?.[0].extensions?.code).toBe('APPLICATION_NUMBER_RESERVED');
    const app = await submit();
    expect(app.number).toBe(number);
    for (const token of [tokenFor('contact_centre'), tokenFor('citizen', { iin: CITIZEN_IIN }), providerOf(JUSTICE_BIN), operatorToken()]) {
      const found = await byNumber(number, token);
      expect(found.errors).toBeUndefined();
      expect(found.data.applicationByNumber).toMatchObject({ id: app.id, channel: 'HUB' });
    }
  });

  it("lets the provider of a request the hub issued report its stages by the hub's number", async () => {
    const app = await submit();
    const later = await report(followUp(app.number, 'ACCEPTED_INTO_WORK', new Date().toISOString(), { executor: 'Ахметова Д.' }));
    expect(later.errors).toBeUndefined();
    expect(later.data.reportStage.record.application.id).toBe(app.id);
  });

  it("finds the hub's application by its number even beside a provider's request registered with that number before it was reserved", async () => {
    const app = await submit();
    // what a provider could do before the prefix was reserved, left in the database
    await hub.dataSource.query(
      `INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance, accepted_at, registered_at, planned_date, current_stage, channel)
       VALUES ($1, $2, 'Ищенко', 'Ольга', $3, 'LAND-PLOT', 'Акимат', now(), now(), current_date, 1, 'PROVIDER')`,
      [AKIMAT_BIN, app.number, OTHER_CITIZEN_IIN],
    );
    const found = await byNumber(app.number, tokenFor('contact_centre'));
    expect(found.errors).toBeUndefined();
    expect(found.data.applicationByNumber).toMatchObject({ id: app.id, providerBin: JUSTICE_BIN });
    // the provider's own is still found with its BIN
    const own = await byNumber(app.number, providerOf(AKIMAT_BIN), AKIMAT_BIN);
    expect(own.data.applicationByNumber).toMatchObject({ providerBin: AKIMAT_BIN, channel: 'PROVIDER' });
  });
});

describe("providers' own numbers are unique per provider", () => {
  it('gives each provider and each recipient their own request when two providers use one number, and asks the others which provider they mean', async () => {
    const number = `N-${randomUUID().slice(0, 8)}`;
    expect((await report(registration({ applicationNumber: number }))).errors).toBeUndefined();
    expect((await report(registration({ providerBin: AKIMAT_BIN, serviceCode: 'LAND-PLOT', applicationNumber: number, recipient: { surname: 'Ищенко', name: 'Ольга', iinOrBin: OTHER_CITIZEN_IIN } }))).errors).toBeUndefined();

    for (const [token, bin] of [[providerOf(JUSTICE_BIN), JUSTICE_BIN], [providerOf(AKIMAT_BIN), AKIMAT_BIN], [tokenFor('citizen', { iin: CITIZEN_IIN }), JUSTICE_BIN], [tokenFor('citizen', { iin: OTHER_CITIZEN_IIN }), AKIMAT_BIN]]) {
      const found = await byNumber(number, token);
      expect(found.errors).toBeUndefined();
      expect(found.data.applicationByNumber).toMatchObject({ number, providerBin: bin });
    }
    const ambiguous = await byNumber(number, tokenFor('contact_centre'));
    expect(ambiguous.errors?.[0].extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'providerBin' });
    const chosen = await byNumber(number, tokenFor('contact_centre'), AKIMAT_BIN);
    expect(chosen.data.applicationByNumber).toMatchObject({ providerBin: AKIMAT_BIN });
  });
});
