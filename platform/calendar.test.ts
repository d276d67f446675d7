import { CalendarNotCovered, ProductionCalendar } from './calendar';
import { CalendarDayKind } from './entities/calendar-day.entity';

// Excerpt of the 2024 calendar: Nauryz 21-23 Mar (23rd a Saturday, moved to Mon 25th),
// and the order that made Sat 4 May working and moved its day off to Wed 8 May.
const calendar2024 = new ProductionCalendar(new Map<string, CalendarDayKind>([
  ['2024-03-21', 'HOLIDAY'], ['2024-03-22', 'HOLIDAY'], ['2024-03-23', 'HOLIDAY'], ['2024-03-25', 'DAY_OFF'],
  ['2024-05-01', 'HOLIDAY'], ['2024-05-04', 'WORKING_DAY'], ['2024-05-07', 'HOLIDAY'], ['2024-05-08', 'DAY_OFF'], ['2024-05-09', 'HOLIDAY'],
]));

describe('production calendar', () => {
  it('counts working days past a public holiday and its moved day off', () => {
    // accepted Wed 20 Mar; 21, 22 holidays, 23-24 weekend, 25 moved day off: 1st working day is Tue 26
    expect(calendar2024.plannedDate('2024-03-20', 1, 'WORKING_DAYS')).toBe('2024-03-26');
    expect(calendar2024.plannedDate('2024-03-20', 3, 'WORKING_DAYS')).toBe('2024-03-28');
  });

  it('counts a weekend day made working and skips the weekday moved off', () => {
    // accepted Thu 2 May: Fri 3 (1), Sat 4 working (2), Mon 6 (3), Tue 7 holiday, Wed 8 off, Thu 9 holiday, Fri 10 (4)
    expect(calendar2024.plannedDate('2024-05-02', 2, 'WORKING_DAYS')).toBe('2024-05-04');
    expect(calendar2024.plannedDate('2024-05-02', 4, 'WORKING_DAYS')).toBe('2024-05-10');
  });

  it('moves a calendar-day term that ends on a day off to the next working day', () => {
    expect(calendar2024.plannedDate('2024-03-08', 15, 'CALENDAR_DAYS')).toBe('2024-03-26');
    expect(calendar2024.plannedDate('2024-03-01', 5, 'CALENDAR_DAYS')).toBe('2024-03-06');
  });

  it('takes a zero-day term as the day of acceptance', () => {
    expect(calendar2024.plannedDate('2024-03-20', 0, 'WORKING_DAYS')).toBe('2024-03-20');
  });
});

describe("the calendar's coverage", () => {
  // 2026 final, 2027 provisional, loaded from 1 Dec 2026 for 400 days; nothing known of 2028
  const coverage = { from: '2026-12-01', to: '2028-01-05', years: new Map([[2026, { provisional: false }], [2027, { provisional: true }]]) };
  const calendar = new ProductionCalendar(new Map<string, CalendarDayKind>([['2027-01-01', 'HOLIDAY'], ['2027-01-02', 'HOLIDAY'], ['2027-01-04', 'DAY_OFF'], ['2027-01-07', 'HOLIDAY']]), coverage);

  it('refuses to count past the last day its data covers rather than take unknown days as plain weekdays', () => {
    expect(() => calendar.plannedDate('2027-12-20', 20, 'WORKING_DAYS')).toThrow(expect.objectContaining({ day: '2028-01-01', coveredUntil: '2027-12-31' }));
    expect(() => calendar.plannedDate('2027-12-25', 15, 'CALENDAR_DAYS')).toThrow(CalendarNotCovered);
  });

  it('refuses to count past the days it was loaded for', () => {
    const short = new ProductionCalendar(new Map(), { ...coverage, to: '2026-12-31' });
    expect(() => short.plannedDate('2026-12-28', 5, 'WORKING_DAYS')).toThrow(expect.objectContaining({ day: '2027-01-01', coveredUntil: '2026-12-31' }));
  });

  it('says a planned date is provisional when counting it went through a provisional year', () => {
    expect(calendar.plannedDate('2026-12-28', 5, 'WORKING_DAYS')).toBe('2027-01-06');
    expect(calendar.isProvisional('2026-12-28', '2027-01-06')).toBe(true);
    expect(calendar.isProvisional('2026-12-01', '2026-12-08')).toBe(false);
  });
});
