import { ApplicationContentsParties, canReadApplicationContents } from './access';
import { Identity } from './identity';

const app: ApplicationContentsParties = { recipientIin: '900101300126', providerBin: '050140007891', submittedByBin: '990340001230' };
const as = (role: Identity['role'], claims: Partial<Identity> = {}): Identity => ({ subject: role, role, ...claims });

describe("who may read an application's contents (the issued document, the attached documents)", () => {
  it('lets the recipient, the provider it was sent to, the submitting organisation and admins read them', () => {
    expect(canReadApplicationContents(as('citizen', { iin: app.recipientIin }), app)).toBe(true);
    expect(canReadApplicationContents(as('provider', { bin: app.providerBin }), app)).toBe(true);
    expect(canReadApplicationContents(as('operator', { iin: '850625401118', bin: app.submittedByBin! }), app)).toBe(true);
    expect(canReadApplicationContents(as('admin'), app)).toBe(true);
  });

  it('keeps them from another citizen, another provider, an operator of another organisation, the contact centre, analysts and partners', () => {
    expect(canReadApplicationContents(as('citizen', { iin: '850625401118' }), app)).toBe(false);
    expect(canReadApplicationContents(as('citizen'), app)).toBe(false);
    expect(canReadApplicationContents(as('provider', { bin: '010840004568' }), app)).toBe(false);
    expect(canReadApplicationContents(as('operator', { bin: '121240003216' }), app)).toBe(false);
    expect(canReadApplicationContents(as('contact_centre'), app)).toBe(false);
    expect(canReadApplicationContents(as('analyst'), app)).toBe(false);
    expect(canReadApplicationContents(as('partner', { bin: app.providerBin }), app)).toBe(false);
  });

  it('gives no operator the contents of a request its provider registered itself (no submitting organisation)', () => {
    expect(canReadApplicationContents(as('operator', { bin: '990340001230' }), { ...app, submittedByBin: null })).toBe(false);
  });
});
