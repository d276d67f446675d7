import { Column, Entity, PrimaryColumn } from 'typeorm';

export type TermKind = 'WORKING_DAYS' | 'CALENDAR_DAYS';
/** вид электронной услуги: информационная, интерактивная, транзакционная (model e-service regulation p.4) */
export type ServiceKind = 'INFORMATIONAL' | 'INTERACTIVE' | 'TRANSACTIONAL';
/** степень автоматизации: полностью или частично автоматизированная (model e-service regulation p.3) */
export type Automation = 'FULL' | 'PARTIAL';

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
  @Column({ type: 'varchar', length: 16 }) kind: ServiceKind;
  @Column({ type: 'varchar', length: 8 }) automation: Automation;
  /** the fee in tenge; null for a free service */
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true }) fee: string | null;
  /** document types the application must carry */
  @Column({ name: 'required_documents', type: 'text', array: true }) requiredDocuments: string[];
  @Column({ type: 'boolean' }) active: boolean;
}
