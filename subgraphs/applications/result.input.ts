import { Field, ID, InputType } from 'type-graphql';
import { Outcome } from '../statuses/api';
import { FileInput } from './submission.input';

/**
 * The "response" message (ответ, exchange rules p.6) a provider's system sends with the result:
 * the issued document, or a refusal with its reason. Signed like a stage report: `signature` is a
 * base64 CMS over the RFC 8785 bytes of this input without `signature`, by the provider's person.
 */
@InputType()
export class ResultInput {
  @Field({ description: "The provider system's id of this response: resending it returns the first receipt." }) messageId: string;
  @Field(() => String, { nullable: true, description: 'The messageId of the request this answers.' }) correlationId?: string;
  @Field() providerBin: string;
  @Field({ description: 'The number the hub gave the application.' }) applicationNumber: string;
  @Field(() => Outcome) outcome: Outcome;
  @Field({ description: 'When the provider decided (ISO-8601): the execution date of an issued result.' }) decidedAt: string;
  @Field(() => String, { nullable: true, description: 'Who executed it, if no stage report said so.' }) executor?: string;
  @Field(() => String, { nullable: true, description: 'Required for REFUSED.' }) refusalReason?: string;
  @Field(() => FileInput, { nullable: true, description: 'Required for ISSUED: the issued document.' }) document?: FileInput;
  @Field() signature: string;
}

@InputType({ description: 'The operator hands the issued result to the recipient, closing the application.' })
export class IssuanceInput {
  @Field(() => ID) applicationId: string;
  @Field({ description: "The operator system's id of this action." }) messageId: string;
  @Field({ description: "The operator's base64 CMS over the RFC 8785 bytes of {applicationId, messageId}." }) signature: string;
}
