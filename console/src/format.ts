import { astanaDate, formatAstana, parseAstana } from '../../platform/time';
import { Lang, LOCALES } from './i18n';
import type { RecipientView } from './api/types';

const timeFormats = new Map<Lang, Intl.DateTimeFormat>();
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** An Astana wall-clock time as a Date in UTC, so that Intl formats that wall time whatever the browser's zone. */
const wallClock = (iso: string) => new Date(`${iso.slice(0, 19)}Z`);

/** An instant in Astana time, in the language's own date and time format, with the offset: `23 нояб. 2026 г., 14:05 (+05:00)`. */
export function showTime(value: string | null | undefined, lang: Lang = 'ru'): string {
  if (!value) return '—';
  const instant = parseAstana(value) ?? new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const iso = formatAstana(instant);
  let format = timeFormats.get(lang);
  if (!format) timeFormats.set(lang, (format = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })));
  return `${format.format(wallClock(iso))} (${iso.slice(-6)})`;
}

/** A calendar date (YYYY-MM-DD…) in the language's format. */
export function showDate(value: string | null | undefined, lang: Lang = 'ru'): string {
  if (!value || !/^\d{4}-\d{2}-\d{2}/.test(value)) return value || '—';
  let format = dateFormats.get(lang);
  if (!format) dateFormats.set(lang, (format = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', dateStyle: 'medium' })));
  return format.format(new Date(`${value.slice(0, 10)}T00:00:00Z`));
}

/** The value a datetime-local input shows for an instant: Astana wall time, to the minute. */
export function astanaInputValue(instant = new Date()): string {
  return formatAstana(instant).slice(0, 16);
}

/**
 * A datetime-local value is Astana wall time; the API gets it as ISO with the offset. Anything
 * unparsable is passed through, so that the shared validation reports it as INVALID_TIME.
 */
export function inputToIso(value: string): string {
  const instant = parseAstana(value);
  return instant ? formatAstana(instant) : value;
}

/** The previous month in Astana, YYYY-MM. */
export function previousMonth(now = new Date()): string {
  const [y, m] = astanaDate(now).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function fullName(r: Pick<RecipientView, 'surname' | 'name'> & { patronymic?: string | null }): string {
  return [r.surname, r.name, r.patronymic].filter(Boolean).join(' ');
}

/** A service's name in the language (English where the catalogue has it, else Russian). */
export function serviceName(lang: Lang, s: { nameKk: string; nameRu: string; nameEn?: string | null }): string {
  if (lang === 'en') return s.nameEn || s.nameRu;
  return lang === 'kk' ? s.nameKk : s.nameRu;
}

export function showNumber(lang: Lang, value: number, digits = 0): string {
  return value.toLocaleString(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
