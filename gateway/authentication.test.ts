import { createHmac, generateKeyPairSync } from 'node:crypto';
import { GraphQLError } from 'graphql';
import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET } from '../platform/config';
import { CLOCK_SKEW_SECONDS, tokenVerifier } from './authentication';

const NOW = Date.UTC(2026, 10, 23, 10, 0, 0);
const now = NOW / 1000;
const HOUR = 3600;
const claims = { sub: 'u', role: 'citizen' };
const sign = (payload: Record<string, unknown>, key: string | Buffer = DEV_JWT_SECRET, algorithm: jwt.Algorithm = 'HS256') =>
  jwt.sign(payload, key, { algorithm, ...('iat' in payload ? {} : { noTimestamp: true }) });

/** An HS256 token of any payload at all (jsonwebtoken refuses to sign some of them). */
function rawToken(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
  return `${body}.${createHmac('sha256', DEV_JWT_SECRET).update(body).digest('base64url')}`;
}

/** The code a token is refused with, or 'TAKEN'. */
function verdict(verify: ReturnType<typeof tokenVerifier>, token: string): string {
  try {
    verify(token, NOW);
    return 'TAKEN';
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return String(error.extensions.code);
  }
}

describe('the token rules', () => {
  const verify = tokenVerifier({ secret: DEV_JWT_SECRET });

  it('take a token until its exp, and refuse it as expired from then', () => {
    expect(verdict(verify, sign({ ...claims, iat: now - HOUR, exp: now + 1 }))).toBe('TAKEN');
    expect(verdict(verify, sign({ ...claims, iat: now - HOUR, exp: now }))).toBe('TOKEN_EXPIRED');
  });

  it('refuse a token without exp, or with times that are not numbers', () => {
    expect(verdict(verify, sign({ ...claims, iat: now }))).toBe('INVALID_TOKEN');
    expect(verdict(verify, rawToken({ ...claims, iat: now, exp: now + HOUR }))).toBe('TAKEN');
    expect(verdict(verify, rawToken({ ...claims, iat: 'yesterday', exp: now + HOUR }))).toBe('INVALID_TOKEN');
    expect(verdict(verify, rawToken({ ...claims, iat: now, exp: `${now + HOUR}` }))).toBe('INVALID_TOKEN');
    expect(verdict(verify, rawToken({ ...claims, iat: now, exp: null }))).toBe('INVALID_TOKEN');
  });

  it(`take an iat up to ${CLOCK_SKEW_SECONDS} s ahead of this clock, and refuse one further ahead`, () => {
    expect(verdict(verify, sign({ ...claims, iat: now + CLOCK_SKEW_SECONDS, exp: now + HOUR }))).toBe('TAKEN');
    expect(verdict(verify, sign({ ...claims, iat: now + CLOCK_SKEW_SECONDS + 1, exp: now + HOUR }))).toBe('INVALID_TOKEN');
  });

  it('cap the lifetime at 12 hours unless configured: exp - iat, or exp - now without iat', () => {
    expect(verdict(verify, sign({ ...claims, iat: now - HOUR, exp: now - HOUR + 12 * HOUR }))).toBe('TAKEN');
    expect(verdict(verify, sign({ ...claims, iat: now - HOUR, exp: now - HOUR + 12 * HOUR + 1 }))).toBe('INVALID_TOKEN');
    expect(verdict(verify, sign({ ...claims, exp: now + 12 * HOUR }))).toBe('TAKEN');
    expect(verdict(verify, sign({ ...claims, exp: now + 12 * HOUR + 1 }))).toBe('INVALID_TOKEN');
    const hourly = tokenVerifier({ secret: DEV_JWT_SECRET, maxLifetimeSeconds: HOUR });
    expect(verdict(hourly, sign({ ...claims, iat: now, exp: now + 2 * HOUR }))).toBe('INVALID_TOKEN');
  });

  it('refuse another signature, algorithm, issuer or audience, and anything that is not a signed JSON object', () => {
    const good = { ...claims, iat: now, exp: now + HOUR };
    expect(verdict(verify, sign(good, 'another-secret-another-secret-another'))).toBe('INVALID_TOKEN');
    expect(verdict(verify, jwt.sign(good, null as never, { algorithm: 'none' }))).toBe('INVALID_TOKEN');
    expect(verdict(verify, jwt.sign('just a string', DEV_JWT_SECRET))).toBe('INVALID_TOKEN');
    expect(verdict(verify, 'garbage')).toBe('INVALID_TOKEN');
    const strict = tokenVerifier({ secret: DEV_JWT_SECRET, issuer: 'idp', audience: 'hub' });
    expect(verdict(strict, jwt.sign(good, DEV_JWT_SECRET, { issuer: 'idp', audience: 'hub' }))).toBe('TAKEN');
    expect(verdict(strict, jwt.sign(good, DEV_JWT_SECRET, { issuer: 'other', audience: 'hub' }))).toBe('INVALID_TOKEN');
    expect(verdict(strict, jwt.sign(good, DEV_JWT_SECRET, { issuer: 'idp', audience: 'other' }))).toBe('INVALID_TOKEN');
  });

  it('tell expiry only of a genuine token: a forged expired one is just invalid', () => {
    expect(verdict(verify, sign({ ...claims, iat: now - 2 * HOUR, exp: now - HOUR }, 'another-secret-another-secret-another'))).toBe('INVALID_TOKEN');
  });

  it('verify RS256 with the public key, and refuse an HS256 token signed with that public key as secret', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rs256 = tokenVerifier({ publicKey: pem });
    const good = { ...claims, iat: now, exp: now + HOUR };
    expect(verdict(rs256, jwt.sign(good, privateKey.export({ type: 'pkcs8', format: 'pem' }), { algorithm: 'RS256' }))).toBe('TAKEN');
    expect(verdict(rs256, sign(good, Buffer.from(pem)))).toBe('INVALID_TOKEN');
  });
});
