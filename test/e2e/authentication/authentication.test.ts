import jwt from 'jsonwebtoken';
import { Client } from 'graphql-ws';
import { DEV_JWT_SECRET } from '../../../platform/config';
import { startHub, TestHub } from '../../support/hub';
import { CITIZEN_IIN, tokenFor } from '../../support/tokens';

// Every refusal of a caller's identity is coded, over HTTP and over graphql-ws: UNAUTHENTICATED
// (no token where one is needed), TOKEN_EXPIRED, INVALID_TOKEN (anything else wrong with it).

let hub: TestHub;
beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub.stop(); });

const now = () => Math.floor(Date.now() / 1000);
const HOUR = 3600;
const citizen = { sub: 'auth-citizen', role: 'citizen', iin: CITIZEN_IIN };
/** A token with exactly these claims (no exp or iat unless given), signed with the development secret. */
const signedClaims = (claims: Record<string, unknown>, secret = DEV_JWT_SECRET) =>
  // jsonwebtoken keeps a given iat, and adds one unless told not to (noTimestamp drops a given one too)
  jwt.sign(claims, secret, { algorithm: 'HS256', ...('iat' in claims ? {} : { noTimestamp: true }) });
const expired = () => signedClaims({ ...citizen, iat: now() - 2 * HOUR, exp: now() - HOUR });

const OWN = '{ myApplications { id } }';
const SUBSCRIPTION = 'subscription { stageChanged { cursor } }';

async function post(query: string, authorization?: string) {
  const response = await fetch(hub.gateways[0].url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = await response.json() as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, body, codes: (body.errors ?? []).map((e) => e.extensions?.code), wwwAuthenticate: response.headers.get('www-authenticate') };
}

/** How a subscription over graphql-ws ends: the codes of its errors (or of its socket's close reason), or 'events' when it delivers. */
function outcomeOf(client: Client, query: string, waitMs = 5000): Promise<{ codes: (string | undefined)[]; closeCode?: number }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done({ codes: ['STILL_RUNNING'] }), waitMs);
    const done = (value: { codes: (string | undefined)[]; closeCode?: number }) => { clearTimeout(timer); unsubscribe(); resolve(value); };
    const unsubscribe = client.subscribe({ query }, {
      next: (result) => {
        if (result.errors?.length) done({ codes: result.errors.map((e) => e.extensions?.code as string | undefined) });
      },
      error: (error) => {
        if (Array.isArray(error)) return done({ codes: error.map((e: { extensions?: { code?: string } }) => e.extensions?.code) });
        const closed = error as { code?: number; reason?: string };
        done({ codes: [closed.reason?.split(':')[0]], closeCode: closed.code });
      },
      complete: () => done({ codes: ['COMPLETED'] }),
    });
  });
}

describe('over HTTP', () => {
  it('refuses an expired token with TOKEN_EXPIRED (401)', async () => {
    const answer = await post(OWN, `Bearer ${expired()}`);
    expect([answer.status, answer.codes]).toEqual([401, ['TOKEN_EXPIRED']]);
    expect(answer.wwwAuthenticate).toContain('Bearer');
  });

  it('refuses a token with a bad signature, garbage or another scheme with INVALID_TOKEN (401), even for the public catalogue', async () => {
    const forged = signedClaims({ ...citizen, role: 'admin', iat: now(), exp: now() + HOUR }, 'not-the-hub-secret-not-the-hub-secret');
    for (const authorization of [`Bearer ${forged}`, 'Bearer not-a-jwt', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      for (const query of [OWN, '{ services { code } }']) {
        const answer = await post(query, authorization);
        expect([authorization, answer.status, answer.codes]).toEqual([authorization, 401, ['INVALID_TOKEN']]);
      }
    }
  });

  it('refuses an unsigned token (alg none) with INVALID_TOKEN', async () => {
    const unsigned = jwt.sign({ ...citizen, role: 'admin', iat: now(), exp: now() + HOUR }, null as never, { algorithm: 'none', noTimestamp: true });
    expect((await post(OWN, `Bearer ${unsigned}`)).codes).toEqual(['INVALID_TOKEN']);
  });

  it('answers an operation that needs an identity, asked without a token, with UNAUTHENTICATED', async () => {
    const answer = await post(OWN);
    expect(answer.codes).toEqual(['UNAUTHENTICATED']);
    expect((await post('{ services { code } }')).codes).toEqual([]);
  });
});

describe('token rules', () => {
  it('refuse a token without exp', async () => {
    const answer = await post(OWN, `Bearer ${signedClaims({ ...citizen, iat: now() })}`);
    expect([answer.status, answer.codes]).toEqual([401, ['INVALID_TOKEN']]);
    expect(answer.body.errors![0].message).toMatch(/exp/);
  });

  it('refuse a token issued in the future beyond a minute of clock skew, and take one within it', async () => {
    const future = await post(OWN, `Bearer ${signedClaims({ ...citizen, iat: now() + 300, exp: now() + HOUR })}`);
    expect([future.status, future.codes]).toEqual([401, ['INVALID_TOKEN']]);
    expect(future.body.errors![0].message).toMatch(/iat/);
    const skewed = await post(OWN, `Bearer ${signedClaims({ ...citizen, iat: now() + 30, exp: now() + HOUR })}`);
    expect([skewed.status, skewed.codes]).toEqual([200, []]);
  });

  it('refuse a token that lives longer than 12 hours, counted from iat or else from now', async () => {
    const long = await post(OWN, `Bearer ${signedClaims({ ...citizen, iat: now() - HOUR, exp: now() + 12 * HOUR })}`);
    expect([long.status, long.codes]).toEqual([401, ['INVALID_TOKEN']]);
    expect(long.body.errors![0].message).toMatch(/lifetime|12 h|43200/);
    const noIat = await post(OWN, `Bearer ${signedClaims({ ...citizen, exp: now() + 13 * HOUR })}`);
    expect([noIat.status, noIat.codes]).toEqual([401, ['INVALID_TOKEN']]);
    // the console's demo tokens live 8 hours, the test helpers' one
    for (const token of [signedClaims({ ...citizen, iat: now(), exp: now() + 8 * HOUR }), signedClaims({ ...citizen, exp: now() + 11 * HOUR }), tokenFor('citizen', { iin: CITIZEN_IIN })]) {
      expect((await post(OWN, `Bearer ${token}`)).codes).toEqual([]);
    }
  });
});

describe('over graphql-ws', () => {
  it('ends a subscription asked with an expired token with TOKEN_EXPIRED', async () => {
    expect((await outcomeOf(hub.wsClient(expired()), SUBSCRIPTION)).codes).toEqual(['TOKEN_EXPIRED']);
  });

  it('ends a subscription asked with a forged or garbage token with INVALID_TOKEN', async () => {
    const forged = signedClaims({ ...citizen, role: 'admin', iat: now(), exp: now() + HOUR }, 'not-the-hub-secret-not-the-hub-secret');
    for (const token of [forged, 'not-a-jwt', signedClaims({ ...citizen, iat: now() })]) {
      expect((await outcomeOf(hub.wsClient(token), SUBSCRIPTION)).codes).toEqual(['INVALID_TOKEN']);
    }
  });

  it('refuses a subscription that needs an identity, asked without a token, with UNAUTHENTICATED', async () => {
    expect((await outcomeOf(hub.wsClient(), SUBSCRIPTION)).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('goes on serving a valid token', async () => {
    expect((await outcomeOf(hub.wsClient(tokenFor('contact_centre')), SUBSCRIPTION, 1500)).codes).toEqual(['STILL_RUNNING']);
  });
});
