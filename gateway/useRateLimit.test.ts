import { GraphQLError } from 'graphql';
import { clientOf, RateLimiter, useRateLimit } from './useRateLimit';

describe('the rate limit: a token bucket per client', () => {
  it('refills an allowance evenly over the minute', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(20);
    now += 19_000;
    expect(limiter.take('a')).toBe(1);
    now += 1_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('b')).toBe(0);
  });

  it('forgets a bucket untouched for a minute: it is full again', () => {
    let now = 0;
    const limiter = new RateLimiter(1, () => now);
    expect(limiter.take('a')).toBe(0);
    now += 60_000;
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 60]);
  });

  it("counts a signed-in caller by the token's subject, anyone else by the connection's address", () => {
    expect(clientOf({ jwt: { payload: { sub: 'akimat' } }, req: { socket: { remoteAddress: '10.0.0.1' } } })).toBe('sub:akimat');
    expect(clientOf({ req: { socket: { remoteAddress: '10.0.0.1' } } })).toBe('ip:10.0.0.1');
  });

  it('refuses beyond the allowance with 429, RATE_LIMITED and Retry-After, counting an HTTP request once', () => {
    const plugin = useRateLimit(1, new RateLimiter(1, () => 0)) as any;
    const request = new Request('http://gateway/graphql', { method: 'POST' });
    const context = { req: { socket: { remoteAddress: '10.0.0.2' } }, request };
    plugin.onRequestParse({ request, serverContext: context });
    // the same request's context is not counted again
    expect(plugin.onContextBuilding({ context })).toBeUndefined();
    let refused: GraphQLError | undefined;
    try {
      plugin.onRequestParse({ request: new Request('http://gateway/graphql', { method: 'POST' }), serverContext: context });
    } catch (error) {
      refused = error as GraphQLError;
    }
    expect(refused?.extensions).toEqual({ code: 'RATE_LIMITED', http: { status: 429, headers: { 'Retry-After': '60' } } });
  });
});
