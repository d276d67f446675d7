import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection, ConnectionType } from '../../platform/connection';

@ObjectType({ description: 'One try at delivering a request to a provider\'s system.' })
export class DeliveryAttempt {
  @Field(() => Int) attempt: number;
  @Field() startedAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field({ description: 'IN_FLIGHT, DELIVERED, FAILED, or INTERRUPTED (the process died during it).' }) outcome: string;
  @Field(() => String, { nullable: true, description: 'PROVIDER_UNREACHABLE, PROVIDER_TIMEOUT, PROVIDER_CONNECTION_LOST, PROVIDER_HTTP_ERROR, PROVIDER_REJECTED, ...' }) errorCode: string | null;
  @Field(() => Int, { nullable: true }) httpStatus: number | null;
  @Field(() => String, { nullable: true }) detail: string | null;
}

@ObjectType({ description: 'A message the hub sent or received, with the facts of its sending and receiving (exchange rules p.9).' })
export class ExchangeMessage {
  @Field(() => ID, { description: "The journal entry's id (what retryDelivery takes)." }) id: string;
  @Field() messageId: string;
  @Field(() => String, { nullable: true, description: 'The application the conversation is about.' }) correlationId: string | null;
  @Field({ description: 'OUT (sent by the hub) or IN (received).' }) direction: string;
  @Field() counterpartBin: string;
  @Field({ description: 'REQUEST, RESPONSE, or STAGE_REPORT.' }) kind: string;
  @Field(() => ID, { nullable: true }) applicationId: string | null;
  @Field(() => Int) attempts: number;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'The actual delivery time.' }) deliveredAt: Date | null;
  @Field(() => Date, { nullable: true }) answeredAt: Date | null;
  @Field({ description: 'PENDING, RETRYING, DELIVERED, DEAD (dead-lettered), or ACCEPTED (received).' }) outcome: string;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' }) errorCode: string | null;
  @Field(() => Int) sizeBytes: number;
  @Field() sha256: string;
}

export const ExchangeMessageConnection = ConnectionType('ExchangeMessage', ExchangeMessage);
export type ExchangeMessageConnection = Connection<ExchangeMessage>;

@InputType({ description: 'Which journal entries to list.' })
export class MessageFilter {
  @Field(() => String, { nullable: true }) direction?: string;
  @Field(() => String, { nullable: true }) kind?: string;
  @Field(() => String, { nullable: true, description: 'DEAD lists the dead letters.' }) outcome?: string;
  @Field(() => String, { nullable: true }) counterpartBin?: string;
  @Field(() => ID, { nullable: true }) applicationId?: string;
  @Field(() => String, { nullable: true }) from?: string;
  @Field(() => String, { nullable: true }) to?: string;
}
