import { GraphQLError } from 'graphql';
import { entityFromRow, isUniqueViolation } from '../../platform/db';
import { DataSource, EntityManager } from 'typeorm';
import { scopeFilter } from '../../platform/access';
import { serviceAndPlannedDate } from '../../platform/calendar';
import { ApplicationRow, journalMessage, registerApplicationIfAbsent, saveApplication } from '../applications/api';
import { MessageRefusalRow } from './message-refusal.entity';
import { recordSignature, SignatureRow } from '../signatures/api';
import { StageRecordRow } from './stage-record.entity';
import { checkMessageSignature, plainPayload, sha256, signatureRow } from '../signatures/api';
import { SignatureVerifier } from '../../lib/ecp/verifier';
import { ErrorCode, hubError } from '../../platform/errors';
import { Identity } from '../../platform/identity';
import { astanaDate, parseAstana } from '../../platform/time';
import { requireIdentity } from '../../platform/identity';
import { CURSOR_SQL, pastCursor, positionOf, SETTLED, STAGE_EVENTS_CHANNEL } from './stage-events';
import { Stage } from './stage';
import { MAX_PAGE, StageReportFilter, StageReportInput } from './stage-report.input';
import { checkRegistration, StageReport, validateStageReport } from './stage-report.validation';
import { applyReport, checkImmutableFields, checkStageOrder } from './stage.rules';

// the overdue rule lives with the other stage rules; its callers know it from here
export { overdueOf, type OverdueState } from './stage.rules';

export interface StageReceipt {
  record: StageRecordRow;
  duplicate: boolean;
}

/**
 * Records a provider's stage report (rules of data entry p.6-11). The report is durable (committed)
 * before this returns; the event is published by the same commit.
 */
