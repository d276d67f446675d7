import { axisTicks } from './axis';

// The violations chart has an axis: a round scale from zero, so one violation is not a full-width bar.

describe('the axis of the violations chart', () => {
  it('keeps at least five units, so that one violation is a fifth of the width', () => {
    expect(axisTicks(0)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(axisTicks(1)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('steps roundly up to the largest value', () => {
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(axisTicks(140)).toEqual([0, 50, 100, 150]);
  });
});
