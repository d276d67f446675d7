import { DataSource, EntityManager } from 'typeorm';
import { CalendarDayKind, CalendarDayRow, CalendarYearRow } from './entities/calendar-day.entity';
import { ServiceRow } from './entities/service.entity';

/**
 * The reference data a planned date is counted from (the catalogue's services, the production
 * calendar), whole, as of one reference_version. It changes only by migrations and by
 * loadReferenceData, and every change sets reference_version to its transaction's id (triggers of
 * migration ReferenceVersion1733140000000), so a copy is current exactly while that number is.
 */
export interface ReferenceData {
  version: string;
  services: ReadonlyMap<string, Readonly<ServiceRow>>;
  days: ReadonlyMap<string, CalendarDayKind>;
  years: ReadonlyMap<number, { provisional: boolean }>;
}

// one copy per database the process talks to (the bench and the tests may open more than one)
const copies = new WeakMap<DataSource, Promise<ReferenceData>>();

/**
 * The reference data as current as a read of it made now through `manager` would be: one
 * one-row read of reference_version, and the whole data read again only when that number moved.
 */
export async function referenceData(manager: EntityManager): Promise<ReferenceData> {
  const [{ version, own }] = await manager.query(
    'SELECT version::text AS version, version = pg_current_xact_id_if_assigned()::text::bigint AS own FROM reference_version',
  );
  // read inside the transaction changing it: that data may change again before it commits, under the same number
  if (own) return load(manager, version);
  const held = copies.get(manager.connection);
  if (held) {
    const copy = await held.catch(() => undefined);
    if (copy && copy.version === version) return copy;
  }
  // read after the version, so the copy is at least that new; a later change moves the version again
  const loading = load(manager, version);
  copies.set(manager.connection, loading);
  loading.catch(() => {
    if (copies.get(manager.connection) === loading) copies.delete(manager.connection);
  });
  return loading;
}

async function load(manager: EntityManager, version: string): Promise<ReferenceData> {
  const services = await manager.find(ServiceRow);
  const days = await manager.find(CalendarDayRow);
  const years = await manager.find(CalendarYearRow);
  return {
    version,
    services: new Map(services.map((s) => [s.code, Object.freeze(s)])),
    days: new Map(days.map((d) => [d.day, d.kind])),
    years: new Map(years.map((y) => [y.year, { provisional: y.provisional }])),
  };
}
