import { GraphQLError } from 'graphql';
import { isUniqueViolation } from '../../platform/db';
import { DataSource, EntityManager } from 'typeorm';
import { scopeFilter } from '../../platform/access';
import { regulatedPlannedDate } from '../../platform/calendar';
import { ApplicationRow, journalMessage, registerApplicationIfAbsent, saveApplication } from '../applications/api';
import { MessageRefusalRow } from './message-refusal.entity';
import { ServiceRow } from '../../platform/entities/service.entity';
import { recordSignature, SignatureRow } from '../signatures/api';
import { StageRecordRow } from './stage-record.entity';
import { checkMessageSignature, plainPayload, sha256, signatureRow } from '../signatures/api';
import { SignatureVerifier } from '../../lib/ecp/verifier';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity, requireRole } from '../../platform/identity';
import { astanaDate, daysBetween, parseAstana } from '../../platform/time';
import { STAGE_EVENTS_CHANNEL, STAGE_ORDER_LOCK } from './stage-events';
import { Outcome, Stage } from './stage';
import { MAX_PAGE, StageReportFilter, StageReportInput } from './stage-report.input';
import { checkDeclaredPlannedDate, checkRegistration, StageReport, validateStageReport } from './stage-report.validation';

export interface StageReceipt {
  record: StageRecordRow;
  duplicate: boolean;
}

/**
 * Records a provider's stage report (rules of data entry p.6-11). The report is durable (committed)
 * before this returns; the event is published by the same commit.
 */
export async function recordStage(dataSource: DataSource, verifier: SignatureVerifier, identity: Identity | undefined, input: StageReportInput, now = new Date()): Promise<StageReceipt> {
  const who = requireRole(identity, 'provider');
  try {
    return await recordSignedStage(dataSource, verifier, who, input, now);
  } catch (error) {
    // a refused report leaves nothing but this entry in the journal
    if (error instanceof GraphQLError) {
      // the refusal is answered even if the journal cannot be written (the database may be away)
      await journalRefusal(dataSource, who, input, error, now).catch(() => undefined);
    }
    throw error;
  }
}

async function recordSignedStage(dataSource: DataSource, verifier: SignatureVerifier, who: Identity, input: StageReportInput, now: Date): Promise<StageReceipt> {
  const report = validateStageReport(input, now);
  if (who.bin !== report.providerBin) {
    throw hubError(ErrorCode.Forbidden, `You report for organisation ${who.bin ?? '(none)'}, not ${report.providerBin}`, 'input.providerBin');
  }
  // signed by the provider's authorised person (rules of data entry p.8)
  const signature = await checkMessageSignature(verifier, { signature: input.signature, payload: stageReportPayload(input), receivedAt: now, senderBin: report.providerBin });
  const earlier = await findByMessageId(dataSource.manager, report);
  if (earlier) return { record: earlier, duplicate: true };
  try {
    return await dataSource.transaction((m) => recordInTransaction(m, who, report, signatureRow(input.signature, signature, now), now));
  } catch (error) {
    // the last net: a copy that raced in without meeting this one at the request's lock
    if (isUniqueViolation(error)) {
      const raced = await findByMessageId(dataSource.manager, report);
      if (raced) return { record: raced, duplicate: true };
    }
    throw error;
  }
}

/**
 * What a provider signs for a stage report: the report as sent, without its signature, with the
 * stage by its name; absent fields are left out (see the README for an example).
 */
export function stageReportPayload(input: StageReportInput): Record<string, unknown> {
  const { signature: _signature, ...rest } = input;
  return { ...rest, stage: Stage[input.stage] ?? input.stage };
}

async function journalRefusal(dataSource: DataSource, who: Identity, input: StageReportInput, error: GraphQLError, now: Date): Promise<void> {
  const text = (v: unknown, max: number) => (typeof v === 'string' && v ? v.slice(0, max) : null);
  await dataSource.manager.insert(MessageRefusalRow, {
    kind: 'STAGE_REPORT',
    receivedAt: now,
    senderBin: typeof input.providerBin === 'string' && /^\d{12}$/.test(input.providerBin) ? input.providerBin : null,
    messageId: text(input.messageId, 100),
    reportedBy: who.subject.slice(0, 200),
    code: String(error.extensions.code ?? 'UNKNOWN').slice(0, 40),
    field: text(error.extensions.field, 100),
    reason: error.message,
    payloadSha256: sha256(JSON.stringify(plainPayload(input))),
  });
}

