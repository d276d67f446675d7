import { Field, ID, ObjectType } from 'type-graphql';
import { Connection, ConnectionType } from '../../platform/connection';

@ObjectType({ description: 'A stage report the hub refused: all that is kept of it.' })
export class StageReportRefusal {
  @Field(() => ID) id: string;
  @Field() receivedAt: Date;
  @Field(() => String, { nullable: true }) senderBin: string | null;
  @Field(() => String, { nullable: true }) messageId: string | null;
  @Field({ description: 'Subject of the token the report came with.' }) reportedBy: string;
  @Field({ description: 'The error code it was refused with.' }) code: string;
  @Field(() => String, { nullable: true }) field: string | null;
  @Field() reason: string;
  @Field({ description: 'SHA-256 of the refused report as received.' }) payloadSha256: string;
}

export const StageReportRefusalConnection = ConnectionType('StageReportRefusal', StageReportRefusal);
export type StageReportRefusalConnection = Connection<StageReportRefusal>;
