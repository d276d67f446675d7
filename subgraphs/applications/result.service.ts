import { isUniqueViolation } from '../../platform/db';
import { lockApplication } from './application.repository';
import { ApplicationResultRow } from './application-result.entity';
import { ApplicationRow } from './application.entity';
import { ExchangeMessageRow } from './exchange-message.entity';
import { recordSignature } from '../signatures/api';
import { StageRecordRow } from '../statuses/api';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireRole } from '../../platform/identity';
import { isUuid } from '../../platform/ids';
import { checkMessageSignature, sha256, signatureRow, signedPart } from '../signatures/api';
import { appendStage } from '../statuses/api';
import { Outcome, Stage } from '../statuses/api';
import { StageReport } from '../statuses/api';
import { ApplicationsDeps } from './applications.deps';
import { CheckedFile, checkFile } from './attachment.file';
import { field } from '../../platform/fields';
import { IssuanceInput, ResultInput } from './result.input';

export interface ResultReceipt {
  application: ApplicationRow;
  duplicate: boolean;
}

/** What the provider signs: the response without its signature, absent fields left out. */
export const resultPayload = (input: ResultInput): Record<string, unknown> => signedPart(input);

/**
 * A provider's system answers a request with its result (exchange rules p.6-7). The hub keeps it,
 * and moves the application on: an issued result is executed and awaits issuance to the
 * recipient; a refusal closes it. Resending the same response returns the first receipt; another
 * response for an application already answered is refused.
 */
