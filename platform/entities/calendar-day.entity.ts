import { Column, Entity, PrimaryColumn } from 'typeorm';

/** HOLIDAY: a legal holiday; DAY_OFF: a weekday off (moved); WORKING_DAY: a weekend day made working. */
export type CalendarDayKind = 'HOLIDAY' | 'DAY_OFF' | 'WORKING_DAY';

/** One day of Kazakhstan's production calendar that differs from the plain Mon-Fri week. */
@Entity('calendar_day')
export class CalendarDayRow {
  @PrimaryColumn({ type: 'date' }) day: string;
  @Column({ type: 'varchar', length: 16 }) kind: CalendarDayKind;
  @Column({ type: 'text' }) note: string;
}

/** A year the production calendar covers: provisional until its holidays and the government's order moving days off are published. */
@Entity('calendar_year')
export class CalendarYearRow {
  @PrimaryColumn({ type: 'int' }) year: number;
  @Column({ type: 'boolean' }) provisional: boolean;
  @Column({ type: 'text' }) note: string;
}
