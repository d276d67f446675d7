import { MigrationInterface, QueryRunner } from 'typeorm';
import { demoRegisters } from '../provider-stand/demo-registers';

/**
 * The test stand's provider databases (ЦОН exchange rules p.15), each in its own schema as another
 * provider's database would be: the population register, the legal-entity register, the address
 * register and the real-estate register. The tables exist everywhere (the documents subgraph can be
 * pointed at them); they are filled with generated data only outside production.
 */
export class DemoRegisters1732600000001 implements MigrationInterface {
  name = 'DemoRegisters1732600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SCHEMA register_population;
      CREATE TABLE register_population.person (
        iin char(12) PRIMARY KEY, surname text NOT NULL, name text NOT NULL, patronymic text,
        birth_date date NOT NULL, sex char(1) NOT NULL, citizenship char(2) NOT NULL, birth_place text NOT NULL
      );
      CREATE TABLE register_population.security_clearance (
        iin char(12) PRIMARY KEY REFERENCES register_population.person(iin), level text NOT NULL, granted_on date NOT NULL
      );
      CREATE SCHEMA register_legal_entity;
      CREATE TABLE register_legal_entity.legal_entity (
        bin char(12) PRIMARY KEY, name_ru text NOT NULL, name_kk text NOT NULL, registered_on date NOT NULL,
        head_iin char(12) NOT NULL, oked varchar(8) NOT NULL, status varchar(16) NOT NULL
      );
      CREATE SCHEMA register_address;
      CREATE TABLE register_address.registration (
        iin_or_bin char(12) PRIMARY KEY, region text NOT NULL, city text NOT NULL, street text NOT NULL, house text NOT NULL,
        flat text, ats_id char(16) NOT NULL, registered_since date NOT NULL
      );
      CREATE SCHEMA register_real_estate;
      CREATE TABLE register_real_estate.title (
        cadastral_number varchar(32) NOT NULL, owner_iin_or_bin char(12) NOT NULL, kind varchar(16) NOT NULL, address text NOT NULL,
        area_m2 numeric(10,1) NOT NULL, right_kind varchar(16) NOT NULL, registered_on date NOT NULL, encumbrance varchar(32),
        PRIMARY KEY (cadastral_number, owner_iin_or_bin)
      );
      CREATE INDEX title_owner_idx ON register_real_estate.title (owner_iin_or_bin);
    `);
    if (process.env.NODE_ENV === 'production') return;
    const data = demoRegisters();
    const fill = (table: string, rows: object[]) => q.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json) ON CONFLICT DO NOTHING`, [JSON.stringify(rows)]);
    await fill('register_population.person', data.persons);
    await fill('register_population.security_clearance', data.clearances);
    await fill('register_legal_entity.legal_entity', data.legalEntities);
    await fill('register_address.registration', data.addresses);
    await fill('register_real_estate.title', data.titles);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA register_population, register_legal_entity, register_address, register_real_estate CASCADE');
  }
}