export async function receiveResult(deps: ApplicationsDeps, identity: Identity | undefined, input: ResultInput, now = new Date()): Promise<ResultReceipt> {
  const who = requireRole(identity, 'provider');
  const messageId = field.text(input.messageId, 'input.messageId', 100);
  const providerBin = field.iinBin(input.providerBin, 'input.providerBin');
  if (who.bin !== providerBin) throw hubError(ErrorCode.Forbidden, `You answer for organisation ${who.bin ?? '(none)'}, not ${providerBin}`, 'input.providerBin');
  const number = field.text(input.applicationNumber, 'input.applicationNumber', 64);
  const app = await deps.dataSource.manager.findOneBy(ApplicationRow, { number, channel: 'HUB' });
  if (!app) throw hubError(ErrorCode.NotFound, `No application ${number} was submitted through the hub`, 'input.applicationNumber');
  if (app.providerBin !== providerBin) throw hubError(ErrorCode.Forbidden, `Application ${number} was sent to another provider`, 'input.applicationNumber');
  const existing = await deps.dataSource.manager.findOneBy(ApplicationResultRow, { applicationId: app.id });
  if (existing) return duplicateOf(deps, existing, messageId);

  const decidedAt = field.time(input.decidedAt, 'input.decidedAt', now);
  const executor = field.optionalText(input.executor, 'input.executor', 200);
  let document: CheckedFile | undefined;
  let refusalReason: string | undefined;
  if (input.outcome === Outcome.ISSUED) {
    if (!input.document) throw hubError(ErrorCode.FieldRequired, 'An issued result must carry the document (input.document)', 'input.document');
    document = checkFile(input.document, 'input.document');
  } else {
    refusalReason = field.text(input.refusalReason, 'input.refusalReason', 1000);
  }
  const payload = resultPayload(input);
  const checked = await checkMessageSignature(deps.verifier, { signature: input.signature, payload, receivedAt: now, senderBin: providerBin });

  try {
    await deps.dataSource.transaction(async (m) => {
      const locked = await lockApplication(m, app.id);
      const signature = await recordSignature(m, signatureRow(input.signature, checked, now));
      await m.insert(ApplicationResultRow, {
        applicationId: app.id, messageId, outcome: input.outcome, refusalReason: refusalReason ?? null, decidedAt, receivedAt: now,
        documentName: document?.fileName ?? null, mediaType: document?.mediaType ?? null, sizeBytes: document?.sizeBytes ?? null,
        sha256: document?.sha256 ?? null, content: document?.content ?? null, signatureId: signature.id,
      });
      const bytes = Buffer.from(JSON.stringify(payload));
      await m.insert(ExchangeMessageRow, {
        messageId, correlationId: app.id, direction: 'IN', counterpartBin: providerBin, kind: 'RESPONSE', applicationId: app.id, attempts: 1,
        createdAt: now, sentAt: null, deliveredAt: now, answeredAt: null, outcome: 'ACCEPTED', errorCode: null, sizeBytes: bytes.length, sha256: sha256(bytes),
      });
      await m.update(ExchangeMessageRow, { applicationId: app.id, direction: 'OUT', kind: 'REQUEST' }, { answeredAt: now });
      const base = { providerBin, applicationNumber: number, messageId, signature: '' };
      const entry = (report: StageReport) => appendStage(m, locked, { report, signatureId: signature.id, reportedBy: who.subject, receivedAt: now });
      if (input.outcome === Outcome.REFUSED) {
        await entry({ ...base, messageId: `${messageId}:closed`, stage: Stage.CLOSED, occurredAt: decidedAt, outcome: Outcome.REFUSED, refusalReason });
        return;
      }
      if (!(await m.existsBy(StageRecordRow, { applicationId: app.id, stage: Stage.EXECUTED }))) {
        await entry({ ...base, messageId: `${messageId}:executed`, stage: Stage.EXECUTED, occurredAt: decidedAt, executionDate: decidedAt, executor });
      }
      await entry({ ...base, messageId: `${messageId}:awaiting`, stage: Stage.AWAITING_ISSUANCE, occurredAt: now });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const raced = await deps.dataSource.manager.findOneBy(ApplicationResultRow, { applicationId: app.id });
      if (raced) return duplicateOf(deps, raced, messageId);
    }
    throw error;
  }
  return { application: (await deps.dataSource.manager.findOneBy(ApplicationRow, { id: app.id }))!, duplicate: false };
}

async function duplicateOf(deps: ApplicationsDeps, existing: ApplicationResultRow, messageId: string): Promise<ResultReceipt> {
  if (existing.messageId !== messageId) {
    throw hubError(ErrorCode.DuplicateResponse, `The application already has a result (response ${existing.messageId})`, 'input.messageId');
  }
  return { application: (await deps.dataSource.manager.findOneBy(ApplicationRow, { id: existing.applicationId }))!, duplicate: true };
}

/** The operator hands the issued result to the recipient (the stage "closed", issued), signing the act. */
export async function issueResult(deps: ApplicationsDeps, identity: Identity | undefined, input: IssuanceInput, now = new Date()): Promise<ApplicationRow> {
  const who = requireRole(identity, 'operator');
  const messageId = field.text(input.messageId, 'input.messageId', 100);
  const app = isUuid(input.applicationId) ? await deps.dataSource.manager.findOneBy(ApplicationRow, { id: input.applicationId }) : null;
  if (!app) throw hubError(ErrorCode.NotFound, `No application ${input.applicationId}`, 'input.applicationId');
  const result = await deps.dataSource.manager.findOneBy(ApplicationResultRow, { applicationId: app.id });
  if (!result || result.outcome !== Outcome.ISSUED) throw hubError(ErrorCode.ResultNotIssued, 'The provider has not issued a result for this application', 'input.applicationId');
  if (app.currentStage === Stage.CLOSED) return app;
  const checked = await checkMessageSignature(deps.verifier, {
    signature: input.signature, payload: { applicationId: input.applicationId, messageId }, receivedAt: now, senderBin: who.bin, senderIin: who.iin,
  });
  return deps.dataSource.transaction(async (m) => {
    const locked = await lockApplication(m, app.id);
    if (locked.currentStage === Stage.CLOSED) return locked;
    const signature = await recordSignature(m, signatureRow(input.signature, checked, now));
    await appendStage(m, locked, {
      report: { providerBin: app.providerBin, applicationNumber: app.number, messageId: `hub:${app.id}:issued`, stage: Stage.CLOSED, occurredAt: now, outcome: Outcome.ISSUED, signature: '' },
      signatureId: signature.id,
      reportedBy: who.subject,
      receivedAt: now,
    });
    return locked;
  });
}
