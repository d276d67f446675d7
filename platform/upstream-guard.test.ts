import { GraphQLError } from 'graphql';
import { ReplayCache, upstreamGuard } from './upstream-guard';
import { HMAC_EXTENSION, signUpstream, STAMP_EXTENSION, UpstreamParams } from './upstream-signature';

const SECRET = 'test-only-upstream-guard-secret-0123456789';
const QUERY = '{ stageReports { edges { cursor } } }';
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
let ids = 0;

function request(opts: { at?: number; id?: string; to?: string; exp?: number | null } = {}): UpstreamParams {
  const payload: Record<string, unknown> = { sub: 'u', role: 'analyst' };
  if (opts.exp !== null) payload.exp = opts.exp ?? T0 / 1000 + 3600;
  const extensions: Record<string, unknown> = { jwt: { payload }, [STAMP_EXTENSION]: { id: opts.id ?? `r-${++ids}`, at: opts.at ?? T0, to: opts.to ?? 'statuses' } };
  extensions[HMAC_EXTENSION] = signUpstream({ query: QUERY, extensions }, SECRET);
  return { query: QUERY, extensions };
}

/** A guard on a clock the test moves. */
function guardAt(checks: { windowSeconds?: number; replayCacheSize?: number } = {}) {
  const clock = { now: T0 };
  const check = upstreamGuard({ secret: SECRET, subgraph: 'statuses', checks, now: () => clock.now });
  const verdict = (params: UpstreamParams) => {
    try {
      check(params);
      return 'TAKEN';
    } catch (error) {
      return String((error as GraphQLError).extensions.code);
    }
  };
  return { clock, verdict };
}

describe("a subgraph's check of the gateway's requests", () => {
  it('takes a signed request once and refuses it after', () => {
    const { verdict } = guardAt();
    const captured = request();
    expect(verdict(captured)).toBe('TAKEN');
    expect(verdict(captured)).toBe('UPSTREAM_REQUEST_REPLAYED');
    expect(verdict(request())).toBe('TAKEN');
  });

  it('refuses a request stamped more than the window away from its clock, either way', () => {
    const { verdict } = guardAt({ windowSeconds: 60 });
    expect(verdict(request({ at: T0 - 60_000 }))).toBe('TAKEN');
    expect(verdict(request({ at: T0 + 60_000 }))).toBe('TAKEN');
    expect(verdict(request({ at: T0 - 60_001 }))).toBe('UPSTREAM_REQUEST_STALE');
    expect(verdict(request({ at: T0 + 60_001 }))).toBe('UPSTREAM_REQUEST_STALE');
  });

  it('keeps refusing a replay after its window: by then it is stale', () => {
    const { clock, verdict } = guardAt({ windowSeconds: 60 });
    const captured = request();
    expect(verdict(captured)).toBe('TAKEN');
    clock.now = T0 + 59_000;
    expect(verdict(captured)).toBe('UPSTREAM_REQUEST_REPLAYED');
    clock.now = T0 + 61_000;
    expect(verdict(captured)).toBe('UPSTREAM_REQUEST_STALE');
  });

  it('refuses what is not signed, altered, unstamped or stamped for another subgraph', () => {
    const { verdict } = guardAt();
    expect(verdict({ query: QUERY, extensions: {} })).toBe('UPSTREAM_SIGNATURE_INVALID');
    const altered = request();
    (altered.extensions![STAMP_EXTENSION] as { at: number }).at = T0 + 1;
    expect(verdict(altered)).toBe('UPSTREAM_SIGNATURE_INVALID');
    const unstamped: Record<string, unknown> = { jwt: { payload: { sub: 'u', role: 'analyst', exp: T0 / 1000 + 60 } } };
    unstamped[HMAC_EXTENSION] = signUpstream({ query: QUERY, extensions: unstamped }, SECRET);
    expect(verdict({ query: QUERY, extensions: unstamped })).toBe('UPSTREAM_REQUEST_STALE');
    expect(verdict(request({ to: 'documents' }))).toBe('UPSTREAM_REQUEST_STALE');
  });

  it("refuses a forwarded token whose exp has passed, or that has none; an anonymous caller's request is taken", () => {
    const { verdict } = guardAt();
    expect(verdict(request({ exp: T0 / 1000 }))).toBe('TOKEN_EXPIRED');
    expect(verdict(request({ exp: null }))).toBe('INVALID_TOKEN');
    const anonymous: Record<string, unknown> = { [STAMP_EXTENSION]: { id: 'anonymous-1', at: T0, to: 'statuses' } };
    anonymous[HMAC_EXTENSION] = signUpstream({ query: QUERY, extensions: anonymous }, SECRET);
    expect(verdict({ query: QUERY, extensions: anonymous })).toBe('TAKEN');
  });

  it('when its replay cache is full, refuses new requests rather than forget an id within its window, until ids expire', () => {
    const { clock, verdict } = guardAt({ windowSeconds: 60, replayCacheSize: 3 });
    const taken = [request(), request(), request()];
    for (const r of taken) expect(verdict(r)).toBe('TAKEN');
    expect(verdict(request())).toBe('UPSTREAM_REPLAY_CACHE_FULL');
    for (const r of taken) expect(verdict(r)).toBe('UPSTREAM_REQUEST_REPLAYED');
    clock.now = T0 + 60_001;
    expect(verdict(request({ at: clock.now }))).toBe('TAKEN');
  });
});

describe('the replay cache', () => {
  it('forgets ids only once they expire, and stays within its capacity', () => {
    const cache = new ReplayCache(2);
    expect(cache.take('a', 100, 0)).toBe('taken');
    expect(cache.take('b', 200, 50)).toBe('taken');
    expect(cache.take('c', 300, 99)).toBe('full');
    expect(cache.take('a', 100, 99)).toBe('replayed');
    expect(cache.take('c', 300, 100)).toBe('taken');
    expect(cache.size).toBe(2);
    expect(cache.take('b', 200, 150)).toBe('replayed');
  });
});
