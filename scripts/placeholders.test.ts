import { fillPlaceholders } from './placeholders';

describe('the sample report\'s placeholders', () => {
  it('date it now in Astana time and give it one new stamp throughout', () => {
    const filled = fillPlaceholders({ a: 'QS-{stamp}', b: ['{now}', { c: 'x-{stamp}' }], n: 1 }, new Date('2026-11-29T13:00:00Z'), 'abc');
    expect(filled).toEqual({ a: 'QS-abc', b: ['2026-11-29T18:00:00+05:00', { c: 'x-abc' }], n: 1 });
  });

  it('stamp each signing differently', () => {
    const now = new Date();
    expect(fillPlaceholders('{stamp}', now)).not.toBe(fillPlaceholders('{stamp}', now));
  });
});
