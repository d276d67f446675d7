import { useEffect, useState } from 'react';

export type Route =
  | { page: 'sign-in' }
  | { page: 'board' }
  | { page: 'application'; id: string }
  | { page: 'workstation' }
  | { page: 'reports' }
  | { page: 'home' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [first, ...rest] = path.split('/');
  switch (first) {
    case 'sign-in': return { page: 'sign-in' };
    case 'board': return { page: 'board' };
    case 'workstation': return { page: 'workstation' };
    case 'reports': return { page: 'reports' };
    case 'application': return rest[0] ? { page: 'application', id: decodeURIComponent(rest.join('/')) } : { page: 'home' };
    default: return { page: 'home' };
  }
}

export const hrefOf = {
  signIn: '#/sign-in',
  board: '#/board',
  workstation: '#/workstation',
  reports: '#/reports',
  application: (id: string) => `#/application/${encodeURIComponent(id)}`,
};

export function navigate(href: string): void {
  if (location.hash !== href) location.hash = href;
}

/** Where each role starts. */
export function homeOf(role: string): string {
  switch (role) {
    case 'provider': return hrefOf.workstation;
    case 'analyst': return hrefOf.reports;
    default: return hrefOf.board;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
