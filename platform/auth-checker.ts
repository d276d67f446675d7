import type { AuthCheckerFn } from 'type-graphql';
import { Identity, requireIdentity, requireRole, Role } from './identity';

/**
 * Roles in one layer: an operation's roles are declared on its resolver with `@Authorized(...)`
 * and checked here, before the resolver runs; services check ownership (whose data it is) only.
 * A refusal is the hub's own coded error (UNAUTHENTICATED without an identity, FORBIDDEN for
 * another role), not type-graphql's, so that callers see the same codes and messages as before.
 * `@Authorized()` without roles asks only for a signed-in identity.
 */
export const hubAuthChecker: AuthCheckerFn<{ identity?: Identity }, Role> = ({ context }, roles) => {
  if (!roles.length) requireIdentity(context.identity);
  else requireRole(context.identity, ...roles);
  return true;
};
