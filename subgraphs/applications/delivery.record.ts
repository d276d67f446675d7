import { EntityManager, In } from 'typeorm';
import { lockApplication } from './application.repository';
import { DeliveryAttemptRow, ExchangeMessageRow } from './exchange-message.entity';
import { recordSignature } from '../signatures/api';
import { StageRecordRow } from '../statuses/api';
import { ErrorCode } from '../../platform/errors';
import { formatAstana } from '../../platform/time';
import { appendStage } from '../statuses/api';
import { Stage } from '../statuses/api';
import { ApplicationsDeps } from './applications.deps';

/**
 * Failed attempts the provider's system may have taken all the same: it had the bytes but its
 * answer came too late or was cut off, or the hub's process died mid-attempt. A refused
 * connection never reached it, and an error status or a rejection says it did not take it.
 */
const MAY_HAVE_REACHED = [ErrorCode.ProviderTimeout, ErrorCode.ProviderConnectionLost, ErrorCode.ProcessInterrupted];

/**
 * A request reached the provider: the actual delivery time (exchange rules p.9) and the stage
 * "sent for execution", signed by the hub, in the caller's transaction.
 *
 * The stage is dated when the request was first handed over: the start of the earliest attempt
 * that may have reached the provider, else of this one. A provider that answered after the
 * timeout has had the request since then, and may have reported later stages before the retry
 * got through; dating the stage by the retry would put it after them and fail. Should a later
 * stage still be earlier than that (clocks differ), the request was handed over no later than the
 * provider acted on it, so the stage is placed just there: a late report, placed by when it happened.
 */
export async function recordDelivery(deps: ApplicationsDeps, m: EntityManager, message: ExchangeMessageRow, applicationId: string, sentAt: Date, deliveredAt: Date, attempt = 1): Promise<void> {
  await m.upsert(DeliveryAttemptRow, { messageId: message.id, attempt, startedAt: sentAt, finishedAt: deliveredAt, outcome: 'DELIVERED', errorCode: null, httpStatus: null, detail: null }, ['messageId', 'attempt']);
  await m.update(ExchangeMessageRow, { id: message.id }, { outcome: 'DELIVERED', attempts: attempt, sentAt: message.sentAt ?? sentAt, deliveredAt, errorCode: null });
  const app = await lockApplication(m, applicationId);
  const timeline = await m.find(StageRecordRow, { where: { applicationId }, order: { occurredAt: 'ASC' } });
  if (timeline.some((r) => r.stage === Stage.SENT_FOR_EXECUTION)) return;
  const handedOver = await firstHandedOver(m, message.id, sentAt);
  const providerActed = timeline.find((r) => r.stage > Stage.SENT_FOR_EXECUTION)?.occurredAt;
  const occurredAt = providerActed && providerActed < handedOver ? providerActed : handedOver;
  const report = {
    providerBin: app.providerBin,
    applicationNumber: app.number,
    stage: Stage.SENT_FOR_EXECUTION,
    occurredAt,
    messageId: `hub:${app.id}:sent`,
    signature: '',
  };
  const signed = await deps.hubSigner.sign({ ...report, stage: 'SENT_FOR_EXECUTION', occurredAt: formatAstana(occurredAt), requestMessageId: message.messageId, deliveredAt: formatAstana(deliveredAt) }, deliveredAt);
  const signature = await recordSignature(m, signed.row);
  await appendStage(m, app, { report, signatureId: signature.id, reportedBy: 'hub:delivery', receivedAt: deliveredAt });
}

async function firstHandedOver(m: EntityManager, messageRowId: string, thisAttemptStartedAt: Date): Promise<Date> {
  const earliest = await m.findOne(DeliveryAttemptRow, {
    where: [
      { messageId: messageRowId, outcome: 'FAILED', errorCode: In(MAY_HAVE_REACHED) },
      { messageId: messageRowId, outcome: 'INTERRUPTED' },
    ],
    order: { startedAt: 'ASC' },
  });
  return earliest && earliest.startedAt < thisAttemptStartedAt ? earliest.startedAt : thisAttemptStartedAt;
}
