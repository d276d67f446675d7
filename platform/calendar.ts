import { EntityManager } from 'typeorm';
import { CalendarDayKind } from './entities/calendar-day.entity';
import { ServiceRow, TermKind } from './entities/service.entity';
import { plannedDateOf } from './planned-date.rules';
import { ReferenceData, referenceData } from './reference-cache';
import { addCalendarDays, weekday } from './time';

/** What a calendar knows: the years its data covers (each final or provisional), within the days loaded. */
export interface CalendarCoverage {
  from: string;
  to: string;
  years: ReadonlyMap<number, { provisional: boolean }>;
}

/** A day the calendar has no data for: taking it as a plain weekday would be a guess. */
export class CalendarNotCovered extends Error {
  constructor(readonly day: string, readonly coveredUntil: string | undefined) {
    super(`The production calendar has no data for ${day}${coveredUntil ? ` (it covers up to ${coveredUntil})` : ''}`);
  }
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * Kazakhstan's production calendar (производственный календарь): Mon-Fri working, except the
 * days the calendar data marks (holidays, moved days off) and weekend days made working. With a
 * coverage, a day outside it is refused (CalendarNotCovered); without one (a calendar built in
 * code), every day is taken as known.
 */
export class ProductionCalendar {
  constructor(private readonly exceptions: ReadonlyMap<string, CalendarDayKind>, private readonly coverage?: CalendarCoverage) {}

  isWorkingDay(date: string): boolean {
    this.assertCovered(date);
    const kind = this.exceptions.get(date);
    if (kind === 'WORKING_DAY') return true;
    if (kind === 'HOLIDAY' || kind === 'DAY_OFF') return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  nextWorkingDay(date: string): string {
    let day = date;
    while (!this.isWorkingDay(day)) day = addCalendarDays(day, 1);
    return day;
  }

  /**
   * The regulated planned date (плановая дата, p.10): a term in working days counts working
   * days from the day after acceptance; a term in calendar days that ends on a day off moves to
   * the next working day. A term of 0 days means the day of acceptance.
   */
  plannedDate(acceptedOn: string, termDays: number, termKind: TermKind): string {
    if (termKind === 'CALENDAR_DAYS') return this.nextWorkingDay(addCalendarDays(acceptedOn, termDays));
    let day = acceptedOn;
    for (let counted = 0; counted < termDays; ) {
      day = addCalendarDays(day, 1);
      if (this.isWorkingDay(day)) counted++;
    }
    return day;
  }

  /** Whether a count from `from` to `to` went through a year whose calendar is provisional. */
  isProvisional(from: string, to: string): boolean {
    for (let year = yearOf(from); year <= yearOf(to); year++) {
      if (this.coverage?.years.get(year)?.provisional) return true;
    }
    return false;
  }

  private assertCovered(date: string): void {
    const c = this.coverage;
    if (!c || (date >= c.from && date <= c.to && c.years.has(yearOf(date)))) return;
    throw new CalendarNotCovered(date, this.coveredUntil());
  }

  /** The last day of the unbroken run of covered days from the first day loaded. */
  private coveredUntil(): string | undefined {
    const c = this.coverage!;
    if (!c.years.has(yearOf(c.from))) return undefined;
    let year = yearOf(c.from);
    while (c.years.has(year + 1)) year++;
    const endOfYear = `${year}-12-31`;
    return endOfYear < c.to ? endOfYear : c.to;
  }
}

/**
 * The calendar for the days a planned date can reach from `from`: their exceptions and the years
 * they fall in, so that a day past the data (or past the span) is refused, not guessed. Counted on
 * the process's copy of the reference data (reference-cache.ts), current as of this call.
 */
export async function loadCalendar(manager: EntityManager, from: string, spanDays = 400): Promise<ProductionCalendar> {
  return calendarOf(await referenceData(manager), from, spanDays);
}

export function calendarOf(data: Pick<ReferenceData, 'days' | 'years'>, from: string, spanDays = 400): ProductionCalendar {
  const to = addCalendarDays(from, spanDays);
  const years = new Map<number, { provisional: boolean }>();
  for (let year = yearOf(from); year <= yearOf(to); year++) {
    const known = data.years.get(year);
    if (known) years.set(year, known);
  }
  // every day the data holds: the coverage refuses any day outside [from, to] before it is looked up
  return new ProductionCalendar(data.days, { from, to, years });
}

export interface RegulatedPlannedDate {
  plannedDate: string;
  /** counted through a year whose calendar is provisional */
  provisional: boolean;
}

/**
 * The planned date of a request accepted on `acceptedOn` for `service` (p.10). A date the calendar
 * cannot tell is refused (CALENDAR_NOT_COVERED at `field`) before anything is recorded: the
 * sender may send the same message again once the calendar is extended.
 */
export async function regulatedPlannedDate(manager: EntityManager, acceptedOn: string, service: Pick<ServiceRow, 'code' | 'termDays' | 'termKind'>, field: string): Promise<RegulatedPlannedDate> {
  return plannedDateOf(await loadCalendar(manager, acceptedOn), acceptedOn, service, field);
}

/**
 * A service of the catalogue (undefined if there is none) and the planned date of a request for
 * it accepted on `acceptedOn`, both from one current copy of the reference data: one one-row read.
 */
export async function serviceAndPlannedDate(manager: EntityManager, serviceCode: string, acceptedOn: string, field: string): Promise<{ service: Readonly<ServiceRow>; planned: RegulatedPlannedDate } | undefined> {
  const data = await referenceData(manager);
  const service = data.services.get(serviceCode);
  return service && { service, planned: plannedDateOf(calendarOf(data, acceptedOn), acceptedOn, service, field) };
}
