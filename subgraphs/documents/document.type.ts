import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: "Document data fetched from a provider's database instead of a paper copy (the document-lookup issue fills this)." })
@Directive('@key(fields: "id")')
export class Document {
  @Field(() => ID) id: string;
  @Field() documentType: string;
  @Field() subjectIin: string;
  @Field({ description: 'BIN of the organisation whose database the data came from.' }) sourceBin: string;
  @Field() fetchedAt: Date;
  @Field({ description: 'SHA-256 of the data as returned.' }) contentSha256: string;
}
