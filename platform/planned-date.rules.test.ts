import { GraphQLError } from 'graphql';
import { ProductionCalendar } from './calendar';
import { CalendarDayKind } from './entities/calendar-day.entity';
import { plannedDateOf } from './planned-date.rules';

// 2026 final, 2027 provisional (the government's order not yet out), loaded from 1 Dec 2026
const coverage = { from: '2026-12-01', to: '2028-01-05', years: new Map([[2026, { provisional: false }], [2027, { provisional: true }]]) };
const calendar = new ProductionCalendar(new Map<string, CalendarDayKind>([['2027-01-01', 'HOLIDAY'], ['2027-01-02', 'HOLIDAY'], ['2027-01-07', 'HOLIDAY']]), coverage);
const term = (termDays: number, termKind: 'WORKING_DAYS' | 'CALENDAR_DAYS' = 'WORKING_DAYS') => ({ code: 'CRIM-CERT', termDays, termKind });

describe('the planned date (плановая дата, rules of data entry p.10)', () => {
  it('counts a term in working days from the day after acceptance', () => {
    expect(plannedDateOf(calendar, '2026-12-01', term(5), 'input.acceptedAt')).toEqual({ plannedDate: '2026-12-08', provisional: false });
  });

  it('is provisional when counted through a year whose calendar is provisional', () => {
    expect(plannedDateOf(calendar, '2026-12-28', term(5), 'input.acceptedAt')).toEqual({ plannedDate: '2027-01-05', provisional: true });
  });

  it('refuses a date past the calendar with CALENDAR_NOT_COVERED at the field given, saying how far it reaches', () => {
    let refused: unknown;
    try {
      plannedDateOf(calendar, '2027-12-20', term(20), 'input.serviceCode');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(GraphQLError);
    expect((refused as GraphQLError).extensions).toMatchObject({ code: 'CALENDAR_NOT_COVERED', field: 'input.serviceCode' });
    expect((refused as GraphQLError).message).toContain('covers up to 2027-12-31');
  });
});
