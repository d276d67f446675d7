import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../platform/db';
import { GraphQLError } from 'graphql';
import { EntityManager } from 'typeorm';
import { regulatedPlannedDate, RegulatedPlannedDate } from '../../platform/calendar';
import { ApplicationRow } from './application.entity';
import { AttachmentRow } from './attachment.entity';
import { DocumentRow } from '../documents/api';
import { ExchangeMessageRow } from './exchange-message.entity';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { ServiceRow } from '../../platform/entities/service.entity';
import { recordSignature, SignatureRow } from '../signatures/api';
import { SubmissionRow } from './submission.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireRole } from '../../platform/identity';
import { enqueueDelivery } from '../../platform/queue';
import { astanaDate } from '../../platform/time';
import { checkMessageSignature, sha256, signatureRow, signedPart } from '../signatures/api';
import { appendStage } from '../statuses/api';
import { Stage } from '../statuses/api';
import { ApplicationsDeps } from './applications.deps';
import { CheckedFile, checkFile } from './attachment.file';
import { recordDelivery } from './delivery.record';
import { field } from '../../platform/fields';
import { hubApplicationNumber } from '../../platform/application-number';
import { isUuid } from '../../platform/ids';
import { isSecretTypeCode, referenceClassificationRegistry } from '../documents/api';
import { requestMessage } from './request-message';
import { SubmissionInput } from './submission.input';

export interface SubmissionReceipt {
  application: ApplicationRow;
  duplicate: boolean;
}

interface CheckedAttachment { documentType: string; file?: CheckedFile; documentId?: string; document?: DocumentRow }

/** What an operator signs: the submission as sent, without its signature, absent fields left out. */
export const submissionPayload = (input: SubmissionInput): Record<string, unknown> => signedPart(input);

/** What a recipient signs to consent (when they consent with their own ЭЦП). */
export function consentPayload(input: { recipientIin: string; serviceCode: string; givenAt: string }): Record<string, unknown> {
  return { kind: 'CONSENT', recipientIin: input.recipientIin, serviceCode: input.serviceCode, givenAt: input.givenAt };
}

/**
 * An operator submits an application on the recipient's behalf (ЦОН exchange rules p.6-8): the hub
 * checks it whole, then in one transaction registers it with a number, its planned date and first
 * stage, and enqueues the request to the provider's system. Nothing is written if any check fails.
 */
