import { ErrorCode, hubError } from '../../platform/errors';
import { field } from '../../platform/fields';
import { isSecretTypeCode, referenceClassificationRegistry } from '../documents/api';
import { CheckedFile, checkFile } from './attachment.file';
import type { ConsentInput, PaymentInput, SubmissionInput } from './submission.input';

/*
 * The checks of an operator's submission (ЦОН exchange rules p.6-11) as plain functions: no
 * database, no GraphQL context. submission.service.ts loads the service and the looked-up
 * documents, calls these in order, and verifies the signatures.
 */

/** An attachment as checked: an uploaded file, or the id of a looked-up document (the document itself once loaded). */
export interface CheckedAttachment<D = never> { documentType: string; file?: CheckedFile; documentId?: string; document?: D }

export interface SubmittedFields {
  serviceCode: string;
  recipient: { surname: string; name: string; patronymic: string | null; iinOrBin: string };
  placeOfAcceptance: string;
  attachments: CheckedAttachment[];
}

/** The submission's own fields, each named in its refusal: what can be checked before the catalogue is read. */
export function checkSubmittedFields(input: Pick<SubmissionInput, 'serviceCode' | 'recipient' | 'placeOfAcceptance' | 'attachments'>): SubmittedFields {
  return {
    serviceCode: field.text(input.serviceCode, 'input.serviceCode', 32),
    recipient: {
      surname: field.text(input.recipient?.surname, 'input.recipient.surname', 100),
      name: field.text(input.recipient?.name, 'input.recipient.name', 100),
      patronymic: field.optionalText(input.recipient?.patronymic, 'input.recipient.patronymic', 100) ?? null,
      iinOrBin: field.iinBin(input.recipient?.iinOrBin, 'input.recipient.iinOrBin'),
    },
    placeOfAcceptance: field.text(input.placeOfAcceptance, 'input.placeOfAcceptance', 300),
    attachments: (input.attachments ?? []).map((a, i) => checkAttachment(a, `input.attachments.${i}`)),
  };
}

/** An attachment is a file or a looked-up document, never both; a state secret is never exchanged (exchange rules p.2). */
export function checkAttachment(a: SubmissionInput['attachments'][number], path: string): CheckedAttachment {
  const documentType = field.text(a.documentType, `${path}.documentType`, 64);
  // refused before anything is kept
  if (isSecretTypeCode(referenceClassificationRegistry(), documentType)) {
    throw hubError(ErrorCode.DocumentClassified, `${documentType} is a state secret: the hub never exchanges it`, `${path}.documentType`);
  }
  if (!!a.file === !!a.documentId) throw hubError(ErrorCode.AttachmentInvalid, `${path} must have either file or documentId`, path);
  if (a.file) return { documentType, file: checkFile(a.file, `${path}.file`) };
  return { documentType, documentId: a.documentId };
}

/** What the rules read of a service of the catalogue. */
export interface ServiceTerms { code: string; active: boolean; fee: string | null; requiredDocuments: string[] }

/** A service is submitted to only while it is in the catalogue and provided. */
export function checkServiceOpen<S extends ServiceTerms>(service: S | null, serviceCode: string): S {
  if (!service) throw hubError(ErrorCode.UnknownService, `No service "${serviceCode}" in the catalogue`, 'input.serviceCode');
  if (!service.active) throw hubError(ErrorCode.ServiceInactive, `Service "${serviceCode}" is not provided any more`, 'input.serviceCode');
  return service;
}

/** Every document the service requires is among the attachments. */
export function checkRequiredDocuments(service: ServiceTerms, attachments: readonly { documentType: string }[]): void {
  const given = new Set(attachments.map((a) => a.documentType));
  const missing = service.requiredDocuments.filter((d) => !given.has(d));
  if (missing.length) {
    throw hubError(ErrorCode.RequiredDocumentMissing, `Service ${service.code} requires ${missing.join(', ')} among the attachments`, 'input.attachments');
  }
}

export interface CheckedPayment { paymentId: string; amount: number; paidAt: Date }

/** A paid service needs its receipt, for exactly the fee (compared in tiyn, so that 2162.5 equals 2162.50); a free one takes none. */
export function checkPayment(service: ServiceTerms, p: PaymentInput | undefined | null, now: Date): CheckedPayment | undefined {
  if (service.fee === null) {
    if (p) throw hubError(ErrorCode.PaymentNotExpected, `Service ${service.code} is free; no payment is taken`, 'input.payment');
    return undefined;
  }
  if (!p) throw hubError(ErrorCode.PaymentRequired, `Service ${service.code} costs ${service.fee} tenge: the payment receipt is required`, 'input.payment');
  const paymentId = field.text(p.paymentId, 'input.payment.paymentId', 64);
  const paidAt = field.time(p.paidAt, 'input.payment.paidAt', now);
  if (!Number.isFinite(p.amount) || Math.round(p.amount * 100) !== Math.round(Number(service.fee) * 100)) {
    throw hubError(ErrorCode.PaymentAmountMismatch, `input.payment.amount ${p.amount} is not the fee of ${service.code}, ${Number(service.fee).toFixed(2)} tenge`, 'input.payment.amount');
  }
  return { paymentId, amount: Number(service.fee), paidAt };
}

/** A consent in its form: written with its scan, or signed (the signature itself is verified by the service). */
export type ConsentForm = { givenAt: Date; scan: CheckedFile; signature?: undefined } | { givenAt: Date; scan?: undefined; signature: string };

/** Consent to use the recipient's data (ЦОН exchange rules p.11): a scan, or signed by the recipient themself. */
export function checkConsentForm(c: ConsentInput | undefined | null, now: Date): ConsentForm {
  if (!c) throw hubError(ErrorCode.ConsentRequired, "The recipient's consent to the use of their personal data is required", 'input.consent');
  const givenAt = field.time(c.givenAt, 'input.consent.givenAt', now);
  if (c.kind === 'WRITTEN') {
    if (!c.scan) throw hubError(ErrorCode.ConsentRequired, 'A written consent must come with its scan', 'input.consent.scan');
    return { givenAt, scan: checkFile(c.scan, 'input.consent.scan') };
  }
  if (!c.signature) throw hubError(ErrorCode.ConsentRequired, "A signed consent must carry the recipient's signature", 'input.consent.signature');
  return { givenAt, signature: c.signature };
}

/** What the rules read of a looked-up document. */
export interface LookedUpDocument { documentType: string; subjectIin: string; lookedUpByBin: string | null }

/**
 * A looked-up document attached must exist, have been looked up by the operator's own
 * organisation, be of the type it is attached as, and be about this recipient.
 */
export function checkLookedUpDocument(doc: LookedUpDocument | null, attachment: { documentType: string; documentId?: string }, recipientIin: string, operatorBin: string, path: string): void {
  const id = attachment.documentId;
  if (!doc || doc.lookedUpByBin !== operatorBin) throw hubError(ErrorCode.DocumentNotFound, `No document ${id} looked up by your organisation`, path);
  if (doc.documentType !== attachment.documentType) throw hubError(ErrorCode.DocumentTypeMismatch, `Document ${id} is ${doc.documentType}, attached as ${attachment.documentType}`, path);
  if (doc.subjectIin !== recipientIin) throw hubError(ErrorCode.DocumentOfAnotherSubject, `Document ${id} is about someone other than the recipient`, path);
}
