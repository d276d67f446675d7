import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Connection, ConnectionType } from '../../platform/connection';

@ObjectType({ description: "A recipient's request; the applications subgraph owns it." })
@Directive('@key(fields: "id", resolvable: false)')
export class Application {
  @Field(() => ID) id: string;
}

@ObjectType({ description: 'The organisation that looked data up.' })
export class AccessOrganisation {
  @Field() bin: string;
  @Field(() => String, { nullable: true, description: 'From the catalogue, when the organisation is in it.' }) name: string | null;
}

@ObjectType({ description: "One lookup of someone's data (ЦОН exchange rules p.11.3): who, when, what, why, and what came of it." })
export class DataAccessEntry {
  @Field(() => ID) id: string;
  @Field({ description: 'When (Astana time).' }) at: Date;
  @Field({ description: 'The role of who looked it up: operator or partner (any other role is refused and recorded in the staff-only security log, not here).' }) actorRole: string;
  @Field(() => String, { nullable: true, description: "The signer's name from their certificate." }) actorName: string | null;
  @Field(() => String, { nullable: true, description: "The operator's IIN (analysts and admins only)." }) actorIin: string | null;
  @Field(() => AccessOrganisation, { nullable: true }) organisation: AccessOrganisation | null;
  @Field() documentType: string;
  @Field({ description: 'The IIN/BIN asked about.' }) subject: string;
  @Field(() => String, { nullable: true }) purpose: string | null;
  @Field(() => String, { nullable: true, description: 'APPLICATION or CONSENT.' }) basis: string | null;
  @Field(() => Application, { nullable: true, description: 'The application the lookup served.' }) application: Application | null;
  @Field({ description: 'RETURNED, NOT_FOUND (the source holds no such record), FAILED (the source did not answer usefully) or REFUSED.' }) outcome: string;
  @Field(() => String, { nullable: true }) errorCode: string | null;
  @Field(() => String, { nullable: true }) sourceCode: string | null;
  @Field(() => ID, { nullable: true }) documentId: string | null;
}

export const DataAccessConnection = ConnectionType('DataAccessEntry', DataAccessEntry);
export type DataAccessConnection = Connection<DataAccessEntry>;

@InputType({ description: 'Which journal entries to list; all given conditions hold.' })
export class DataAccessFilter {
  @Field(() => String, { nullable: true, description: 'The organisation that looked up.' }) organisationBin?: string;
  @Field(() => String, { nullable: true, description: 'Whose data.' }) subject?: string;
  @Field(() => String, { nullable: true }) documentType?: string;
  @Field(() => String, { nullable: true }) outcome?: string;
  @Field(() => String, { nullable: true, description: 'At or after this time (ISO-8601).' }) from?: string;
  @Field(() => String, { nullable: true, description: 'Before this time.' }) to?: string;
}