export async function submitApplication(deps: ApplicationsDeps, identity: Identity | undefined, input: SubmissionInput, now = new Date()): Promise<SubmissionReceipt> {
  const who = requireRole(identity, 'operator');
  if (!who.iin || !who.bin) throw hubError(ErrorCode.Forbidden, "An operator's token must carry the operator's IIN and organisation BIN");
  const messageId = field.text(input.messageId, 'input.messageId', 100);
  const earlier = await findSubmission(deps, who.bin, messageId);
  if (earlier) return { application: earlier, duplicate: true };

  const serviceCode = field.text(input.serviceCode, 'input.serviceCode', 32);
  const recipient = {
    surname: field.text(input.recipient?.surname, 'input.recipient.surname', 100),
    name: field.text(input.recipient?.name, 'input.recipient.name', 100),
    patronymic: field.optionalText(input.recipient?.patronymic, 'input.recipient.patronymic', 100) ?? null,
    iinOrBin: field.iinBin(input.recipient?.iinOrBin, 'input.recipient.iinOrBin'),
  };
  const placeOfAcceptance = field.text(input.placeOfAcceptance, 'input.placeOfAcceptance', 300);
  const attachments: CheckedAttachment[] = (input.attachments ?? []).map((a, i) => checkAttachment(a, `input.attachments.${i}`));

  const service = await deps.dataSource.manager.findOneBy(ServiceRow, { code: serviceCode });
  if (!service) throw hubError(ErrorCode.UnknownService, `No service "${serviceCode}" in the catalogue`, 'input.serviceCode');
  if (!service.active) throw hubError(ErrorCode.ServiceInactive, `Service "${serviceCode}" is not provided any more`, 'input.serviceCode');
  checkRequiredDocuments(service, attachments);
  const planned = await regulatedPlannedDate(deps.dataSource.manager, astanaDate(now), service, 'input.serviceCode');
  const payment = checkPayment(service, input, now);
  const consent = await checkConsent(deps, input, recipient.iinOrBin, serviceCode, now);
  await checkLookedUpDocuments(deps.dataSource.manager, attachments, recipient.iinOrBin, who.bin);

  // signed by the operator who submits it, in person (ЦОН exchange rules p.8)
  const submission = submissionPayload(input);
  const operatorSignature = await checkMessageSignature(deps.verifier, { signature: input.signature, payload: submission, receivedAt: now, senderBin: who.bin, senderIin: who.iin });
  const provider = await deps.dataSource.manager.findOneBy(OrganisationRow, { bin: service.agencyBin });
  if (!provider) throw new Error(`Service ${service.code} belongs to an organisation the catalogue does not hold (${service.agencyBin})`);

  try {
    const application = await deps.dataSource.transaction(async (m) => {
      const app = await registerSubmitted(m, service, recipient, placeOfAcceptance, planned, now);
      const signature = await recordSignature(m, signatureRow(input.signature, operatorSignature, now));
      const consentSignature = consent.signature ? await recordSignature(m, consent.signature) : null;
      await m.insert(SubmissionRow, {
        applicationId: app.id, messageId, submittedBy: who.subject, operatorIin: who.iin!, operatorBin: who.bin!, signatureId: signature.id,
        consentKind: input.consent!.kind, consentGivenAt: consent.givenAt, consentSignatureId: consentSignature?.id ?? null,
        paymentId: payment?.paymentId ?? null, paymentAmount: payment ? payment.amount.toFixed(2) : null, paidAt: payment?.paidAt ?? null,
      });
      await saveAttachments(m, app.id, attachments, consent.scan);
      const delivered = await sendRequest(deps, m, app, provider, submission, input.signature, attachments.flatMap((a) => (a.document ? [a.document] : [])), now);
      // the first stage: accepted from the recipient, at the moment the hub registered it (data-entry rules p.10);
      // recorded last because it takes the lock that orders stage events until the commit
      await appendStage(m, app, {
        report: { providerBin: app.providerBin, applicationNumber: app.number, stage: Stage.ACCEPTED, occurredAt: now, messageId: `hub:${app.id}:accepted`, signature: '' },
        signatureId: signature.id,
        reportedBy: who.subject,
        receivedAt: now,
      });
      // a workstation provider has the request at once
      if (delivered) await recordDelivery(deps, m, delivered, app.id, now, now);
      return app;
    });
    return { application, duplicate: false };
  } catch (error) {
    // the same submission raced in on another connection: answer as for a resend
    if (isUniqueViolation(error)) {
      const raced = await findSubmission(deps, who.bin, messageId);
      if (raced) return { application: raced, duplicate: true };
    }
    throw error;
  }
}

async function findSubmission(deps: ApplicationsDeps, operatorBin: string, messageId: string): Promise<ApplicationRow | null> {
  const found = await deps.dataSource.manager.findOneBy(SubmissionRow, { operatorBin, messageId });
  return found ? deps.dataSource.manager.findOneBy(ApplicationRow, { id: found.applicationId }) : null;
}

function checkAttachment(a: SubmissionInput['attachments'][number], path: string): CheckedAttachment {
  const documentType = field.text(a.documentType, `${path}.documentType`, 64);
  // a state secret is never exchanged, uploaded or looked up (exchange rules p.2): refused before anything is kept
  if (isSecretTypeCode(referenceClassificationRegistry(), documentType)) {
    throw hubError(ErrorCode.DocumentClassified, `${documentType} is a state secret: the hub never exchanges it`, `${path}.documentType`);
  }
  if (!!a.file === !!a.documentId) throw hubError(ErrorCode.AttachmentInvalid, `${path} must have either file or documentId`, path);
  if (a.file) return { documentType, file: checkFile(a.file, `${path}.file`) };
  return { documentType, documentId: a.documentId };
}

