import type { TermKind } from './entities/service.entity';
import { ErrorCode, hubError } from './errors';
import { CalendarNotCovered, ProductionCalendar, RegulatedPlannedDate } from './calendar';

/** What the planned date of a service depends on: its term (срок оказания) in working or calendar days. */
export interface ServiceTerm { code: string; termDays: number; termKind: TermKind }

/**
 * The planned date (плановая дата, rules of data entry p.10) of a request accepted on `acceptedOn`,
 * counted on `calendar`; provisional when counted through a year whose calendar is provisional. A
 * date the calendar cannot tell is refused (CALENDAR_NOT_COVERED at `field`): the sender may send
 * the same message again once the calendar is extended.
 */
export function plannedDateOf(calendar: ProductionCalendar, acceptedOn: string, service: ServiceTerm, field: string): RegulatedPlannedDate {
  try {
    const plannedDate = calendar.plannedDate(acceptedOn, service.termDays, service.termKind);
    return { plannedDate, provisional: calendar.isProvisional(acceptedOn, plannedDate) };
  } catch (error) {
    if (!(error instanceof CalendarNotCovered)) throw error;
    const term = `${service.termDays} ${service.termKind === 'WORKING_DAYS' ? 'working' : 'calendar'} days`;
    throw hubError(
      ErrorCode.CalendarNotCovered,
      `The planned date of ${service.code} (${term} from ${acceptedOn}) falls past the hub's production calendar, which has no data for ${error.day}` +
        `${error.coveredUntil ? ` (it covers up to ${error.coveredUntil})` : ''}. Nothing was recorded; send the same message again once the calendar is extended.`,
      field,
    );
  }
}
