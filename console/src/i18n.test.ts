import { ErrorCode } from '../../platform/errors';
import { showDate, showNumber, showTime } from './format';
import { errorText, LANGS, translate } from './i18n';
import { ERROR_TEXTS } from './i18n-errors';

// The console speaks Kazakh, Russian and English through i18next: every coded error of the API has
// a text in each, plurals follow each language's rules, dates and numbers its format.

describe('the console in three languages', () => {
  it('has a text for every error code the hub answers with, in Kazakh, Russian and English', () => {
    const missing = Object.values(ErrorCode).flatMap((code) => LANGS.filter((l) => !ERROR_TEXTS[code]?.[l]).map((l) => `${code}/${l}`));
    expect(missing).toEqual([]);
    expect(errorText('en', 'INVALID_IIN_BIN', 'x')).toMatch(/IIN\/BIN/);
    expect(errorText('kk', 'INVALID_IIN_BIN', 'x')).toMatch(/ЖСН\/БСН/);
  });

  it('shows an unknown code with the API\'s own message', () => {
    expect(errorText('en', 'SOMETHING_NEW', 'it broke')).toBe('Error: it broke');
  });

  it('words a count by the plural rules of each language', () => {
    expect([1, 3, 5, 21].map((count) => translate('ru', 'overdueDays', { count })))
      .toEqual(['Просрочено на 1 день', 'Просрочено на 3 дня', 'Просрочено на 5 дней', 'Просрочено на 21 день']);
    expect([1, 2].map((count) => translate('en', 'overdueDays', { count }))).toEqual(['Overdue by 1 day', 'Overdue by 2 days']);
    expect(translate('kk', 'overdueDays', { count: 2 })).toBe('Мерзімі 2 күнге өтті');
  });

  it('fills the placeholders of a text in each language', () => {
    expect(translate('en', 'applicationTitle', { number: 'QH-1' })).toBe('Request No. QH-1');
    expect(translate('ru', 'applicationTitle', { number: 'QH-1' })).toBe('Заявка № QH-1');
  });

  it('formats Astana times, dates and numbers the way each language writes them', () => {
    const at = '2026-11-23T14:05:00+05:00';
    expect(showTime(at, 'en')).toBe('23 Nov 2026, 14:05 (+05:00)');
    expect(showTime(at, 'ru')).toMatch(/^23 нояб\. 2026 г\., 14:05 \(\+05:00\)$/);
    expect(showTime(at, 'kk')).toContain('2026');
    expect(showTime('2026-11-23T09:05:00Z', 'en')).toBe('23 Nov 2026, 14:05 (+05:00)');
    expect(showDate('2026-01-05', 'en')).toBe('5 Jan 2026');
    expect(showNumber('en', 1234.5, 1)).toBe('1,234.5');
    expect(showNumber('ru', 1234.5, 1)).toBe('1\u00a0234,5');
  });
});
