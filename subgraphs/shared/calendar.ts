import { EntityManager } from 'typeorm';
import { CalendarDayRow } from './entities';
import { CalendarDayKind } from './entities/calendar-day.entity';
import { TermKind } from './entities/service.entity';
import { addCalendarDays, weekday } from './time';

/**
 * Kazakhstan's production calendar (производственный календарь): Mon-Fri working, except the
 * days the calendar data marks (holidays, moved days off) and weekend days made working.
 */
export class ProductionCalendar {
  constructor(private readonly exceptions: ReadonlyMap<string, CalendarDayKind>) {}

  isWorkingDay(date: string): boolean {
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
}

/** Loads the calendar's exceptions for the span a planned date can reach from `from`. */
export async function loadCalendar(manager: EntityManager, from: string, spanDays = 400): Promise<ProductionCalendar> {
  const rows = await manager.getRepository(CalendarDayRow).createQueryBuilder('d')
    .where('d.day BETWEEN :from AND :to', { from, to: addCalendarDays(from, spanDays) })
    .getMany();
  return new ProductionCalendar(new Map(rows.map((r) => [r.day, r.kind])));
}
