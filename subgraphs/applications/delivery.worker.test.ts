import { retryDelaySeconds } from './delivery.worker';

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
