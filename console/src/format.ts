import { astanaDate, formatAstana, parseAstana } from '../../platform/time';
import type { Lang } from './i18n';
import type { RecipientView } from './api/types';

/** `2026-11-23T14:05:00+05:00` → `2026-11-23 14:05 (+05:00)`: Astana time with its offset. */
export function showTime(value: string | null | undefined): string {
  if (!value) return '—';
  const instant = parseAstana(value) ?? new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const iso = formatAstana(instant);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} (${iso.slice(-6)})`;
}

export function showDate(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '—';
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

export function serviceName(lang: Lang, s: { nameKk: string; nameRu: string }): string {
  return lang === 'kk' ? s.nameKk : s.nameRu;
}

export function showNumber(lang: Lang, value: number, digits = 0): string {
  return value.toLocaleString(lang === 'kk' ? 'kk-KZ' : 'ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