export async function recordStage(dataSource: DataSource, verifier: SignatureVerifier, identity: Identity | undefined, input: StageReportInput, now = new Date()): Promise<StageReceipt> {
  // the role (provider) is checked by the resolver's @Authorized; the organisation below
  const who = requireIdentity(identity);
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

// plain SQL on the path every report takes twice: the ORM's query building cost more than the query
async function findByMessageId(m: EntityManager, report: StageReport): Promise<StageRecordRow | null> {
  const [row] = await m.query('SELECT * FROM stage_record WHERE provider_bin = $1 AND message_id = $2', [report.providerBin, report.messageId]);
  return row ? entityFromRow(m, StageRecordRow, row) : null;
}

async function recordInTransaction(m: EntityManager, who: Identity, report: StageReport, signatureValues: Partial<SignatureRow>, now: Date): Promise<StageReceipt> {
  const found = await lockApplication(m, report);
  const { app, registered } = found ? { app: found, registered: false } : await registerApplication(m, report, now);
  // A copy of this report sent at the same time (a provider retrying on a timeout) passed the
  // lookup before the transaction too; whichever took the request's lock first has recorded it
  // by now, so the others, checked here under the lock, answer as for a resend rather than
  // failing the stage-order checks against their own original. A request this transaction has
  // just registered has no stage yet, recorded by anyone.
  const raced = registered ? null : await findByMessageId(m, report);
  if (raced) return { record: raced, duplicate: true };
  checkImmutableFields(app, report);
  const signature = await recordSignature(m, signatureValues);
  const record = await appendStage(m, app, { report, signatureId: signature.id, reportedBy: who.subject, receivedAt: now, timeline: registered ? [] : undefined });
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
  /** the request's timeline when the caller knows it without reading it: none, for a request its transaction has just registered */
  timeline?: readonly StageRecordRow[];
}

/**
 * Places a stage on a request's timeline (the request row locked by the caller's transaction):
 * checks its order, updates the request, records it and publishes it with the commit. Used for
 * providers' reports and for the stages the hub records itself (submission, delivery, result).
 */
export async function appendStage(m: EntityManager, app: ApplicationRow, entry: StageEntry): Promise<StageRecordRow> {
  const { report } = entry;
  const timeline = entry.timeline ?? await m.find(StageRecordRow, { where: { applicationId: app.id }, order: { occurredAt: 'ASC' } });
  checkStageOrder(timeline, report);
  applyReport(app, timeline, report);
  await saveApplication(m, app);
  // one round trip: the row, its place in the event stream and the notification that goes out with
  // the commit (the ORM's save, a read of seq and xid and the NOTIFY were three). No lock orders
  // writers: the event's place is (this transaction's id, seq), and readers take only transactions
  // that can no longer be running (SETTLED in stage-events; README "Event numbering")
  const [row] = await m.query(
    `WITH r AS (
       INSERT INTO stage_record (application_id, stage, occurred_at, received_at, provider_bin, message_id, outcome, refusal_reason, report, signature_id, reported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *)
     SELECT r.*, pg_notify($12, ${CURSOR_SQL}) FROM r`,
    [app.id, report.stage, report.occurredAt, entry.receivedAt, report.providerBin, report.messageId, report.outcome ?? null, report.refusalReason ?? null,
      JSON.stringify(reportForAudit(report)), entry.signatureId, entry.reportedBy, STAGE_EVENTS_CHANNEL]);
  return entityFromRow(m, StageRecordRow, row);
}

async function lockApplication(m: EntityManager, report: StageReport): Promise<ApplicationRow | null> {
  const [row] = await m.query('SELECT * FROM application WHERE provider_bin = $1 AND number = $2 FOR UPDATE', [report.providerBin, report.applicationNumber]);
  return row ? entityFromRow(m, ApplicationRow, row) : null;
}

/**
 * The path of a provider that registers requests itself (p.9): the first report registers the
 * request. `registered` when this transaction inserted it (and so holds it until commit).
 */
async function registerApplication(m: EntityManager, report: StageReport, now: Date): Promise<{ app: ApplicationRow; registered: boolean }> {
  const { recipient, serviceCode, placeOfAcceptance, acceptedAt } = checkRegistration(report);
  const known = await serviceAndPlannedDate(m, serviceCode, astanaDate(acceptedAt), 'input.acceptedAt');
  if (!known) throw hubError(ErrorCode.UnknownService, `No service "${serviceCode}" in the catalogue`, 'input.serviceCode');
  const { planned } = known;
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
  // in which case this one goes on as an update of that registration, once that one committed
  const inserted = await registerApplicationIfAbsent(m, values);
  return inserted ? { app: inserted, registered: true } : { app: (await lockApplication(m, report))!, registered: false };
}

function reportForAudit(report: StageReport): Record<string, unknown> {
  const { signature: _signature, ...rest } = report;
  return JSON.parse(JSON.stringify(rest));
}

export function timelineOf(dataSource: DataSource, applicationId: string): Promise<StageRecordRow[]> {
  return dataSource.manager.find(StageRecordRow, { where: { applicationId }, order: { occurredAt: 'ASC', stage: 'ASC' } });
}

export interface StageRecordPage { rows: StageRecordRow[]; hasNextPage: boolean }

export async function listStageReports(dataSource: DataSource, identity: Identity | undefined, filter: StageReportFilter = {}, first = 20, after?: string, newestFirst = false): Promise<StageRecordPage> {
  const scoped = scopeFilter(identity, { providerBin: filter.providerBin, recipientIin: filter.recipientIin });
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw hubError(ErrorCode.InvalidArgument, `first must be between 1 and ${MAX_PAGE}`, 'first');
  const q = dataSource.manager.createQueryBuilder(StageRecordRow, 'r').innerJoin(ApplicationRow, 'a', 'a.id = r.application_id');
  // only settled events, either way: a page's cursors are resume points (the console goes live after
  // the newest one's), so no event may later appear before one already handed out
  q.andWhere(SETTLED);
  if (after !== undefined && after !== null) pastCursor(q, parseCursor(after), newestFirst);
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
  const order = newestFirst ? 'DESC' : 'ASC';
  const rows = await q.orderBy('r.xid', order).addOrderBy('r.seq', order).limit(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** The largest transaction id (xid8) and record number (stage_record.seq, a bigint) of the event stream. */
const MAX_XID = 2n ** 64n - 1n;
const MAX_SEQ = 2n ** 63n - 1n;

/** A cursor of the event stream (see cursorOf): xid·2^64 + seq, or a bare seq from before issue 17. */
export function parseCursor(cursor: string): string {
  if (!/^\d{1,39}$/.test(cursor)) throw hubError(ErrorCode.InvalidCursor, 'Not a cursor of the stage event stream', 'after');
  const { xid, seq } = positionOf(cursor);
  if (BigInt(xid) > MAX_XID || BigInt(seq) > MAX_SEQ) throw hubError(ErrorCode.InvalidCursor, 'Not a cursor of the stage event stream', 'after');
  return BigInt(cursor).toString();
}
