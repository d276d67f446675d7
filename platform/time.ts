/**
 * Astana time (Asia/Almaty). Kazakhstan moved to a single zone, UTC+5, at 2024-03-01 00:00 local
 * (tz database 2024a): +06:00 before that instant, +05:00 from it. No DST since 2005, which is
 * as far back as the hub needs. Done by rule rather than through Intl so that the hub does not
 * depend on the ICU data of whatever Node it runs on.
 */
const SWITCH_INSTANT = Date.UTC(2024, 1, 29, 18, 0, 0); // 2024-03-01T00:00+06:00
const HOUR = 3_600_000;
const DAY = 86_400_000;

export function astanaOffsetHours(instant: Date): number {
  return instant.getTime() >= SWITCH_INSTANT ? 5 : 6;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2024-02-29T23:30:00+06:00`: always with the offset in force at that instant. */
export function formatAstana(instant: Date): string {
  const offset = astanaOffsetHours(instant);
  const local = new Date(instant.getTime() + offset * HOUR);
  const ms = local.getUTCMilliseconds();
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (ms ? `.${pad(ms, 3)}` : '') +
    `+${pad(offset)}:00`
  );
}

/** The Astana calendar date (YYYY-MM-DD) of an instant. */
export function astanaDate(instant: Date): string {
  return new Date(instant.getTime() + astanaOffsetHours(instant) * HOUR).toISOString().slice(0, 10);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO-8601 with an offset is taken as written; without one it is Astana local time. A local
 * time in the hour repeated at the 2024-03-01 switch is read as the later (+05:00) one.
 * Returns undefined for anything that is not a real time.
 */
export function parseAstana(text: string): Date | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const ms = frac ? Math.floor(Number(frac) * 1000) : 0;
  const wall = Date.UTC(...fields, ms);
  const check = new Date(wall);
  if (check.getUTCMonth() !== fields[1] || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return undefined;
  if (zone) {
    if (zone === 'Z') return new Date(wall);
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    return new Date(wall - sign * minutes * 60_000);
  }
  const asFive = wall - 5 * HOUR;
  return new Date(asFive >= SWITCH_INSTANT ? asFive : wall - 6 * HOUR);
}

/** A calendar date YYYY-MM-DD, validated. */
export function parseLocalDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text ? text : undefined;
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
