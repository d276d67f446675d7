import { EntityManager } from 'typeorm';
import { lockApplication } from '../shared/db';
import { DeliveryAttemptRow, ExchangeMessageRow, SignatureRow, StageRecordRow } from '../shared/entities';
import { formatAstana } from '../shared/time';
import { appendStage } from '../statuses/stage.service';
import { Stage } from '../statuses/stage';
import { ApplicationsDeps } from './applications.deps';

/**
 * A request reached the provider: the actual delivery time (exchange rules p.9) and the stage
 * "sent for execution", signed by the hub, in the caller's transaction. The stage is placed at the
 * moment the request was sent, which is before anything the provider can have reported about it.
 */
export async function recordDelivery(deps: ApplicationsDeps, m: EntityManager, message: ExchangeMessageRow, applicationId: string, sentAt: Date, deliveredAt: Date, attempt = 1): Promise<void> {
  await m.upsert(DeliveryAttemptRow, { messageId: message.id, attempt, startedAt: sentAt, finishedAt: deliveredAt, outcome: 'DELIVERED', errorCode: null, httpStatus: null, detail: null }, ['messageId', 'attempt']);
  await m.update(ExchangeMessageRow, { id: message.id }, { outcome: 'DELIVERED', attempts: attempt, sentAt: message.sentAt ?? sentAt, deliveredAt, errorCode: null });
  const app = await lockApplication(m, applicationId);
  if (await m.existsBy(StageRecordRow, { applicationId, stage: Stage.SENT_FOR_EXECUTION })) return;
  const report = {
    providerBin: app.providerBin,
    applicationNumber: app.number,
    stage: Stage.SENT_FOR_EXECUTION,
    occurredAt: sentAt,
    messageId: `hub:${app.id}:sent`,
    signature: '',
  };
  const signed = await deps.hubSigner.sign({ ...report, stage: 'SENT_FOR_EXECUTION', occurredAt: formatAstana(sentAt), requestMessageId: message.messageId, deliveredAt: formatAstana(deliveredAt) }, deliveredAt);
  const signature = await m.save(SignatureRow, m.create(SignatureRow, signed.row));
  await appendStage(m, app, { report, signatureId: signature.id, reportedBy: 'hub:delivery', receivedAt: deliveredAt });
}
