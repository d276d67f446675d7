import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../platform/scalars';

@ObjectType({ description: 'A provider or agency (услугодатель), by its BIN.' })
export class Organisation {
  @Field() bin: string;
  @Field({ description: 'Name in Russian.' }) name: string;
  @Field({ description: 'Name in Kazakh (the Russian one where the catalogue has none).' }) nameKk: string;
  @Field() nameRu: string;
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
  @Field({ description: 'INFORMATIONAL, INTERACTIVE or TRANSACTIONAL (вид электронной услуги, model e-service regulation p.4).' }) kind: string;
  @Field({ description: 'FULL or PARTIAL automation (степень автоматизации, model e-service regulation p.3).' }) automation: string;
  @Field({ description: 'True when the service is paid.' }) paid: boolean;
  @Field(() => Float, { nullable: true, description: 'The fee in tenge; null for a free service.' }) fee: number | null;
  @Field(() => [String], { description: 'Document types an application must carry.' }) requiredDocuments: string[];
  @Field({ description: 'False for a service no longer provided: it takes no new applications.' }) active: boolean;
  @Field({ description: "PROVIDER_SYSTEM: requests go to the provider's own system; WORKSTATION: its staff work in the hub's workstation (АРМ)." }) deliveryChannel: string;
}

@ObjectType({ description: 'Document data looked up from a provider\'s database; the documents subgraph owns it.' })
@Directive('@key(fields: "id", resolvable: false)')
export class Document {
  @Field(() => ID) id: string;
}

@ObjectType({ description: 'An electronic copy of a document attached to an application (content through the result or the provider).' })
export class Attachment {
  @Field(() => ID) id: string;
  @Field({ description: 'DOCUMENT or CONSENT (the scanned written consent).' }) purpose: string;
  @Field(() => String, { nullable: true, description: 'The document type it was attached as (IDENTITY, ADDRESS, ...); null for the consent scan.' }) documentType: string | null;
  @Field({ description: 'UPLOAD or LOOKUP.' }) source: string;
  @Field(() => ID, { nullable: true, description: 'The looked-up document.' }) documentId: string | null;
  @Field(() => Document, { nullable: true, description: 'The looked-up document with its data (LOOKUP attachments).' }) document?: Document | null;
  @Field(() => String, { nullable: true }) fileName: string | null;
  @Field(() => String, { nullable: true }) mediaType: string | null;
  @Field(() => Int) sizeBytes: number;
  @Field() sha256: string;
}

@ObjectType({ description: 'A file the provider issued.' })
export class IssuedDocument {
  @Field() fileName: string;
  @Field() mediaType: string;
  @Field(() => Int) sizeBytes: number;
  @Field() sha256: string;
  @Field() contentBase64: string;
}

@ObjectType({ description: "The provider's answer (ответ): the issued document or the refusal." })
export class ApplicationResult {
  @Field({ description: 'ISSUED or REFUSED.' }) outcome: string;
  @Field(() => String, { nullable: true }) refusalReason: string | null;
  @Field() decidedAt: Date;
  @Field() receivedAt: Date;
  @Field(() => IssuedDocument, { nullable: true, description: 'The issued document: for the recipient, the provider, the organisation that submitted the application, and admins.' }) document?: IssuedDocument | null;
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
  @Field({ description: "True when the planned date was counted through a year whose production calendar is provisional (the government has not yet published that year's order moving days off, or a holiday's date is not announced): it may change when it is." }) plannedDateProvisional: boolean;
  @Field(() => LocalDate, { nullable: true, description: "The planned date the provider declared (YYYY-MM-DD)." }) declaredPlannedDate: string | null;
  @Field({ description: "True when the provider's declared planned date differs from the regulated one." }) plannedDateMismatch: boolean;
  // executor, plannedDate and executionDate: the statuses subgraph resolves them (it writes them)
  @Field({ description: "PROVIDER: registered by the provider's own report; HUB: submitted by an operator through the hub." }) channel: string;
}

@ObjectType({ description: 'The answer to a submission.' })
export class SubmissionReceipt {
  @Field(() => Application) application: Application;
  @Field({ description: 'True when this messageId was submitted before: nothing new was recorded.' }) duplicate: boolean;
}
