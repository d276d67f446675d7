import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Document } from './document.type';

@ObjectType({ description: 'Why one document of a lookup was not returned.' })
export class LookupError {
  @Field() code: string;
  @Field() message: string;
  @Field(() => String, { nullable: true, description: 'The input field at fault, when there is one.' }) field: string | null;
}

@ObjectType({ description: 'The answer for one document: the document, or the coded reason it is missing (the others are not affected).' })
export class LookupResult {
  @Field() documentType: string;
  @Field() subjectIinBin: string;
  @Field(() => Document, { nullable: true }) document: Document | null;
  @Field(() => LookupError, { nullable: true }) error: LookupError | null;
}

@ObjectType({ description: 'A service of the catalogue; the applications subgraph owns it.' })
@Directive('@key(fields: "code", resolvable: false)')
export class Service {
  @Field(() => ID) code: string;
}

@ObjectType({ description: 'The recipient as the registers know them.' })
export class DraftRecipient {
  @Field() iinOrBin: string;
  @Field({ description: 'PERSON or ORGANISATION.' }) kind: string;
  @Field(() => String, { nullable: true }) surname: string | null;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true }) patronymic: string | null;
  @Field(() => String, { nullable: true }) organisationName: string | null;
  @Field(() => String, { nullable: true, description: 'From the address register.' }) address: string | null;
}

@ObjectType({ description: 'An attachment ready for submitApplication.' })
export class DraftAttachment {
  @Field() documentType: string;
  @Field(() => ID) documentId: string;
}

@ObjectType({ description: "An application prefilled from the registers (ЦОН exchange rules p.7, p.11.1): each document separately, so one failing source leaves the others." })
export class ApplicationDraft {
  @Field(() => Service) service: Service;
  @Field(() => DraftRecipient) recipient: DraftRecipient;
  @Field(() => [LookupResult], { description: "The recipient's record, their address, then each document the service requires." }) documents: LookupResult[];
  @Field(() => [DraftAttachment], { description: 'The required documents that were found, as attachments.' }) attachments: DraftAttachment[];
  @Field(() => [String], { description: 'Required document types not found: the operator asks for a copy or retries.' }) missingDocuments: string[];
}
