import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A recipient's answers to the quality survey (сауалнама, model e-service regulation p.15, annex 4). */
@Entity('survey_answer')
export class SurveyAnswerRow {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId: string;
  @Column({ name: 'service_code', type: 'varchar', length: 32 }) serviceCode: string;
  @Column({ name: 'recipient_iin', type: 'char', length: 12 }) recipientIin: string;
  /** question 1: the quality and result of the process, 1 (not satisfied) to 3 (satisfied) */
  @Column({ name: 'process_and_result', type: 'smallint' }) processAndResult: number;
  /** question 2: the information about the procedure, on the same scale */
  @Column({ type: 'smallint' }) information: number;
  @Column({ name: 'answered_at', type: 'timestamptz' }) answeredAt: Date;
}