function checkRequiredDocuments(service: ServiceRow, attachments: CheckedAttachment[]): void {
  const given = new Set(attachments.map((a) => a.documentType));
  const missing = service.requiredDocuments.filter((d) => !given.has(d));
  if (missing.length) {
    throw hubError(ErrorCode.RequiredDocumentMissing, `Service ${service.code} requires ${missing.join(', ')} among the attachments`, 'input.attachments');
  }
}

interface CheckedPayment { paymentId: string; amount: number; paidAt: Date }

/** A paid service needs its receipt, for exactly the fee (compared in tiyn, so that 2162.5 equals 2162.50). */
function checkPayment(service: ServiceRow, input: SubmissionInput, now: Date): CheckedPayment | undefined {
  const p = input.payment;
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

interface CheckedConsent { givenAt: Date; scan?: CheckedFile; signature?: Partial<SignatureRow> }

/** Consent to use the recipient's data (ЦОН exchange rules p.11): a scan, or signed by the recipient themself. */
async function checkConsent(deps: ApplicationsDeps, input: SubmissionInput, recipientIin: string, serviceCode: string, now: Date): Promise<CheckedConsent> {
  const c = input.consent;
  if (!c) throw hubError(ErrorCode.ConsentRequired, "The recipient's consent to the use of their personal data is required", 'input.consent');
  const givenAt = field.time(c.givenAt, 'input.consent.givenAt', now);
  if (c.kind === 'WRITTEN') {
    if (!c.scan) throw hubError(ErrorCode.ConsentRequired, 'A written consent must come with its scan', 'input.consent.scan');
    return { givenAt, scan: checkFile(c.scan, 'input.consent.scan') };
  }
  if (!c.signature) throw hubError(ErrorCode.ConsentRequired, "A signed consent must carry the recipient's signature", 'input.consent.signature');
  try {
    const checked = await checkMessageSignature(deps.verifier, {
      signature: c.signature,
      payload: consentPayload({ recipientIin, serviceCode, givenAt: c.givenAt }),
      receivedAt: now,
      senderIin: recipientIin,
      signerRole: 'the recipient',
    });
    return { givenAt, signature: signatureRow(c.signature, checked, now) };
  } catch (error) {
    // name the consent's signature, not the submission's
    if (error instanceof GraphQLError) throw hubError(error.extensions.code as ErrorCode, `Consent: ${error.message}`, 'input.consent.signature');
    throw error;
  }
}

/**
 * A looked-up document must exist, be of the type it is attached as, be about this recipient, and
 * have been looked up by the operator's own organisation; it is kept on the attachment for saving.
 */
async function checkLookedUpDocuments(m: EntityManager, attachments: CheckedAttachment[], recipientIin: string, operatorBin: string): Promise<void> {
  for (const [i, a] of attachments.entries()) {
    if (!a.documentId) continue;
    const path = `input.attachments.${i}.documentId`;
    const doc = isUuid(a.documentId) ? await m.findOneBy(DocumentRow, { id: a.documentId }) : null;
    if (!doc || doc.lookedUpByBin !== operatorBin) throw hubError(ErrorCode.DocumentNotFound, `No document ${a.documentId} looked up by your organisation`, path);
    if (doc.documentType !== a.documentType) throw hubError(ErrorCode.DocumentTypeMismatch, `Document ${a.documentId} is ${doc.documentType}, attached as ${a.documentType}`, path);
    if (doc.subjectIin !== recipientIin) throw hubError(ErrorCode.DocumentOfAnotherSubject, `Document ${a.documentId} is about someone other than the recipient`, path);
    a.document = doc;
  }
}

async function registerSubmitted(m: EntityManager, service: ServiceRow, recipient: { surname: string; name: string; patronymic: string | null; iinOrBin: string }, placeOfAcceptance: string, planned: RegulatedPlannedDate, now: Date): Promise<ApplicationRow> {
  const acceptedOn = astanaDate(now);
  const [{ n }] = await m.query(`SELECT nextval('application_number_seq') AS n`);
  const app = m.create(ApplicationRow, {
    providerBin: service.agencyBin,
    // human-readable: the year it was accepted and a running number
    number: hubApplicationNumber(acceptedOn.slice(0, 4), n),
    recipientSurname: recipient.surname,
    recipientName: recipient.name,
    recipientPatronymic: recipient.patronymic,
    recipientIin: recipient.iinOrBin,
    serviceCode: service.code,
    placeOfAcceptance,
    acceptedAt: now,
    registeredAt: now,
    executor: null,
    plannedDate: planned.plannedDate,
    plannedDateProvisional: planned.provisional,
    declaredPlannedDate: null,
    executionDate: null,
    currentStage: Stage.ACCEPTED,
    outcome: null,
    refusalReason: null,
    closedAt: null,
    completedOn: null,
    channel: 'HUB',
  });
  return m.save(ApplicationRow, app);
}

async function saveAttachments(m: EntityManager, applicationId: string, attachments: CheckedAttachment[], consentScan: CheckedFile | undefined): Promise<void> {
  const rows: Partial<AttachmentRow>[] = [];
  for (const a of attachments) {
    if (a.file) {
      rows.push({ applicationId, purpose: 'DOCUMENT', documentType: a.documentType, source: 'UPLOAD', documentId: null, fileName: a.file.fileName, mediaType: a.file.mediaType, sizeBytes: a.file.sizeBytes, sha256: a.file.sha256, content: a.file.content });
    } else {
      rows.push({ applicationId, purpose: 'DOCUMENT', documentType: a.documentType, source: 'LOOKUP', documentId: a.document!.id, fileName: null, mediaType: null, sizeBytes: 0, sha256: a.document!.contentSha256, content: null });
    }
  }
  if (consentScan) {
    rows.push({ applicationId, purpose: 'CONSENT', documentType: null, source: 'UPLOAD', documentId: null, fileName: consentScan.fileName, mediaType: consentScan.mediaType, sizeBytes: consentScan.sizeBytes, sha256: consentScan.sha256, content: consentScan.content });
  }
  if (rows.length) await m.insert(AttachmentRow, rows);
}

/**
 * Journals the request and, for a provider with a system of its own, enqueues it in the same
 * transaction; for one without (it works in the hub's workstation, АРМ), returns it to be recorded
 * as delivered at once.
 */
async function sendRequest(deps: ApplicationsDeps, m: EntityManager, app: ApplicationRow, provider: OrganisationRow, submission: Record<string, unknown>, operatorSignature: string, documents: DocumentRow[], now: Date): Promise<ExchangeMessageRow | undefined> {
  const messageId = randomUUID();
  const unsigned = requestMessage(messageId, app, submission, operatorSignature, documents);
  const body = { ...unsigned, signature: deps.hubSigner.signBytesOf(unsigned) };
  const bytes = Buffer.from(JSON.stringify(body));
  const message = await m.save(ExchangeMessageRow, m.create(ExchangeMessageRow, {
    messageId, correlationId: app.id, direction: 'OUT', counterpartBin: provider.bin, kind: 'REQUEST', applicationId: app.id,
    attempts: 0, createdAt: now, sentAt: null, deliveredAt: null, answeredAt: null, outcome: 'PENDING', errorCode: null,
    sizeBytes: bytes.length, sha256: sha256(bytes), body,
  }));
  if (provider.hasOwnSystem) {
    await enqueueDelivery(deps.boss, m, { messageRowId: message.id }, deps.delivery);
    return undefined;
  }
  // the provider works in the hub's workstation: the request is in its inbox the moment it is accepted
  return message;
}
