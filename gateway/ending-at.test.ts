import { endingAt } from './authentication';

/** A source the test feeds by hand, recording whether it was let go. */
function source() {
  const queue: number[] = [];
  let waiter: ((step: IteratorResult<number>) => void) | undefined;
  let nextCalls = 0;
  const state = { returned: false };
  const iterable: AsyncIterable<number> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        nextCalls++;
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (state.returned) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => { waiter = resolve; });
      },
      return: async () => {
        state.returned = true;
        waiter?.({ value: undefined, done: true });
        return { value: undefined, done: true };
      },
    }),
  };
  return {
    iterable,
    state,
    calls: () => nextCalls,
    push(value: number) {
      if (waiter) { const w = waiter; waiter = undefined; w({ value, done: false }); } else queue.push(value);
    },
  };
}

const LAST = -1;

describe('a subscription ending at its token\'s expiry (endingAt)', () => {
  it('passes the events on one by one before the deadline, asking the source once per event', async () => {
    const s = source();
    const events = endingAt(s.iterable, Date.now() + 60_000, () => LAST);
    s.push(1);
    s.push(2);
    expect(await events.next()).toEqual({ value: 1, done: false });
    const pending = events.next();
    expect(await pending).toEqual({ value: 2, done: false });
    const third = events.next();
    s.push(3);
    expect(await third).toEqual({ value: 3, done: false });
    expect(s.calls()).toBe(3);
    await events.return!();
    expect(s.state.returned).toBe(true);
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });

  it('answers a next() waiting at the deadline with the last event, lets the source go, and delivers nothing after', async () => {
    const s = source();
    const events = endingAt(s.iterable, Date.now() + 20, () => LAST);
    expect(await events.next()).toEqual({ value: LAST, done: false });
    expect(s.state.returned).toBe(true);
    s.push(7);
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });

  it('gives the last event at the next next() when the deadline passed while nobody asked', async () => {
    const s = source();
    const events = endingAt(s.iterable, Date.now() - 1, () => LAST);
    await new Promise((r) => setTimeout(r, 5));
    expect(s.state.returned).toBe(true);
    expect(await events.next()).toEqual({ value: LAST, done: false });
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });

  it('ends with the source, and passes its failure on', async () => {
    const ended = endingAt((async function* () { yield 1; })(), Date.now() + 60_000, () => LAST);
    expect(await ended.next()).toEqual({ value: 1, done: false });
    expect(await ended.next()).toEqual({ value: undefined, done: true });
    const failing = endingAt({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('upstream gone')) }) }, Date.now() + 60_000, () => LAST);
    await expect(failing.next()).rejects.toThrow('upstream gone');
    expect(await failing.next()).toEqual({ value: undefined, done: true });
  });

  it('answers a next() waiting when the subscriber leaves, and lets the source go', async () => {
    const s = source();
    const events = endingAt(s.iterable, Date.now() + 60_000, () => LAST);
    const pending = events.next();
    await events.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(s.state.returned).toBe(true);
  });
});
