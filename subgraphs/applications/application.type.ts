import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../shared/scalars';

@ObjectType({ description: 'A provider or agency (услугодатель), by its BIN.' })
export class Organisation {
  @Field() bin: string;
  @Field() name: string;
}

@ObjectType({ description: 'A public service of the catalogue, with its standard term.' })
@Directive('@key(fields: "code")')
export class Service {
  @Field(() => ID) code: string;
  @Field({ description: 'Name in Russian.' }) name: string;
  @Field() nameKk: string;
  @Field() nameRu: string;
  @Field() nameEn: string;
  @Field(() => Int, { description: 'Standard term (срок оказания услуги).' }) termDays: number;
  @Field({ description: 'WORKING_DAYS or CALENDAR_DAYS.' }) termKind: string;
  @Field(() => Organisation) agency: Organisation;
}

@ObjectType({ description: 'The recipient of a service (услугополучатель).' })
export class Recipient {
  @Field() surname: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) patronymic: string | null;
  @Field({ description: 'IIN of a person or BIN of an organisation.' }) iinOrBin: string;
}

@ObjectType({ description: "A recipient's request for a public service." })
@Directive('@key(fields: "id")')
export class Application {
  @Field(() => ID) id: string;
  @Field({ description: "The provider's number of the request." }) number: string;
  @Field() providerBin: string;
  @Field(() => Recipient) recipient: Recipient;
  @Field(() => Service) service: Service;
  @Field() placeOfAcceptance: string;
  @Field({ description: 'When the request was accepted (fixed at registration, p.10).' }) acceptedAt: Date;
  @Field({ description: 'When the hub registered it.' }) registeredAt: Date;
  @Field(() => String, { nullable: true }) executor: string | null;
  @Field(() => LocalDate, { description: 'The regulated planned date, computed from the standard term and the production calendar (Date, YYYY-MM-DD).' }) plannedDate: string;
  @Field(() => LocalDate, { nullable: true, description: "The planned date the provider declared (YYYY-MM-DD)." }) declaredPlannedDate: string | null;
  @Field({ description: "True when the provider's declared planned date differs from the regulated one." }) plannedDateMismatch: boolean;
  @Field(() => Date, { nullable: true }) executionDate: Date | null;
}
