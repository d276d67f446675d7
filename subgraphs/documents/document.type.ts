import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "A provider's database or system a document type is looked up in." })
export class DocumentSource {
  @Field() code: string;
  @Field() name: string;
  @Field({ description: 'BIN of the provider that holds it.' }) ownerBin: string;
}

@ObjectType({ description: "Document data fetched from another provider's database instead of a paper copy (exchange rules p.6)." })
@Directive('@key(fields: "id")')
export class Document {
  @Field(() => ID) id: string;
  @Field({ description: 'IDENTITY, INDIVIDUAL, LEGAL_ENTITY, ADDRESS, REAL_ESTATE_TITLE, ... (documentTypes lists them).' }) documentType: string;
  @Field({ description: 'IIN of the person or BIN of the organisation it is about.' }) subjectIinBin: string;
  @Field(() => DocumentSource) source: DocumentSource;
  @Field({ description: 'When the source returned the data (Astana time); for a cached copy, when it was first fetched.' }) fetchedAt: Date;
  @Field({ description: 'True when served from the per-type cache within the lifetime the source allows.' }) fromCache: boolean;
  @Field({ description: 'SHA-256 (hex) of the RFC 8785 bytes of `data` exactly as returned here, null fields included.' }) contentSha256: string;
  @Field(() => GraphQLJSONObject, { description: 'The data as the source returned it ({records: [...]} for a type with several records per subject).' }) data: Record<string, unknown>;
}

@ObjectType({ description: 'A document type the hub can look up, and where.' })
export class DocumentTypeInfo {
  @Field() code: string;
  @Field() nameRu: string;
  @Field() nameKk: string;
  @Field(() => DocumentSource) source: DocumentSource;
  @Field({ description: 'True when the data is a state secret: never returned (exchange rules p.2).' }) secret: boolean;
  @Field(() => Int, { description: 'Seconds a fetched record may be served again without asking the source (0: never).' }) cacheSeconds: number;
}
