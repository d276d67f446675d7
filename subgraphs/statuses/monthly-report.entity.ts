import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of the monthly report: a provider's service in the month. */
export interface ReportLine {
  providerBin: string;
  providerName: string;
  serviceCode: string;
  serviceName: string;
  /** requests accepted in the month */
  requests: number;
  /** closed (executed) in the month after the planned date */
  closedLate: number;
  /** not executed by the month's last day, and past the planned date then */
  openOverdueAtMonthEnd: number;
  violations: number;
  /** calendar days past the planned date, summed over the violations */
  violationDays: number;
  /** violations whose lateness overlaps a failure of a system the request depended on */
  technicalViolations: number;
}

/**
 * A version of the monthly analytical report on deadline violations (data-entry rules p.12). A
 * version never changes (a trigger refuses updates); generating again makes the next version.
 */
@Entity('monthly_report')
export class MonthlyReportRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** the first day of the month */
  @Column({ type: 'date' }) month: string;
  @Column({ type: 'int' }) version: number;
  @Column({ type: 'varchar', length: 16 }) trigger: 'SCHEDULED' | 'ON_DEMAND';
  @Column({ name: 'generated_at', type: 'timestamptz' }) generatedAt: Date;
  @Column({ name: 'generated_by', type: 'varchar', length: 200 }) generatedBy: string;
  @Column({ type: 'jsonb' }) rows: ReportLine[];
}
