import { canReadApplicationContents, canSeeApplication, scopeFilter } from './access';
import { Identity, identityFromClaims } from './identity';
import { SCOPE_CLAIM, scopeClaims, scopeKey, visibilityScope } from './visibility-scope';

/**
 * A subscription's event is resolved once for a whole visibility scope, with the scope's claims in
 * place of each person's token: that is safe only while every read rule answers a person exactly
 * as it answers their scope. These identities and applications cover each role and each way a
 * rule can tell organisations and citizens apart; a new rule that reads something the scope leaves
 * out (a staff member's own IIN, the subject) makes this fail.
 */
const JUSTICE = '010840004568';
const AKIMAT = '050140007891';
const CITIZEN = '900101300126';
const OTHER = '850625401118';

const people: Record<string, unknown>[] = [
  { sub: 'c1', role: 'citizen', iin: CITIZEN },
  { sub: 'c2', role: 'citizen', iin: OTHER },
  { sub: 'p1', role: 'provider', bin: JUSTICE, iin: CITIZEN },
  { sub: 'p2', role: 'provider', bin: AKIMAT },
  { sub: 'o1', role: 'operator', bin: JUSTICE, iin: OTHER },
  { sub: 'o2', role: 'operator', bin: AKIMAT, iin: CITIZEN },
  { sub: 'cc', role: 'contact_centre', iin: CITIZEN },
  { sub: 'pa', role: 'partner', bin: AKIMAT },
  { sub: 'an', role: 'analyst' },
  { sub: 'ad', role: 'admin', iin: OTHER },
];
const apps = [
  { recipientIin: CITIZEN, providerBin: JUSTICE, submittedByBin: JUSTICE },
  { recipientIin: OTHER, providerBin: AKIMAT, submittedByBin: AKIMAT },
  { recipientIin: CITIZEN, providerBin: AKIMAT, submittedByBin: null },
];
const filters = [{}, { providerBin: JUSTICE }, { recipientIin: CITIZEN }, { recipientIin: OTHER, providerBin: AKIMAT }];

const outcome = (f: () => unknown) => { try { return f(); } catch (error) { return `refused: ${(error as { extensions?: { code?: string } }).extensions?.code}`; } };

describe('a visibility scope', () => {
  it.each(people.map((claims) => [claims.sub, claims]))('answers every read rule as the person %s it stands for', (_sub, claims) => {
    const person = identityFromClaims(claims)!;
    const scope = identityFromClaims(scopeClaims(visibilityScope(claims)!)) as Identity;
    for (const app of apps) {
      expect(canSeeApplication(scope, app)).toBe(canSeeApplication(person, app));
      expect(canReadApplicationContents(scope, app)).toBe(canReadApplicationContents(person, app));
    }
    for (const filter of filters) expect(outcome(() => scopeFilter(scope, filter))).toEqual(outcome(() => scopeFilter(person, filter)));
  });

  it('is one per organisation and role, or per citizen: contact-centre operators of one organisation share it, citizens never', () => {
    const key = (claims: Record<string, unknown>) => scopeKey(visibilityScope(claims)!);
    expect(key({ sub: 'a', role: 'contact_centre', iin: CITIZEN })).toBe(key({ sub: 'b', role: 'contact_centre', iin: OTHER }));
    expect(key({ sub: 'a', role: 'operator', bin: JUSTICE, iin: CITIZEN })).toBe(key({ sub: 'b', role: 'operator', bin: JUSTICE, iin: OTHER }));
    expect(key({ sub: 'a', role: 'operator', bin: JUSTICE })).not.toBe(key({ sub: 'a', role: 'operator', bin: AKIMAT }));
    expect(key({ sub: 'a', role: 'operator', bin: JUSTICE })).not.toBe(key({ sub: 'a', role: 'provider', bin: JUSTICE }));
    expect(key({ sub: 'a', role: 'citizen', iin: CITIZEN })).not.toBe(key({ sub: 'a', role: 'citizen', iin: OTHER }));
    expect(key({ sub: 'a', role: 'citizen', iin: CITIZEN })).toBe(key({ sub: 'b', role: 'citizen', iin: CITIZEN }));
  });

  it('carries no person: its subject names the scope, it lives a minute, and it is marked', () => {
    const claims = scopeClaims(visibilityScope({ sub: 'someone', role: 'operator', bin: JUSTICE, iin: CITIZEN })!, Date.UTC(2026, 0, 1));
    expect(claims).toEqual({ sub: `scope:operator:${JUSTICE}:`, role: 'operator', bin: JUSTICE, [SCOPE_CLAIM]: true, iat: Date.UTC(2026, 0, 1) / 1000, exp: Date.UTC(2026, 0, 1) / 1000 + 60 });
  });

  it('is none for a token without a role the hub knows', () => {
    expect(visibilityScope({ sub: 'x', role: 'superuser' })).toBeUndefined();
    expect(visibilityScope(undefined)).toBeUndefined();
  });
});
