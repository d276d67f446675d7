import { parseMonth, previousMonth } from './report.service';

describe('the months a report is made for (Astana time)', () => {
  it('reports the previous month from the 1st of the next, Astana time, even when UTC is still in the old month', () => {
    expect(previousMonth(new Date('2026-11-30T20:00:00Z'))).toBe('2026-11'); // 1 Dec 01:00 in Astana
    expect(previousMonth(new Date('2026-11-30T18:00:00Z'))).toBe('2026-10'); // still 30 Nov in Astana
    expect(previousMonth(new Date('2027-01-01T00:00:00+05:00'))).toBe('2026-12');
  });

  it('takes a finished month as YYYY-MM with its bounds, across a year end', () => {
    expect(parseMonth('2025-12', new Date('2026-01-01T00:00:00+05:00'))).toEqual({ month: '2025-12', first: '2025-12-01', next: '2026-01-01' });
  });

  it('refuses a malformed month, and one not over yet', () => {
    expect(() => parseMonth('2025-1')).toThrow(expect.objectContaining({ extensions: { code: 'INVALID_MONTH', field: 'month' } }));
    expect(() => parseMonth('2026-11', new Date('2026-11-30T18:00:00Z'))).toThrow(expect.objectContaining({ extensions: { code: 'MONTH_NOT_OVER', field: 'month' } }));
  });
});
