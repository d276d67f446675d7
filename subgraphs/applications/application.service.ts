import { DataSource } from 'typeorm';
import { assertCanSeeApplication } from '../shared/access';
import { ApplicationRow, OrganisationRow, ServiceRow } from '../shared/entities';
import { ErrorCode, hubError } from '../shared/errors';
import { Identity, requireIdentity } from '../shared/identity';
import { isUuid } from '../shared/ids';
import { Application, Organisation, Service } from './application.type';

export function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    number: row.number,
    providerBin: row.providerBin,
    recipient: { surname: row.recipientSurname, name: row.recipientName, patronymic: row.recipientPatronymic, iinOrBin: row.recipientIin },
    service: { code: row.serviceCode } as Service,
    placeOfAcceptance: row.placeOfAcceptance,
    acceptedAt: row.acceptedAt,
    registeredAt: row.registeredAt,
    executor: row.executor,
    plannedDate: row.plannedDate,
    declaredPlannedDate: row.declaredPlannedDate,
    plannedDateMismatch: row.declaredPlannedDate !== null && row.declaredPlannedDate !== row.plannedDate,
    executionDate: row.executionDate,
    channel: row.channel,
  };
}

export async function findApplication(dataSource: DataSource, identity: Identity | undefined, id: string): Promise<Application | null> {
  requireIdentity(identity);
  if (!isUuid(id)) return null;
  const row = await dataSource.manager.findOneBy(ApplicationRow, { id });
  if (!row) return null;
  assertCanSeeApplication(identity, row);
  return toApplication(row);
}

export async function findApplicationByNumber(dataSource: DataSource, identity: Identity | undefined, number: string, providerBin?: string): Promise<Application | null> {
  requireIdentity(identity);
  // numbers are unique per provider; the hub's own (channel HUB) are unique across the hub
  const rows = await dataSource.manager.find(ApplicationRow, { where: providerBin ? { providerBin, number } : { number }, take: 2 });
  if (rows.length > 1) throw hubError(ErrorCode.InvalidArgument, `Several providers use the number ${number}: give providerBin`, 'providerBin');
  const row = rows[0];
  if (!row) return null;
  assertCanSeeApplication(identity, row);
  return toApplication(row);
}

/** The applications where the signed-in citizen is the recipient. */
export async function myApplications(dataSource: DataSource, identity: Identity | undefined): Promise<Application[]> {
  const who = requireIdentity(identity);
  if (who.role !== 'citizen' || !who.iin) throw hubError(ErrorCode.Forbidden, 'Only a citizen has their own applications');
  const rows = await dataSource.manager.find(ApplicationRow, { where: { recipientIin: who.iin }, order: { registeredAt: 'DESC' }, take: 100 });
  return rows.map(toApplication);
}

export async function listServices(dataSource: DataSource): Promise<ServiceRow[]> {
  return dataSource.manager.find(ServiceRow, { order: { code: 'ASC' } });
}

export function findService(dataSource: DataSource, code: string): Promise<ServiceRow | null> {
  return dataSource.manager.findOneBy(ServiceRow, { code });
}

export async function organisationOf(dataSource: DataSource, bin: string): Promise<Organisation> {
  const row = await dataSource.manager.findOneBy(OrganisationRow, { bin });
  if (!row) return { bin, name: bin, nameKk: bin, nameRu: bin };
  return { bin, name: row.name, nameKk: row.nameKk ?? row.name, nameRu: row.name };
}
