import { EntityManager, In } from 'typeorm';
import { lockApplications } from './application.repository';
import { ApplicationRow } from './application.entity';
import { ExchangeMessageRow } from './exchange-message.entity';
import { recordSignatures } from '../signatures/api';
import { StageRecordRow } from '../statuses/api';
import { ErrorCode } from '../../platform/errors';
import { formatAstana } from '../../platform/time';
import { appendStage } from '../statuses/api';
import { Stage, StageReport } from '../statuses/api';
import { ApplicationsDeps } from './applications.deps';

/**
 * Failed attempts the provider's system may have taken all the same: it had the bytes but its
 * answer came too late or was cut off, or the hub's process died mid-attempt. A refused
 * connection never reached it, and an error status or a rejection says it did not take it.
 */
const MAY_HAVE_REACHED = [ErrorCode.ProviderTimeout, ErrorCode.ProviderConnectionLost, ErrorCode.ProcessInterrupted];

/** A request that reached the provider: when its attempt started and when the provider took it. */
export interface DeliveredRequest {
  message: ExchangeMessageRow;
  applicationId: string;
  sentAt: Date;
  /** the actual delivery time (exchange rules p.9): when this request's own POST was answered */
  deliveredAt: Date;
  attempt: number;
}

/** One request reached the provider (recordDeliveries of one). */
export async function recordDelivery(deps: ApplicationsDeps, m: EntityManager, message: ExchangeMessageRow, applicationId: string, sentAt: Date, deliveredAt: Date, attempt = 1): Promise<void> {
  await recordDeliveries(deps, m, [{ message, applicationId, sentAt, deliveredAt, attempt }]);
}

/**
 * Requests reached their providers: for each the actual delivery time (exchange rules p.9) and the
 * stage "sent for execution", signed by the hub, in the caller's transaction. A batch's journal
 * rows are written and read in one statement each, its applications locked in one (by id, so two
 * workers' batches cannot deadlock), and its stages signed with one verification (HubSigner.signMany).
 *
 * The stage is dated when the request was first handed over: the start of the earliest attempt
 * that may have reached the provider, else of this one. A provider that answered after the
 * timeout has had the request since then, and may have reported later stages before the retry
 * got through; dating the stage by the retry would put it after them and fail. Should a later
 * stage still be earlier than that (clocks differ), the request was handed over no later than the
 * provider acted on it, so the stage is placed just there: a late report, placed by when it happened.
 */
export async function recordDeliveries(deps: ApplicationsDeps, m: EntityManager, delivered: DeliveredRequest[]): Promise<void> {
  if (!delivered.length) return;
  const columns = {
    ids: delivered.map((d) => d.message.id),
    attempts: delivered.map((d) => d.attempt),
    sentAt: delivered.map((d) => d.sentAt.toISOString()),
    deliveredAt: delivered.map((d) => d.deliveredAt.toISOString()),
  };
  const values = [columns.ids, columns.attempts, columns.sentAt, columns.deliveredAt];
  const rows = 'unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS v(id, attempt, sent_at, delivered_at)';
  await m.query(`
    INSERT INTO delivery_attempt (message_id, attempt, started_at, finished_at, outcome)
    SELECT v.id, v.attempt, v.sent_at, v.delivered_at, 'DELIVERED' FROM ${rows}
    ON CONFLICT (message_id, attempt) DO UPDATE SET started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
      outcome = 'DELIVERED', error_code = NULL, http_status = NULL, detail = NULL`, values);
  await m.query(`
    UPDATE exchange_message m SET outcome = 'DELIVERED', attempts = v.attempt, sent_at = COALESCE(m.sent_at, v.sent_at), delivered_at = v.delivered_at, error_code = NULL
    FROM ${rows} WHERE m.id = v.id`, values);

  const applicationIds = [...new Set(delivered.map((d) => d.applicationId))];
  const apps = new Map((await lockApplications(m, applicationIds)).map((a) => [a.id, a]));
  const timelines = await m.find(StageRecordRow, { where: { applicationId: In(applicationIds) }, order: { occurredAt: 'ASC' } });
  const handedOver = await firstHandedOver(m, columns.ids);
  const stages: { app: ApplicationRow; report: StageReport; payload: Record<string, unknown>; deliveredAt: Date }[] = [];
  for (const d of delivered) {
    const app = apps.get(d.applicationId)!;
    const timeline = timelines.filter((r) => r.applicationId === app.id);
    // one "sent for execution" per application, however many of its requests or batches get through
    if (timeline.some((r) => r.stage === Stage.SENT_FOR_EXECUTION) || stages.some((s) => s.app.id === app.id)) continue;
    const earliest = handedOver.get(d.message.id);
    const firstHanded = earliest && earliest < d.sentAt ? earliest : d.sentAt;
    const providerActed = timeline.find((r) => r.stage > Stage.SENT_FOR_EXECUTION)?.occurredAt;
    const occurredAt = providerActed && providerActed < firstHanded ? providerActed : firstHanded;
    const report: StageReport = {
      providerBin: app.providerBin,
      applicationNumber: app.number,
      stage: Stage.SENT_FOR_EXECUTION,
      occurredAt,
      messageId: `hub:${app.id}:sent`,
      signature: '',
    };
    const payload = { ...report, stage: 'SENT_FOR_EXECUTION', occurredAt: formatAstana(occurredAt), requestMessageId: d.message.messageId, deliveredAt: formatAstana(d.deliveredAt) };
    stages.push({ app, report, payload, deliveredAt: d.deliveredAt });
  }
  if (!stages.length) return;
  const signed = await deps.hubSigner.signMany(stages.map((s) => s.payload), new Date(Math.max(...stages.map((s) => s.deliveredAt.getTime()))));
  const signatureIds = await recordSignatures(m, signed.map((s) => s.row));
  for (const [i, s] of stages.entries()) {
    await appendStage(m, s.app, { report: s.report, signatureId: signatureIds[i], reportedBy: 'hub:delivery', receivedAt: s.deliveredAt });
  }
}

/** The start of the earliest attempt of each message that may have reached its provider. */
async function firstHandedOver(m: EntityManager, messageRowIds: string[]): Promise<Map<string, Date>> {
  const rows: { message_id: string; started_at: Date }[] = await m.query(`
    SELECT message_id, min(started_at) AS started_at FROM delivery_attempt
    WHERE message_id = ANY($1::uuid[]) AND ((outcome = 'FAILED' AND error_code = ANY($2::varchar[])) OR outcome = 'INTERRUPTED')
    GROUP BY message_id`, [messageRowIds, MAY_HAVE_REACHED]);
  return new Map(rows.map((r) => [r.message_id, new Date(r.started_at)]));
}
