import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Connection, ConnectionType } from '../../platform/connection';
import { Outcome, Stage } from './stage';

@ObjectType({ description: 'A text in Kazakh, Russian and English.' })
export class LocalizedText {
  @Field() kk: string;
  @Field() ru: string;
  @Field() en: string;
}

@ObjectType({ description: 'A service of the catalogue; the applications subgraph owns it.' })
@Directive('@key(fields: "code", resolvable: false)')
export class Service {
  @Field(() => ID) code: string;
}

@ObjectType({ description: 'A digital signature received with a message; the signatures subgraph owns it.' })
@Directive('@key(fields: "id", resolvable: false)')
export class Signature {
  @Field(() => ID) id: string;
}

@ObjectType({ description: 'Whether a request is past its regulated planned date (просрочка, rules of data entry p.11).' })
export class Overdue {
  @Field({ description: 'Closed late, or still open past the planned date.' }) isOverdue: boolean;
  @Field(() => Int, { description: 'Calendar days past the planned date; 0 when not overdue.' }) days: number;
}

@ObjectType({ description: "A recipient's request: the stages part of it." })
@Directive('@key(fields: "id")')
export class Application {
  @Field(() => ID) id: string;
}

@ObjectType({ description: 'One stage report as a provider sent it, with when the hub received it.' })
@Directive('@key(fields: "id")')
export class StageRecord {
  @Field(() => ID) id: string;
  @Field({ description: 'Opaque position in the event stream: resume a subscription or a list after it.' }) cursor: string;
  @Field(() => Stage) stage: Stage;
  @Field(() => LocalizedText) stageLabel: LocalizedText;
  @Field({ description: 'When the stage happened, as the provider reported it.' }) occurredAt: Date;
  @Field({ description: 'When the hub received the report (actual delivery time, exchange rules p.9).' }) receivedAt: Date;
  @Field() providerBin: string;
  @Field({ description: "The provider's message id (idempotency key)." }) messageId: string;
  @Field(() => String, { nullable: true }) executor: string | null;
  @Field(() => Outcome, { nullable: true }) outcome: Outcome | null;
  @Field(() => String, { nullable: true }) refusalReason: string | null;
  @Field(() => Application) application: Application;
  @Field(() => Service) service: Service;
  @Field(() => Signature) signature: Signature;
}

/** A page of stage reports; an edge's cursor is the record's position in the event stream (its `cursor`), which subscriptions resume after. */
export const StageRecordConnection = ConnectionType('StageRecord', StageRecord);
export type StageRecordConnection = Connection<StageRecord>;

@ObjectType({ description: 'What the hub answers to a stage report, once it is durably stored.' })
export class StageReportReceipt {
  @Field(() => StageRecord) record: StageRecord;
  @Field({ description: 'True when this message id was already received: the original record is returned and nothing new is published.' }) duplicate: boolean;
}
