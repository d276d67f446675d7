import { RESTART_POLICY, restartDelayMs } from './supervisor';

describe('the delay before a service that exited is started again', () => {
  it('starts at half a second and doubles with each exit in a row, up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => restartDelayMs(n))).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(RESTART_POLICY).toEqual({ initialMs: 500, maxMs: 30_000, stableMs: 60_000 });
  });

  it('stays a finite number for any count of exits', () => {
    expect(restartDelayMs(10_000)).toBe(30_000);
    expect(restartDelayMs(0)).toBe(500);
  });
});
