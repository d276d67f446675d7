import { homeOf, hrefOf, parseHash } from './router';

// Each kind of user lands on their own page (issue 20): the workstation only for providers without a system.

describe('where each role lands', () => {
  it('sends the operator, the citizen and the admin each to their own page, not to the board', () => {
    expect(homeOf({ role: 'operator' })).toBe(hrefOf.operator);
    expect(homeOf({ role: 'citizen' })).toBe(hrefOf.cabinet);
    expect(homeOf({ role: 'admin' })).toBe(hrefOf.admin);
    expect(homeOf({ role: 'contact_centre' })).toBe(hrefOf.board);
    expect(homeOf({ role: 'analyst' })).toBe(hrefOf.reports);
  });

  it('gives the workstation only to a provider without a system of its own', () => {
    expect(homeOf({ role: 'provider', workstation: true })).toBe(hrefOf.workstation);
    expect(homeOf({ role: 'provider', workstation: false })).toBe(hrefOf.provider);
    expect(homeOf({ role: 'provider' })).toBe(hrefOf.provider);
  });

  it('reads each page from its address', () => {
    for (const page of ['operator', 'cabinet', 'admin', 'provider'] as const) expect(parseHash(hrefOf[page])).toEqual({ page });
  });
});
