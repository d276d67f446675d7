import { ErrorCode, hubError } from '../../platform/errors';
import { astanaDate, daysBetween } from '../../platform/time';
import { checkDeclaredPlannedDate, StageReport } from './stage-report.validation';
import { Outcome, Stage } from './stage.values';

/*
 * The rules of a request's stages (стадии, rules of data entry p.6-11) as plain functions: no
 * database, no GraphQL context. stage.service.ts loads the timeline and the request, calls these,
 * and saves what they leave.
 */

/** A stage already on a request's timeline. */
export interface RecordedStage { stage: Stage; occurredAt: Date }

/** What the stage rules read and change of a request (the application row, or a test's object). */
export interface RequestState {
  acceptedAt: Date;
  executor: string | null;
  executionDate: Date | null;
  declaredPlannedDate: string | null;
  currentStage: number;
  outcome: string | null;
  refusalReason: string | null;
  closedAt: Date | null;
  completedOn: string | null;
}

/**
 * Late and out-of-order delivery is normal after an outage (exchange rules p.9), so a report is
 * placed by when its stage happened: it must not happen before an earlier stage, nor after a
 * later one, nor after the request was closed, and each stage happens once.
 */
export function checkStageOrder(timeline: readonly RecordedStage[], report: Pick<StageReport, 'stage' | 'occurredAt'>): void {
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

/**
 * Stage-specific requirements and the request's current state after the report, written onto
 * `app`. A stage carries the request's data (rules of data entry p.7: executor, execution date);
 * the hub asks for the executor from ACCEPTED_INTO_WORK on and the execution date from EXECUTED
 * on, unless the request is refused.
 */
export function applyReport(app: RequestState, timeline: readonly RecordedStage[], report: StageReport): void {
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

/** Who the request is for and what it is cannot change after registration. */
export function checkImmutableFields(app: { recipientIin: string; serviceCode: string; acceptedAt: Date }, report: Pick<StageReport, 'recipient' | 'serviceCode' | 'acceptedAt'>): void {
  const conflicts: [string, unknown, unknown][] = [
    ['input.recipient.iinOrBin', report.recipient?.iinOrBin, app.recipientIin],
    ['input.serviceCode', report.serviceCode, app.serviceCode],
    ['input.acceptedAt', report.acceptedAt?.getTime(), app.acceptedAt.getTime()],
  ];
  for (const [field, given, stored] of conflicts) {
    if (given !== undefined && given !== stored) throw hubError(ErrorCode.FieldConflict, `${field} differs from the registered request`, field);
  }
}

export interface OverdueState { isOverdue: boolean; days: number }

/** Overdue (просрочка, p.11): executed or closed after the planned date, or still open past it. */
export function overdueOf(app: { plannedDate: string; completedOn: string | null }, now = new Date()): OverdueState {
  const days = daysBetween(app.plannedDate, app.completedOn ?? astanaDate(now));
  return days > 0 ? { isOverdue: true, days } : { isOverdue: false, days: 0 };
}
