import { Field, Float, ID, InputType, registerEnumType } from 'type-graphql';

export enum ConsentKind {
  WRITTEN = 'WRITTEN',
  SIGNED = 'SIGNED',
}
registerEnumType(ConsentKind, {
  name: 'ConsentKind',
  description: "How the recipient consented to the use of their data: a scanned written consent, or one signed with the recipient's own ЭЦП.",
});

@InputType({ description: 'The recipient (услугополучатель).' })
export class ApplicantInput {
  @Field() surname: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) patronymic?: string;
  @Field({ description: 'IIN of a person or BIN of an organisation.' }) iinOrBin: string;
}

@InputType({ description: 'An uploaded file: its content (base64) and the SHA-256 the sender computed over the raw bytes (hex).' })
export class FileInput {
  @Field() fileName: string;
  @Field() mediaType: string;
  @Field() contentBase64: string;
  @Field() sha256: string;
}

@InputType({ description: 'An electronic copy of a document: an uploaded file, or a document the hub fetched by a lookup (its id).' })
export class AttachmentInput {
  @Field({ description: "The document type, as the service's requiredDocuments name it (IDENTITY, ADDRESS, ...)." }) documentType: string;
  @Field(() => FileInput, { nullable: true }) file?: FileInput;
  @Field(() => ID, { nullable: true, description: 'A document from a lookup (documents subgraph).' }) documentId?: string;
}

@InputType({ description: "The recipient's consent to the collection and processing of their personal data." })
export class ConsentInput {
  @Field(() => ConsentKind) kind: ConsentKind;
  @Field({ description: 'When the consent was given (ISO-8601).' }) givenAt: string;
  @Field(() => FileInput, { nullable: true, description: 'WRITTEN: the scan of the signed paper.' }) scan?: FileInput;
  @Field(() => String, {
    nullable: true,
    description: 'SIGNED: the recipient\'s base64 CMS over the RFC 8785 bytes of {"givenAt","kind":"CONSENT","recipientIin","serviceCode"}.',
  })
  signature?: string;
}

@InputType({ description: 'The payment receipt of a paid service.' })
export class PaymentInput {
  @Field() paymentId: string;
  @Field(() => Float, { description: 'In tenge; must equal the service fee.' }) amount: number;
  @Field({ description: 'When it was paid (ISO-8601).' }) paidAt: string;
}

/**
 * An application an operator submits on the recipient's behalf (ЦОН exchange rules p.6-8). The
 * operator signs it: `signature` is a base64 CMS over the RFC 8785 bytes of this input without
 * `signature` (absent fields left out), by the operator's own certificate.
 */
@InputType()
export class SubmissionInput {
  @Field({ description: "The operator system's id of this submission: sending it again returns the first result." }) messageId: string;
  @Field() serviceCode: string;
  @Field(() => ApplicantInput) recipient: ApplicantInput;
  @Field() placeOfAcceptance: string;
  @Field(() => [AttachmentInput], { defaultValue: [] }) attachments: AttachmentInput[];
  @Field(() => ConsentInput, { nullable: true }) consent?: ConsentInput;
  @Field(() => PaymentInput, { nullable: true }) payment?: PaymentInput;
  @Field() signature: string;
}
