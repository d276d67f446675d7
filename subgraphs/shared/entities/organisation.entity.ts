import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A provider or agency (услугодатель / государственный орган), identified by its BIN. */
@Entity('organisation')
export class OrganisationRow {
  @PrimaryColumn({ type: 'char', length: 12 }) bin: string;
  @Column({ type: 'text' }) name: string;
}