function findByMessageId(m: EntityManager, report: StageReport): Promise<StageRecordRow | null> {
  return m.findOneBy(StageRecordRow, { providerBin: report.providerBin, messageId: report.messageId });
}

async function recordInTransaction(m: EntityManager, who: Identity, report: StageReport, signatureValues: Partial<SignatureRow>, now: Date): Promise<StageReceipt> {
  const app = (await lockApplication(m, report)) ?? (await registerApplication(m, report, now));
  // A copy of this report sent at the same time (a provider retrying on a timeout) passed the
  // lookup before the transaction too; whichever took the request's lock first has recorded it
  // by now, so the others, checked here under the lock, answer as for a resend rather than
  // failing the stage-order checks against their own original.
  const raced = await findByMessageId(m, report);
  if (raced) return { record: raced, duplicate: true };
  checkImmutableFields(app, report);
  const signature = await recordSignature(m, signatureValues);
  const record = await appendStage(m, app, { report, signatureId: signature.id, reportedBy: who.subject, receivedAt: now });
  // the fact of receiving it, in the message journal beside requests and responses (exchange rules p.9)
  const bytes = Buffer.from(JSON.stringify(record.report));
  await journalMessage(m, {
    messageId: report.messageId, correlationId: app.id, direction: 'IN', counterpartBin: report.providerBin, kind: 'STAGE_REPORT', applicationId: app.id,
    attempts: 1, createdAt: now, sentAt: null, deliveredAt: now, answeredAt: null, outcome: 'ACCEPTED', errorCode: null, sizeBytes: bytes.length, sha256: sha256(bytes),
  });
  return { record, duplicate: false };
}

export interface StageEntry {
  report: StageReport;
  /** the signature that certifies this stage: the provider's, the operator's, or the hub's own */
  signatureId: string;
  reportedBy: string;
  receivedAt: Date;
}

/**
 * Places a stage on a request's timeline (the request row locked by the caller's transaction):
 * checks its order, updates the request, records it and publishes it with the commit. Used for
 * providers' reports and for the stages the hub records itself (submission, delivery, result).
 */
export async function appendStage(m: EntityManager, app: ApplicationRow, entry: StageEntry): Promise<StageRecordRow> {
  const { report } = entry;
  const timeline = await m.find(StageRecordRow, { where: { applicationId: app.id }, order: { occurredAt: 'ASC' } });
  checkStageOrder(timeline, report);
  applyReport(app, timeline, report);
  await saveApplication(m, app);
  // Taken last and held to commit, so that event numbers (seq) are handed out in commit order and a
  // subscriber resuming after a cursor can never miss a report committed later with a lower number.
  await m.query('SELECT pg_advisory_xact_lock($1)', [STAGE_ORDER_LOCK]);
  const record = await m.save(StageRecordRow, m.create(StageRecordRow, {
    applicationId: app.id,
    stage: report.stage,
    occurredAt: report.occurredAt,
    receivedAt: entry.receivedAt,
    providerBin: report.providerBin,
    messageId: report.messageId,
    outcome: report.outcome ?? null,
    refusalReason: report.refusalReason ?? null,
    report: reportForAudit(report),
    signatureId: entry.signatureId,
    reportedBy: entry.reportedBy,
  }));
  const [{ seq }] = await m.query('SELECT seq FROM stage_record WHERE id = $1', [record.id]);
  record.seq = String(seq);
  await m.query('SELECT pg_notify($1, $2)', [STAGE_EVENTS_CHANNEL, record.seq]);
  return record;
}

function lockApplication(m: EntityManager, report: StageReport): Promise<ApplicationRow | null> {
  return m.createQueryBuilder(ApplicationRow, 'a').setLock('pessimistic_write')
    .where('a.provider_bin = :bin AND a.number = :number', { bin: report.providerBin, number: report.applicationNumber })
    .getOne();
}

