import { ErrorCode } from '../../platform/errors';
import { deadLetters, retryDelaySeconds } from './delivery.worker';

describe('the backoff between delivery attempts', () => {
  it('doubles from the base with each attempt', () => {
    const full = (n: number) => retryDelaySeconds(n, 5, 600, () => 1);
    expect([1, 2, 3, 4].map(full)).toEqual([5, 10, 20, 40]);
  });

  it('never waits longer than the cap, however many attempts failed', () => {
    expect(retryDelaySeconds(30, 5, 600, () => 1)).toBe(600);
  });

  it('spreads retries between half and all of the delay, so that a crowd of requests does not return at once', () => {
    expect(retryDelaySeconds(3, 5, 600, () => 0)).toBe(10);
    expect(retryDelaySeconds(3, 5, 600, () => 0.5)).toBe(15);
  });
});

describe('when a failed delivery is dead-lettered', () => {
  const config = { maxAttempts: 3, maxAgeSeconds: 3600 };
  const unreachable = { code: ErrorCode.ProviderUnreachable, permanent: false };

  it('never dead-letters for an unreachable provider, however many attempts failed, until the message is older than the maximum age', () => {
    for (const code of [ErrorCode.ProviderUnreachable, ErrorCode.ProviderTimeout, ErrorCode.ProviderConnectionLost]) {
      expect(deadLetters({ code, permanent: false }, 50, 3599, config)).toBe(false);
    }
    expect(deadLetters(unreachable, 50, 3600, config)).toBe(true);
  });

  it('dead-letters at once for the provider\'s own rejection or a 4xx', () => {
    expect(deadLetters({ code: ErrorCode.ProviderRejected, permanent: true }, 1, 0, config)).toBe(true);
    expect(deadLetters({ code: ErrorCode.ProviderHttpError, permanent: true }, 1, 0, config)).toBe(true);
  });

  it('dead-letters other transient failures after the last attempt', () => {
    expect(deadLetters({ code: ErrorCode.ProviderHttpError, permanent: false }, 2, 0, config)).toBe(false);
    expect(deadLetters({ code: ErrorCode.DeliveryNotRecorded, permanent: false }, 3, 0, config)).toBe(true);
  });
});
