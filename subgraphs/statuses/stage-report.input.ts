import { Field, InputType } from 'type-graphql';
import { Outcome, Stage } from './stage';

@InputType({ description: 'The recipient (услугополучатель) as the provider registered them.' })
export class RecipientInput {
  @Field(() => String, { nullable: true }) surname?: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true, description: 'If any.' }) patronymic?: string;
  @Field(() => String, { nullable: true, description: 'IIN of a person or BIN of an organisation: 12 digits with a valid check digit.' }) iinOrBin?: string;
}

/**
 * A stage report (rules of data entry p.6-8). The first report of a request the hub does not
 * know registers it, so it must carry the request's data; later ones may carry only what changed.
 * Times are ISO-8601; without an offset they are Astana local time.
 */
@InputType()
export class StageReportInput {
  @Field({ description: 'BIN of the provider whose request this is; must be your organisation.' }) providerBin: string;
  @Field({ description: "The provider's number of the request." }) applicationNumber: string;
  @Field(() => Stage) stage: Stage;
  @Field({ description: 'When the stage happened.' }) occurredAt: string;
  @Field({ description: "The provider's message id: resending it returns the original record." }) messageId: string;
  @Field(() => RecipientInput, { nullable: true }) recipient?: RecipientInput;
  @Field(() => String, { nullable: true, description: 'Code of the service in the catalogue.' }) serviceCode?: string;
  @Field(() => String, { nullable: true }) placeOfAcceptance?: string;
  @Field(() => String, { nullable: true, description: 'When the request was accepted from the recipient.' }) acceptedAt?: string;
  @Field(() => String, { nullable: true }) executor?: string;
  @Field(() => String, { nullable: true, description: "The provider's planned execution date, YYYY-MM-DD." }) plannedDate?: string;
  @Field(() => String, { nullable: true, description: 'When the request was executed.' }) executionDate?: string;
  @Field(() => Outcome, { nullable: true, description: 'Required when closing.' }) outcome?: Outcome;
  @Field(() => String, { nullable: true, description: 'Required when refused.' }) refusalReason?: string;
  @Field({ description: 'Base64 CMS signature (NCALayer format cms) of the report by the authorised person.' }) signature: string;
}

@InputType({ description: 'Which stage reports to list.' })
export class StageReportFilter {
  @Field(() => String, { nullable: true }) providerBin?: string;
  @Field(() => String, { nullable: true }) serviceCode?: string;
  @Field(() => Stage, { nullable: true }) stage?: Stage;
  @Field(() => String, { nullable: true, description: 'Stages that happened at or after this time.' }) from?: string;
  @Field(() => String, { nullable: true, description: 'Stages that happened before this time.' }) to?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only reports of requests that are (or are not) overdue now.' }) overdue?: boolean;
  @Field(() => String, { nullable: true, description: "Only reports of this recipient's requests (IIN or BIN)." }) recipientIin?: string;
  @Field(() => String, { nullable: true, description: "Only reports of requests with this number (the provider's own or the hub's QH-…)." }) applicationNumber?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only reports of requests that are (or are not) still open, not yet closed.' }) open?: boolean;
}

@InputType({ description: 'Which stage changes to receive; all given conditions must hold.' })
export class StageChangeFilter {
  @Field(() => String, { nullable: true }) applicationId?: string;
  @Field(() => String, { nullable: true }) recipientIin?: string;
  @Field(() => String, { nullable: true }) serviceCode?: string;
  @Field(() => String, { nullable: true }) providerBin?: string;
}

export const MAX_PAGE = 100;