/** The path of a provider that registers requests itself (p.9): the first report registers the request. */
async function registerApplication(m: EntityManager, report: StageReport, now: Date): Promise<ApplicationRow> {
  const { recipient, serviceCode, placeOfAcceptance, acceptedAt } = checkRegistration(report);
  const service = await m.findOneBy(ServiceRow, { code: serviceCode });
  if (!service) throw hubError(ErrorCode.UnknownService, `No service "${serviceCode}" in the catalogue`, 'input.serviceCode');
  const planned = await regulatedPlannedDate(m, astanaDate(acceptedAt), service, 'input.acceptedAt');
  const values: Partial<ApplicationRow> = {
    providerBin: report.providerBin,
    number: report.applicationNumber,
    recipientSurname: recipient.surname,
    recipientName: recipient.name,
    recipientPatronymic: recipient.patronymic ?? null,
    recipientIin: recipient.iinOrBin,
    serviceCode,
    placeOfAcceptance,
    acceptedAt,
    registeredAt: now,
    executor: null,
    plannedDate: planned.plannedDate,
    plannedDateProvisional: planned.provisional,
    declaredPlannedDate: null,
    executionDate: null,
    currentStage: report.stage,
  };
  // ON CONFLICT DO NOTHING: another report of the same request may register it concurrently,
  // in which case this one goes on as an update of that registration
  await registerApplicationIfAbsent(m, values);
  return (await lockApplication(m, report))!;
}

/** Who the request is for and what it is cannot change after registration. */
function checkImmutableFields(app: ApplicationRow, report: StageReport): void {
  const conflicts: [string, unknown, unknown][] = [
    ['input.recipient.iinOrBin', report.recipient?.iinOrBin, app.recipientIin],
    ['input.serviceCode', report.serviceCode, app.serviceCode],
    ['input.acceptedAt', report.acceptedAt?.getTime(), app.acceptedAt.getTime()],
  ];
  for (const [field, given, stored] of conflicts) {
    if (given !== undefined && given !== stored) throw hubError(ErrorCode.FieldConflict, `${field} differs from the registered request`, field);
  }
}

/**
 * Late and out-of-order delivery is normal after an outage (exchange rules p.9), so a report is
 * placed by when its stage happened: it must not happen before an earlier stage, nor after a
 * later one, nor after the request was closed, and each stage happens once.
 */
function checkStageOrder(timeline: StageRecordRow[], report: StageReport): void {
  const t = report.occurredAt.getTime();
  const closed = timeline.find((r) => r.stage === Stage.CLOSED);
  if (closed && report.stage !== Stage.CLOSED && t > closed.occurredAt.getTime()) {
    throw hubError(ErrorCode.RequestClosed, `The request was closed at ${closed.occurredAt.toISOString()}; no stage can follow it`, 'input.stage');
  }
  for (const r of timeline) {
    if (r.stage === report.stage) throw hubError(ErrorCode.StageAlreadyRecorded, `Stage ${Stage[report.stage]} is already recorded for this request`, 'input.stage');
    if (r.stage < report.stage && r.occurredAt.getTime() > t) {
      throw hubError(ErrorCode.StageTimeBeforePrevious, `input.occurredAt is earlier than stage ${Stage[r.stage]}, which comes before it`, 'input.occurredAt');
    }
    if (r.stage > report.stage && r.occurredAt.getTime() < t) {
      throw hubError(ErrorCode.StageMovesBackwards, `Stage ${Stage[r.stage]} already happened before this time; a request cannot move back to ${Stage[report.stage]}`, 'input.stage');
    }
  }
}

/** Stage-specific requirements and the request's current state after the report. */
function applyReport(app: ApplicationRow, timeline: StageRecordRow[], report: StageReport): void {
  if (report.executor) app.executor = report.executor;
  if (report.executionDate) app.executionDate = report.executionDate;
  if (report.declaredPlannedDate) {
    checkDeclaredPlannedDate(report.declaredPlannedDate, astanaDate(app.acceptedAt));
    app.declaredPlannedDate = report.declaredPlannedDate;
  }
  // a refusal may close a request at any point, before anyone worked on it
  const refused = report.stage === Stage.CLOSED && report.outcome === Outcome.REFUSED;
  if (report.stage >= Stage.ACCEPTED_INTO_WORK && !refused && !app.executor) {
    throw hubError(ErrorCode.FieldRequired, `input.executor is required from stage ${Stage[Stage.ACCEPTED_INTO_WORK]} on`, 'input.executor');
  }
  if (report.stage >= Stage.EXECUTED && !refused && !app.executionDate) {
    throw hubError(ErrorCode.FieldRequired, `input.executionDate is required from stage ${Stage[Stage.EXECUTED]} on`, 'input.executionDate');
  }
  if (app.executionDate && app.executionDate.getTime() < app.acceptedAt.getTime()) {
    throw hubError(ErrorCode.StageTimeBeforePrevious, 'input.executionDate is before the request was accepted', 'input.executionDate');
  }
  app.currentStage = Math.max(report.stage, ...timeline.map((r) => r.stage));
  if (report.stage === Stage.CLOSED) {
    app.outcome = report.outcome!;
    app.refusalReason = report.refusalReason ?? null;
    app.closedAt = report.occurredAt;
  }
  const completedAt = app.executionDate ?? app.closedAt;
  app.completedOn = completedAt ? astanaDate(completedAt) : null;
}

