import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A digital signature (ЭЦП) received with a message, verified against NCA RK trust roots: who signed, with which certificate.' })
@Directive('@key(fields: "id")')
export class Signature {
  @Field(() => ID) id: string;
  @Field({ description: 'cms: a base64 CMS (PKCS#7) as NCALayer produces.' }) format: string;
  @Field({ description: 'SHA-256 of the exact bytes that were signed (RFC 8785 canonical JSON of the payload).' }) payloadSha256: string;
  @Field() receivedAt: Date;
  @Field({ description: 'VALID when verified; NOT_VERIFIED for messages received before verification existed.' }) verdict: string;
  @Field(() => String, { nullable: true, description: "CN of the signer's certificate." }) signerName: string | null;
  @Field(() => String, { nullable: true, description: "The signer's IIN (certificate subject serialNumber)." }) signerIin: string | null;
  @Field(() => String, { nullable: true, description: "The signer's organisation BIN (certificate subject OU)." }) signerBin: string | null;
  @Field(() => String, { nullable: true }) organisation: string | null;
  @Field(() => String, { nullable: true }) certificateSerial: string | null;
  @Field(() => String, { nullable: true }) certificateIssuer: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. RSA-SHA256, ECDSA-SHA256.' }) algorithm: string | null;
  @Field(() => Date, { nullable: true, description: 'CMS signing time, else the receipt time.' }) signedAt: Date | null;
  @Field(() => Date, { nullable: true }) verifiedAt: Date | null;
}
