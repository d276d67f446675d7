import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description: 'The subject\'s consent to the lookup, signed with their own ЭЦП (ЦОН exchange rules p.8): a base64 CMS over the RFC 8785 bytes of {"givenAt","kind":"DATA_CONSENT","purpose","requesterBin","subjectIinBin"}. For an organisation, its authorised person signs. It serves the organisation and the purpose it names, for LOOKUP_CONSENT_MAX_AGE_DAYS (30 by default) after givenAt (CONSENT_EXPIRED).',
})
export class LookupConsentInput {
  @Field({ description: 'When the consent was given (ISO-8601).' }) givenAt: string;
  @Field() signature: string;
}

@InputType({ description: 'One document to look up: its type, whom it is about, and what entitles the lookup (an application of that recipient, or their consent).' })
export class LookupItemInput {
  @Field() documentType: string;
  @Field({ description: 'IIN of the person or BIN of the organisation.' }) subjectIinBin: string;
  @Field(() => ID, { nullable: true, description: 'The application the document serves: submitted by or sent to your organisation, still open, its recipient the subject, its service requiring this type.' }) applicationId?: string;
  @Field(() => LookupConsentInput, { nullable: true }) consent?: LookupConsentInput;
}

/**
 * A signed lookup request (ЦОН exchange rules p.11.3): `signature` is the operator's (or the partner
 * system's) base64 CMS over the RFC 8785 bytes of this input without `signature`, absent fields left out.
 */
@InputType()
export class DocumentLookupInput {
  @Field({ description: 'When the request was made (ISO-8601).' }) requestedAt: string;
  @Field({ description: 'Why the data is needed (at most 500 characters): shown to the citizen and checkable by the data owner (ЦОН exchange rules p.10).' }) purpose: string;
  @Field(() => [LookupItemInput]) items: LookupItemInput[];
  @Field() signature: string;
}

@InputType({ description: 'A signed request to prefill an application: the recipient, the service, and the entitlement as for a lookup.' })
export class PrefillInput {
  @Field() requestedAt: string;
  @Field() serviceCode: string;
  @Field() recipientIinBin: string;
  @Field() purpose: string;
  @Field(() => ID, { nullable: true }) applicationId?: string;
  @Field(() => LookupConsentInput, { nullable: true }) consent?: LookupConsentInput;
  @Field() signature: string;
}

/** A signed request for one document: as DocumentLookupInput with one item, its fields inline. */
@InputType()
export class SingleLookupInput {
  @Field() requestedAt: string;
  @Field() purpose: string;
  @Field() documentType: string;
  @Field() subjectIinBin: string;
  @Field(() => ID, { nullable: true }) applicationId?: string;
  @Field(() => LookupConsentInput, { nullable: true }) consent?: LookupConsentInput;
  @Field() signature: string;
}
