import { astanaDate, formatAstana, parseAstana, parseLocalDate } from './time';

describe('Astana time', () => {
  it('writes +06:00 before 2024-03-01 and +05:00 from it', () => {
    expect(formatAstana(new Date('2024-02-29T17:59:59Z'))).toBe('2024-02-29T23:59:59+06:00');
    expect(formatAstana(new Date('2024-02-29T18:00:00Z'))).toBe('2024-02-29T23:00:00+05:00');
    expect(formatAstana(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03-01T05:00:00+05:00');
    expect(formatAstana(new Date('2023-07-01T06:00:00Z'))).toBe('2023-07-01T12:00:00+06:00');
  });

  it('keeps a time written with an offset as that instant', () => {
    expect(parseAstana('2024-05-02T10:00:00+03:00')!.toISOString()).toBe('2024-05-02T07:00:00.000Z');
    expect(parseAstana('2024-05-02T10:00:00Z')!.toISOString()).toBe('2024-05-02T10:00:00.000Z');
  });

  it('reads a time without an offset as Astana local time on both sides of the switch', () => {
    expect(parseAstana('2024-02-28T12:00:00')!.toISOString()).toBe('2024-02-28T06:00:00.000Z');
    expect(parseAstana('2024-03-02T12:00:00')!.toISOString()).toBe('2024-03-02T07:00:00.000Z');
  });

  it('refuses times that do not exist', () => {
    expect(parseAstana('2024-02-30T10:00:00')).toBeUndefined();
    expect(parseAstana('2024-01-01T24:00:00')).toBeUndefined();
    expect(parseAstana('yesterday')).toBeUndefined();
    expect(parseLocalDate('2023-02-29')).toBeUndefined();
    expect(parseLocalDate('2024-02-29')).toBe('2024-02-29');
  });

  it('gives the Astana calendar date of an instant', () => {
    expect(astanaDate(new Date('2024-06-01T20:00:00Z'))).toBe('2024-06-02');
    expect(astanaDate(new Date('2024-06-01T18:59:00Z'))).toBe('2024-06-01');
  });
});
