import { GraphQLError } from 'graphql';
import { hubAuthChecker } from './auth-checker';
import { Identity, Role } from './identity';

/** What the checker answers for a caller and an operation's roles: allowed, or the refusal's code and message. */
function answer(identity: Identity | undefined, roles: Role[]): true | { code: unknown; message: string } {
  try {
    return hubAuthChecker({ context: { identity }, root: {}, args: {}, info: {} as never }, roles) as true;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { code: error.extensions.code, message: error.message };
  }
}

const analyst: Identity = { subject: 'analyst-1', role: 'analyst' };

describe("an operation's roles (@Authorized)", () => {
  it('lets a caller of one of the roles through', () => {
    expect(answer(analyst, ['admin', 'analyst'])).toBe(true);
  });

  it('refuses a caller of another role with FORBIDDEN, naming the roles', () => {
    expect(answer(analyst, ['admin'])).toEqual({ code: 'FORBIDDEN', message: 'This operation is for admin; you are analyst' });
  });

  it('refuses a caller without a token with UNAUTHENTICATED', () => {
    expect(answer(undefined, ['admin'])).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('asks only for a signed-in caller when no role is named', () => {
    expect(answer(analyst, [])).toBe(true);
    expect(answer(undefined, [])).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
