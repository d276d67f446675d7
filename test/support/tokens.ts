import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET } from '../../platform/config';
import { Role } from '../../platform/identity';

/** Tokens signed with the test-only development secret the harness's gateway trusts. */
export function tokenFor(role: Role, claims: { iin?: string; bin?: string; sub?: string } = {}): string {
  return jwt.sign({ role, sub: claims.sub ?? `test-${role}`, ...claims }, DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
}

/** Demo organisations and people from reference/services.json (valid checksums). */
export const JUSTICE_BIN = '010840004568';
export const AKIMAT_BIN = '050140007891';
export const MIGRATION_BIN = '121240003216';
export const CITIZEN_IIN = '900101300126';
export const OTHER_CITIZEN_IIN = '850625401118';
