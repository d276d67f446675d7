import { useEffect, useState } from 'react';

export type Route =
  | { page: 'sign-in' }
  | { page: 'board' }
  | { page: 'application'; id: string }
  | { page: 'workstation' }
  | { page: 'reports' }
  | { page: 'operator' }
  | { page: 'cabinet' }
  | { page: 'admin' }
  | { page: 'provider' }
  | { page: 'home' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [first, ...rest] = path.split('/');
  switch (first) {
    case 'sign-in': return { page: 'sign-in' };
    case 'board': return { page: 'board' };
    case 'workstation': return { page: 'workstation' };
    case 'reports': return { page: 'reports' };
    case 'operator': return { page: 'operator' };
    case 'cabinet': return { page: 'cabinet' };
    case 'admin': return { page: 'admin' };
    case 'provider': return { page: 'provider' };
    case 'application': return rest[0] ? { page: 'application', id: decodeURIComponent(rest.join('/')) } : { page: 'home' };
    default: return { page: 'home' };
  }
}

export const hrefOf = {
  signIn: '#/sign-in',
  board: '#/board',
  workstation: '#/workstation',
  reports: '#/reports',
  operator: '#/operator',
  cabinet: '#/cabinet',
  admin: '#/admin',
  provider: '#/provider',
  application: (id: string) => `#/application/${encodeURIComponent(id)}`,
};

export function navigate(href: string): void {
  if (location.hash !== href) location.hash = href;
}

/**
 * Where each one starts: the operator at the application desk, the citizen in their cabinet, the
 * admin at the hub's administration; a provider in the workstation only when it has no system of
 * its own (data-entry rules p.5, p.9), otherwise in a read-only view of its requests.
 */
export function homeOf(identity: { role: string; workstation?: boolean }): string {
  switch (identity.role) {
    case 'provider': return identity.workstation ? hrefOf.workstation : hrefOf.provider;
    case 'analyst': return hrefOf.reports;
    case 'operator': return hrefOf.operator;
    case 'citizen': return hrefOf.cabinet;
    case 'admin': return hrefOf.admin;
    default: return hrefOf.board;
  }
}

/** The pages each role may open (the hub checks again: this only keeps people off pages that would be empty). */
export const PAGES_OF: Record<string, Route['page'][]> = {
  contact_centre: ['board', 'application'],
  analyst: ['reports', 'board', 'application'],
  admin: ['admin', 'reports', 'board', 'application'],
  operator: ['operator', 'board', 'application'],
  citizen: ['cabinet'],
  provider: ['workstation', 'provider', 'application'],
  partner: ['board', 'application'],
};

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
