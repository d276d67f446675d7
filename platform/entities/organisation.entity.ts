import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A provider or agency (услугодатель / государственный орган), identified by its BIN. */
@Entity('organisation')
export class OrganisationRow {
  @PrimaryColumn({ type: 'char', length: 12 }) bin: string;
  /** in Russian */
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'name_kk', type: 'text', nullable: true }) nameKk: string | null;
  /** false: the provider works in the hub's workstation (АРМ) instead of a system of its own */
  @Column({ name: 'has_own_system', type: 'boolean' }) hasOwnSystem: boolean;
  /** where the provider's system takes requests */
  @Column({ name: 'system_endpoint', type: 'text', nullable: true }) systemEndpoint: string | null;
  @Column({ name: 'system_auth', type: 'varchar', length: 16 }) systemAuth: 'NONE' | 'BEARER';
  /** the environment variable holding the bearer token (secrets never sit in the database) */
  @Column({ name: 'system_secret_env', type: 'varchar', length: 64, nullable: true }) systemSecretEnv: string | null;
}
