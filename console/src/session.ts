import type { Lang, TextKey } from './i18n';

export const ROLES = ['citizen', 'operator', 'provider', 'contact_centre', 'partner', 'analyst', 'admin'] as const;

/** Who is signed in, as the token says (the hub reads sub, role, iin, bin, org). */
export interface Identity {
  role: string;
  bin?: string;
  iin?: string;
  name?: string;
  /** the name in Kazakh, where it differs (a demo organisation's or staff unit's) */
  nameKk?: string;
  workstation?: boolean;
}

export const identityName = (identity: Pick<Identity, 'name' | 'nameKk'> | undefined, lang: Lang): string | undefined =>
  (lang === 'kk' && identity?.nameKk) || identity?.name;

export interface Session {
  token: string;
  identity: Identity;
}

const STORAGE_KEY = 'qyzmet.session';

export function loadSession(): Session | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    return value && typeof value.token === 'string' && value.identity && typeof value.identity.role === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // without storage the session lasts until the page is reloaded
  }
}

export class TokenError extends Error {
  constructor(readonly key: TextKey) {
    super(key);
  }
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * Reads a JWT's claims to know the role and organisation. The signature is the gateway's to
 * check; a forged token gets nothing from the API.
 */
export function identityFromJwt(raw: string, now = Date.now()): Session {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) throw new TokenError('notAJwt');
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(base64UrlDecode(parts[1])) as Record<string, unknown>;
    JSON.parse(base64UrlDecode(parts[0]));
  } catch {
    throw new TokenError('notAJwt');
  }
  if (!claims || typeof claims !== 'object') throw new TokenError('notAJwt');
  const role = claims.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new TokenError('jwtNoRole');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < now) throw new TokenError('jwtExpired');
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    token,
    identity: { role, bin: text(claims.bin), iin: text(claims.iin), name: text(claims.org) ?? text(claims.name), workstation: claims.workstation === true },
  };
}
