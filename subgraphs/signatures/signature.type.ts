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
  @Field(() => String, { nullable: true, description: 'e.g. GOST34.10-2015-512 (NCA RK profile), GOST-R34.10-2012-512 (RFC profile), RSA-SHA256, ECDSA-SHA256.' }) algorithm: string | null;
  @Field(() => [String], { description: "certificatePolicies OIDs of the signer's certificate: NCA RK 1.2.398.3.3.4.1.1 individual, 1.2.398.3.3.4.1.2 legal entity (.1 chief executive, .2 signing authority, .5 employee)." }) certificatePolicies: string[];
  @Field(() => Date, { nullable: true, description: 'The time of a verified signature time-stamp (CAdES-T), else the CMS signing time, else the receipt time.' }) signedAt: Date | null;
  @Field(() => Date, { nullable: true, description: "genTime of the signature's time-stamp token from a trusted TSA (CAdES-T); null when it had none." }) timestampedAt: Date | null;
  @Field(() => Date, { nullable: true }) verifiedAt: Date | null;
}
