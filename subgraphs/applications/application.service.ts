import { DataSource, FindOptionsWhere } from 'typeorm';
import { assertCanSeeApplication } from '../../platform/access';
import { isHubNumber } from '../../platform/application-number';
import { ApplicationRow } from './application.entity';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { ServiceRow } from '../../platform/entities/service.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireIdentity } from '../../platform/identity';
import { isUuid } from '../../platform/ids';
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
    plannedDateProvisional: row.plannedDateProvisional,
    declaredPlannedDate: row.declaredPlannedDate,
    plannedDateMismatch: row.declaredPlannedDate !== null && row.declaredPlannedDate !== row.plannedDate,
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
  const who = requireIdentity(identity);
  const where: FindOptionsWhere<ApplicationRow> = { number: number.trim() };
  if (providerBin) where.providerBin = providerBin;
  // Numbers are unique per provider. One of the hub's form names the application the hub issued
  // (unique across the hub), even beside a provider's request registered under that number
  // before the form was reserved.
  else if (isHubNumber(number)) where.channel = 'HUB';
  // A provider and a citizen look among their own requests, so that another provider's use of the
  // same number neither hides theirs nor makes the number ambiguous to them.
  const scope = ownScope(who);
  const rows = scope ? await dataSource.manager.find(ApplicationRow, { where: { ...where, ...scope }, take: 2 }) : [];
  if (rows.length > 1) throw hubError(ErrorCode.InvalidArgument, `Several providers use the number ${number}: give providerBin`, 'providerBin');
  if (rows.length === 1) return toApplication(rows[0]);
  // none of the caller's own: someone else's is refused as such, not passed off as missing
  const other = await dataSource.manager.findOne(ApplicationRow, { where });
  if (other) assertCanSeeApplication(who, other);
  return null;
}

/** canSeeApplication (shared/access.ts) as query conditions: null for a role that sees none. */
function ownScope(who: Identity): FindOptionsWhere<ApplicationRow> | null {
  switch (who.role) {
    case 'provider': return { providerBin: who.bin ?? '' };
    case 'citizen': return { recipientIin: who.iin ?? '' };
    case 'partner': return null;
    default: return {};
  }
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
