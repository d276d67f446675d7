import { ProductionCalendar } from './calendar';
import { CalendarDayKind } from './entities/calendar-day.entity';
import { CalendarFile, calendarDaysOf, readCalendarFile } from './reference-data';
import { addCalendarDays, weekday } from './time';

/**
 * The data of reference/production-calendar.json against the rules it comes from: the Law on
 * holidays (which days are holidays) and the Labour Code (a holiday on a day off moves the day off
 * to the next working day, except religious holidays). The government may also move days off by
 * an order: such a weekday off comes with a weekend day made working.
 */
const file = readCalendarFile();
type Year = CalendarFile['years'][string];

const FIXED_HOLIDAYS = ['01-01', '01-02', '01-07', '03-08', '03-21', '03-22', '03-23', '05-01', '05-07', '05-09', '07-06', '08-30', '10-25', '12-16'];
const isWeekend = (day: string) => weekday(day) === 0 || weekday(day) === 6;

/** The weekdays off the Labour Code's rule gives a year, in order. */
function movedByRule(year: Year): string[] {
  const holidays = new Set(year.holidays.map((h) => h.date));
  const moved: string[] = [];
  const onWeekends = year.holidays.filter((h) => h.kind !== 'religious' && isWeekend(h.date)).map((h) => h.date).sort();
  for (const holiday of onWeekends) {
    let day = addCalendarDays(holiday, 1);
    while (isWeekend(day) || holidays.has(day) || moved.includes(day)) day = addCalendarDays(day, 1);
    moved.push(day);
  }
  return moved;
}

describe.each(Object.entries(file.years))('the production calendar of %s', (yearText, year) => {
  it('holds every public holiday of the Law on holidays and the first day of Kurban Ait', () => {
    const dates = year.holidays.map((h) => h.date);
    for (const day of FIXED_HOLIDAYS) expect(dates).toContain(`${yearText}-${day}`);
    expect(year.kurbanAitFirstDay.startsWith(yearText)).toBe(true);
    expect(year.holidays.find((h) => h.date === year.kurbanAitFirstDay)?.kind).toBe('religious');
    expect(year.holidays.find((h) => h.date === `${yearText}-01-07`)?.kind).toBe('religious');
    expect(dates).toHaveLength(FIXED_HOLIDAYS.length + 1);
  });

  it('moves the day off of every holiday on a weekend to the next working day (not for religious holidays)', () => {
    const daysOff = year.daysOff.map((d) => d.date);
    for (const day of movedByRule(year)) expect(daysOff).toContain(day);
  });

  it('pairs each other weekday off with a weekend day made working (a government order), and nothing else', () => {
    const byRule = new Set(movedByRule(year));
    const ordered = year.daysOff.filter((d) => !byRule.has(d.date));
    expect(ordered).toHaveLength(year.workingWeekends.length);
    for (const d of year.daysOff) expect(isWeekend(d.date)).toBe(false);
    for (const d of year.workingWeekends) expect(isWeekend(d.date)).toBe(true);
  });

  it('says whether it is final or provisional, and why', () => {
    expect(['final', 'provisional']).toContain(year.status);
    expect(year.statusNote.length).toBeGreaterThan(20);
  });
});

describe('2027', () => {
  const calendar = new ProductionCalendar(new Map(calendarDaysOf(file).map((d) => [d.day, d.kind as CalendarDayKind])));

  it('is covered, provisionally until the government moves days off and Kurban Ait is announced', () => {
    expect(file.years['2027']?.status).toBe('provisional');
    const kurbanAit = file.years['2027'].holidays.find((h) => h.date === file.years['2027'].kurbanAitFirstDay);
    expect(kurbanAit?.uncertain).toBe(true);
    expect(kurbanAit?.uncertainReason).toMatch(/Umm al-Qura/);
  });

  it('counts a 20-working-day term from 28 Dec 2026 across the New Year holidays, the moved day off and Orthodox Christmas', () => {
    // Tue 29, Wed 30, Thu 31 Dec; Fri 1 and Sat 2 Jan holidays, Mon 4 the day off moved from Sat 2; Tue 5, Wed 6; Thu 7 Christmas; Fri 8 ...
    expect(calendar.plannedDate('2026-12-28', 20, 'WORKING_DAYS')).toBe('2027-01-28');
    expect(calendar.plannedDate('2026-12-28', 5, 'WORKING_DAYS')).toBe('2027-01-06');
  });

  it('counts across Nauryz and the May holidays as the rules move them', () => {
    // Fri 19 Mar; Sun 21 - Tue 23 Nauryz, Wed 24 the day off moved from Sun 21: the 1st working day is Thu 25
    expect(calendar.plannedDate('2027-03-19', 1, 'WORKING_DAYS')).toBe('2027-03-25');
    // Fri 30 Apr; Sat 1 May, Mon 3 moved; Tue 4 (1), Wed 5 (2), Thu 6 (3), Fri 7 holiday, Sun 9 Victory Day, Mon 10 moved; Tue 11 (4)
    expect(calendar.plannedDate('2027-04-30', 4, 'WORKING_DAYS')).toBe('2027-05-11');
  });
});
