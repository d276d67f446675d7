import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A digital signature (ЭЦП) received with a message. Verification against NCA RK roots arrives with the signatures issue; until then every verdict is NOT_VERIFIED.' })
@Directive('@key(fields: "id")')
export class Signature {
  @Field(() => ID) id: string;
  @Field({ description: 'cms: a base64 CMS (PKCS#7) as NCALayer produces.' }) format: string;
  @Field({ description: 'SHA-256 of the payload the signature was received with.' }) payloadSha256: string;
  @Field() receivedAt: Date;
  @Field() verdict: string;
}
