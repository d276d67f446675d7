import { Role, ROLES } from './identity';

/**
 * What the hub's read rules (platform/access.ts, the subgraphs' reference resolvers) look at of an
 * identity: a citizen's IIN; for every other role its organisation (BIN). Two identities of one
 * scope see exactly the same data, so a subscription's event can be resolved once for all of them.
 * A staff member's own IIN and the token's subject are left out on purpose: no read rule reads them
 * (platform/visibility-scope.test.ts holds the rules to that), and keeping them would make every
 * contact-centre operator a scope of their own.
 */
export interface VisibilityScope {
  role: Role;
  /** a citizen's IIN */
  iin?: string;
  /** the organisation's BIN and name (every role but citizen) */
  bin?: string;
  org?: string;
}

/** Marks the claims the gateway signs for a scope (never a person's token). */
export const SCOPE_CLAIM = 'visibilityScope';

const SCOPE_CLAIMS_LIFETIME_SECONDS = 60;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The scope of a verified token's claims; none for a token without a known role (it is refused downstream anyway). */
export function visibilityScope(claims: Record<string, unknown> | undefined): VisibilityScope | undefined {
  const role = claims?.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return undefined;
  if (role === 'citizen') return { role, iin: text(claims!.iin) };
  return { role: role as Role, bin: text(claims!.bin), org: text(claims!.org) };
}

/** One string per scope (the key subscriptions are shared by). */
export function scopeKey(scope: VisibilityScope): string {
  return scope.role === 'citizen' ? `citizen:${scope.iin ?? ''}` : `${scope.role}:${scope.bin ?? ''}:${scope.org ?? ''}`;
}

/**
 * The claims the gateway forwards, signed, for a request made on behalf of a whole scope: no
 * person's subject (the subject names the scope), a short life from now, and the scope mark. The
 * subgraphs authorise them as any identity (platform/identity.ts): by role, BIN or IIN.
 */
export function scopeClaims(scope: VisibilityScope, nowMs = Date.now()): Record<string, unknown> {
  const iat = Math.floor(nowMs / 1000);
  return {
    sub: `scope:${scopeKey(scope)}`,
    role: scope.role,
    ...(scope.iin ? { iin: scope.iin } : {}),
    ...(scope.bin ? { bin: scope.bin } : {}),
    ...(scope.org ? { org: scope.org } : {}),
    [SCOPE_CLAIM]: true,
    iat,
    exp: iat + SCOPE_CLAIMS_LIFETIME_SECONDS,
  };
}