function reportForAudit(report: StageReport): Record<string, unknown> {
  const { signature: _signature, ...rest } = report;
  return JSON.parse(JSON.stringify(rest));
}

export interface OverdueState { isOverdue: boolean; days: number }

/** Overdue (просрочка, p.11): executed or closed after the planned date, or still open past it. */
export function overdueOf(app: Pick<ApplicationRow, 'plannedDate' | 'completedOn'>, now = new Date()): OverdueState {
  const days = daysBetween(app.plannedDate, app.completedOn ?? astanaDate(now));
  return days > 0 ? { isOverdue: true, days } : { isOverdue: false, days: 0 };
}

export function timelineOf(dataSource: DataSource, applicationId: string): Promise<StageRecordRow[]> {
  return dataSource.manager.find(StageRecordRow, { where: { applicationId }, order: { occurredAt: 'ASC', stage: 'ASC' } });
}

export interface StageRecordPage { rows: StageRecordRow[]; hasNextPage: boolean }

export async function listStageReports(dataSource: DataSource, identity: Identity | undefined, filter: StageReportFilter = {}, first = 20, after?: string, newestFirst = false): Promise<StageRecordPage> {
  const scoped = scopeFilter(identity, { providerBin: filter.providerBin, recipientIin: filter.recipientIin });
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw hubError(ErrorCode.InvalidArgument, `first must be between 1 and ${MAX_PAGE}`, 'first');
  const q = dataSource.manager.createQueryBuilder(StageRecordRow, 'r').innerJoin(ApplicationRow, 'a', 'a.id = r.application_id');
  if (after !== undefined && after !== null) q.andWhere(newestFirst ? 'r.seq < :after' : 'r.seq > :after', { after: parseCursor(after) });
  if (scoped.providerBin) q.andWhere('r.provider_bin = :bin', { bin: scoped.providerBin });
  if (scoped.recipientIin) q.andWhere('a.recipient_iin = :iin', { iin: scoped.recipientIin });
  if (filter.serviceCode) q.andWhere('a.service_code = :service', { service: filter.serviceCode });
  if (filter.stage) q.andWhere('r.stage = :stage', { stage: filter.stage });
  if (filter.applicationNumber) q.andWhere('a.number = :number', { number: filter.applicationNumber.trim() });
  if (filter.open !== undefined && filter.open !== null) q.andWhere(filter.open ? 'a.current_stage < :closed' : 'a.current_stage = :closed', { closed: Stage.CLOSED });
  const period = (text: string | null | undefined, field: string) => {
    // an explicit null is the field's absence, as for every other filter field
    if (text === undefined || text === null) return undefined;
    const t = parseAstana(text);
    if (!t) throw hubError(ErrorCode.InvalidTime, `${field} must be an ISO-8601 time`, field);
    return t;
  };
  const from = period(filter.from, 'filter.from');
  const to = period(filter.to, 'filter.to');
  if (from) q.andWhere('r.occurred_at >= :from', { from });
  if (to) q.andWhere('r.occurred_at < :to', { to });
  if (filter.overdue !== undefined && filter.overdue !== null) {
    q.andWhere(`(a.planned_date < coalesce(a.completed_on, :today)) = :overdue`, { today: astanaDate(new Date()), overdue: filter.overdue });
  }
  const rows = await q.orderBy('r.seq', newestFirst ? 'DESC' : 'ASC').limit(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** The largest position of the event stream (stage_record.seq is a bigint). */
const MAX_SEQ = 2n ** 63n - 1n;

export function parseCursor(cursor: string): string {
  if (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > MAX_SEQ) throw hubError(ErrorCode.InvalidCursor, 'Not a cursor of the stage event stream', 'after');
  return cursor;
}
