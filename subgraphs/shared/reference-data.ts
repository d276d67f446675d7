import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { repoRoot } from './paths';

interface CalendarFile {
  years: Record<string, {
    holidays: { date: string; name_ru: string; name_en: string }[];
    daysOff: { date: string; reason: string }[];
    workingWeekends: { date: string; reason: string }[];
  }>;
}

interface ServicesFile {
  organisations: { bin: string; name: string }[];
  services: { code: string; nameKk: string; nameRu: string; nameEn: string; termDays: number; termKind: string; agencyBin: string }[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(repoRoot(), 'reference', file), 'utf8')) as T;

/** Loads (or updates) the catalogue and the production calendar from reference/; safe to run on every start. */
export async function loadReferenceData(dataSource: DataSource): Promise<{ services: number; calendarDays: number }> {
  const { organisations, services } = readJson<ServicesFile>('services.json');
  const calendar = readJson<CalendarFile>('production-calendar.json');
  const days = Object.values(calendar.years).flatMap((year) => [
    ...year.holidays.map((h) => ({ day: h.date, kind: 'HOLIDAY', note: `${h.name_ru} / ${h.name_en}` })),
    ...year.daysOff.map((d) => ({ day: d.date, kind: 'DAY_OFF', note: d.reason })),
    ...year.workingWeekends.map((d) => ({ day: d.date, kind: 'WORKING_DAY', note: d.reason })),
  ]);
  await dataSource.transaction(async (m) => {
    for (const o of organisations) {
      await m.query('INSERT INTO organisation (bin, name) VALUES ($1, $2) ON CONFLICT (bin) DO UPDATE SET name = EXCLUDED.name', [o.bin, o.name]);
    }
    for (const s of services) {
      await m.query(
        `INSERT INTO service (code, name_kk, name_ru, name_en, term_days, term_kind, agency_bin) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (code) DO UPDATE SET name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en,
           term_days = EXCLUDED.term_days, term_kind = EXCLUDED.term_kind, agency_bin = EXCLUDED.agency_bin`,
        [s.code, s.nameKk, s.nameRu, s.nameEn, s.termDays, s.termKind, s.agencyBin],
      );
    }
    for (const d of days) {
      await m.query(
        'INSERT INTO calendar_day (day, kind, note) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, note = EXCLUDED.note',
        [d.day, d.kind, d.note],
      );
    }
  });
  return { services: services.length, calendarDays: days.length };
}
