import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { CalendarDayKind } from './entities/calendar-day.entity';
import { repoRoot } from './paths';

/** reference/production-calendar.json: per year, its holidays, moved days off and weekend days made working. */
export interface CalendarFile {
  years: Record<string, {
    /** final once the year's holidays and the government's order moving days off are published */
    status: 'final' | 'provisional';
    statusNote: string;
    kurbanAitFirstDay: string;
    holidays: { date: string; name_ru: string; name_en: string; kind: 'national_or_state' | 'religious'; uncertain?: boolean; uncertainReason?: string }[];
    daysOff: { date: string; reason: string }[];
    workingWeekends: { date: string; reason: string }[];
  }>;
}

interface ServicesFile {
  organisations: { bin: string; name: string; nameKk?: string; hasOwnSystem: boolean; systemEndpoint: string | null; systemAuth: string; systemSecretEnv: string | null }[];
  services: {
    code: string; nameKk: string; nameRu: string; nameEn: string; termDays: number; termKind: string; agencyBin: string;
    kind: string; automation: string; fee: number | null; requiredDocuments: string[]; active: boolean;
  }[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(repoRoot(), 'reference', file), 'utf8')) as T;

export const readCalendarFile = (): CalendarFile => readJson<CalendarFile>('production-calendar.json');

/** The days of the calendar that differ from a plain Mon-Fri week, as calendar_day rows. */
export function calendarDaysOf(calendar: CalendarFile): { day: string; kind: CalendarDayKind; note: string }[] {
  return Object.values(calendar.years).flatMap((year) => [
    ...year.holidays.map((h) => ({ day: h.date, kind: 'HOLIDAY' as const, note: `${h.name_ru} / ${h.name_en}` })),
    ...year.daysOff.map((d) => ({ day: d.date, kind: 'DAY_OFF' as const, note: d.reason })),
    ...year.workingWeekends.map((d) => ({ day: d.date, kind: 'WORKING_DAY' as const, note: d.reason })),
  ]);
}

/** Loads (or updates) the catalogue and the production calendar from reference/; safe to run on every start. */
export async function loadReferenceData(dataSource: DataSource): Promise<{ services: number; calendarDays: number }> {
  const { organisations, services } = readJson<ServicesFile>('services.json');
  const calendar = readCalendarFile();
  const days = calendarDaysOf(calendar);
  await dataSource.transaction(async (m) => {
    for (const o of organisations) {
      await m.query(
        `INSERT INTO organisation (bin, name, name_kk, has_own_system, system_endpoint, system_auth, system_secret_env) VALUES ($1, $2, $7, $3, $4, $5, $6)
         ON CONFLICT (bin) DO UPDATE SET name = EXCLUDED.name, name_kk = EXCLUDED.name_kk, has_own_system = EXCLUDED.has_own_system, system_endpoint = EXCLUDED.system_endpoint,
           system_auth = EXCLUDED.system_auth, system_secret_env = EXCLUDED.system_secret_env`,
        [o.bin, o.name, o.hasOwnSystem, o.systemEndpoint, o.systemAuth, o.systemSecretEnv, o.nameKk ?? null],
      );
    }
    for (const s of services) {
      await m.query(
        `INSERT INTO service (code, name_kk, name_ru, name_en, term_days, term_kind, agency_bin, kind, automation, fee, required_documents, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (code) DO UPDATE SET name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en,
           term_days = EXCLUDED.term_days, term_kind = EXCLUDED.term_kind, agency_bin = EXCLUDED.agency_bin, kind = EXCLUDED.kind,
           automation = EXCLUDED.automation, fee = EXCLUDED.fee, required_documents = EXCLUDED.required_documents, active = EXCLUDED.active`,
        [s.code, s.nameKk, s.nameRu, s.nameEn, s.termDays, s.termKind, s.agencyBin, s.kind, s.automation, s.fee, s.requiredDocuments, s.active],
      );
    }
    for (const d of days) {
      await m.query(
        'INSERT INTO calendar_day (day, kind, note) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, note = EXCLUDED.note',
        [d.day, d.kind, d.note],
      );
    }
    for (const [year, data] of Object.entries(calendar.years)) {
      // a day a corrected year no longer lists (a provisional Kurban Ait moved by a day) must not stay behind
      await m.query(
        `DELETE FROM calendar_day WHERE day BETWEEN make_date($1, 1, 1) AND make_date($1, 12, 31) AND NOT (day = ANY($2::date[]))`,
        [Number(year), days.filter((d) => d.day.startsWith(`${year}-`)).map((d) => d.day)],
      );
      await m.query(
        `INSERT INTO calendar_year (year, provisional, note) VALUES ($1, $2, $3)
         ON CONFLICT (year) DO UPDATE SET provisional = EXCLUDED.provisional, note = EXCLUDED.note`,
        [Number(year), data.status !== 'final', data.statusNote],
      );
    }
  });
  return { services: services.length, calendarDays: days.length };
}
