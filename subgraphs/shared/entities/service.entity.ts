import { Column, Entity, PrimaryColumn } from 'typeorm';

export type TermKind = 'WORKING_DAYS' | 'CALENDAR_DAYS';

/** A service of the catalogue (реестр государственных услуг) with its standard term. */
@Entity('service')
export class ServiceRow {
  @PrimaryColumn({ type: 'varchar', length: 32 }) code: string;
  @Column({ name: 'name_kk', type: 'text' }) nameKk: string;
  @Column({ name: 'name_ru', type: 'text' }) nameRu: string;
  @Column({ name: 'name_en', type: 'text' }) nameEn: string;
  /** срок оказания государственной услуги (standard term) */
  @Column({ name: 'term_days', type: 'int' }) termDays: number;
  @Column({ name: 'term_kind', type: 'varchar', length: 16 }) termKind: TermKind;
  @Column({ name: 'agency_bin', type: 'char', length: 12 }) agencyBin: string;
}
