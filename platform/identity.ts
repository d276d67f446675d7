import { ErrorCode, hubError } from './errors';
import { isValidIinBin } from './iin';

export const ROLES = ['citizen', 'operator', 'provider', 'contact_centre', 'partner', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, as the gateway authenticated them from their JWT. */
export interface Identity {
  subject: string;
  role: Role;
  /** the person's IIN (citizens, operators, signing staff) */
  iin?: string;
  /** the organisation's BIN (providers, operators, partners) */
  bin?: string;
  organisation?: string;
}

/** The JWT claims the hub reads: sub, role, iin, bin, org. */
export function identityFromClaims(claims: Record<string, unknown> | undefined): Identity | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const role = claims.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw hubError(ErrorCode.Unauthenticated, `The token's role must be one of ${ROLES.join(', ')}`);
  }
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const identity: Identity = { subject: claims.sub, role: role as Role, iin: text(claims.iin), bin: text(claims.bin), organisation: text(claims.org) };
  if (identity.iin && !isValidIinBin(identity.iin)) throw hubError(ErrorCode.Unauthenticated, "The token's iin is not a valid IIN");
  if (identity.bin && !isValidIinBin(identity.bin)) throw hubError(ErrorCode.Unauthenticated, "The token's bin is not a valid BIN");
  return identity;
}

export function requireIdentity(identity: Identity | undefined): Identity {
  if (!identity) throw hubError(ErrorCode.Unauthenticated, 'This operation needs a signed-in identity');
  return identity;
}

export function requireRole(identity: Identity | undefined, ...roles: Role[]): Identity {
  const who = requireIdentity(identity);
  if (!roles.includes(who.role)) throw hubError(ErrorCode.Forbidden, `This operation is for ${roles.join(', ')}; you are ${who.role}`);
  return who;
}
