import type { StageReport } from './stage-report.validation';
import { applyReport, checkImmutableFields, checkStageOrder, overdueOf, RecordedStage, RequestState } from './stage.rules';
import { Outcome, Stage } from './stage.values';
import { refusalOf } from '../../test/support/refusal';

/** The code and field a rule refuses with, or 'ACCEPTED'. */

const at = (time: string) => new Date(`2024-05-${time}+05:00`);
const report = (stage: Stage, occurredAt: Date, more: Partial<StageReport> = {}): StageReport =>
  ({ providerBin: '050140007891', applicationNumber: 'A-1', messageId: 'm', signature: '', stage, occurredAt, ...more });
const request = (more: Partial<RequestState> = {}): RequestState => ({
  acceptedAt: at('02T09:00:00'), executor: null, executionDate: null, declaredPlannedDate: null, currentStage: Stage.ACCEPTED,
  outcome: null, refusalReason: null, closedAt: null, completedOn: null, ...more,
});
/** Accepted on the 2nd at 10:00, sent for execution on the 3rd at 10:00. */
const timeline: RecordedStage[] = [{ stage: Stage.ACCEPTED, occurredAt: at('02T10:00:00') }, { stage: Stage.SENT_FOR_EXECUTION, occurredAt: at('03T10:00:00') }];

describe('the order of stages (exchange rules p.9: a report is placed by when its stage happened)', () => {
  it('accepts the next stage after the last one', () => {
    expect(refusalOf(() => checkStageOrder(timeline, report(Stage.ACCEPTED_INTO_WORK, at('04T10:00:00'))))).toBe('ACCEPTED');
  });

  it('accepts a stage delivered late that fits between the stages already recorded', () => {
    const later = [timeline[0], { stage: Stage.ACCEPTED_INTO_WORK, occurredAt: at('05T10:00:00') }];
    expect(refusalOf(() => checkStageOrder(later, report(Stage.SENT_FOR_EXECUTION, at('03T10:00:00'))))).toBe('ACCEPTED');
  });

  it('refuses a stage that happened before an earlier stage', () => {
    expect(refusalOf(() => checkStageOrder(timeline, report(Stage.ACCEPTED_INTO_WORK, at('03T09:00:00'))))).toEqual({ code: 'STAGE_TIME_BEFORE_PREVIOUS', field: 'input.occurredAt' });
  });

  it('refuses a stage that happened after a later stage', () => {
    const later = [timeline[0], { stage: Stage.ACCEPTED_INTO_WORK, occurredAt: at('04T10:00:00') }];
    expect(refusalOf(() => checkStageOrder(later, report(Stage.SENT_FOR_EXECUTION, at('05T10:00:00'))))).toEqual({ code: 'STAGE_MOVES_BACKWARDS', field: 'input.stage' });
  });

  it('refuses a stage recorded already, at whatever time', () => {
    expect(refusalOf(() => checkStageOrder(timeline, report(Stage.SENT_FOR_EXECUTION, at('03T10:00:00'))))).toEqual({ code: 'STAGE_ALREADY_RECORDED', field: 'input.stage' });
  });

  it('refuses any stage after the request was closed', () => {
    const closed = [...timeline, { stage: Stage.CLOSED, occurredAt: at('06T10:00:00') }];
    expect(refusalOf(() => checkStageOrder(closed, report(Stage.AWAITING_ISSUANCE, at('07T10:00:00'))))).toEqual({ code: 'REQUEST_CLOSED', field: 'input.stage' });
  });

  it('accepts the first stage of a request with no timeline yet', () => {
    expect(refusalOf(() => checkStageOrder([], report(Stage.ACCEPTED, at('02T10:00:00'))))).toBe('ACCEPTED');
  });
});

describe('the fields each stage requires (rules of data entry p.7: the executor, the execution date)', () => {
  it('requires the executor from ACCEPTED_INTO_WORK on', () => {
    expect(refusalOf(() => applyReport(request(), timeline, report(Stage.ACCEPTED_INTO_WORK, at('04T10:00:00'))))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.executor' });
  });

  it('takes the executor named by an earlier report', () => {
    expect(refusalOf(() => applyReport(request({ executor: 'Иванов' }), timeline, report(Stage.ACCEPTED_INTO_WORK, at('04T10:00:00'))))).toBe('ACCEPTED');
  });

  it('requires the execution date from EXECUTED on', () => {
    expect(refusalOf(() => applyReport(request({ executor: 'Иванов' }), timeline, report(Stage.EXECUTED, at('05T10:00:00'))))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.executionDate' });
  });

  it('lets a refusal close a request before anyone worked on it', () => {
    const app = request();
    expect(refusalOf(() => applyReport(app, timeline, report(Stage.CLOSED, at('04T10:00:00'), { outcome: Outcome.REFUSED, refusalReason: 'нет документов' })))).toBe('ACCEPTED');
    expect(app).toMatchObject({ currentStage: Stage.CLOSED, outcome: 'REFUSED', refusalReason: 'нет документов', closedAt: at('04T10:00:00'), completedOn: '2024-05-04' });
  });

  it('refuses an execution date before the request was accepted', () => {
    const early = report(Stage.EXECUTED, at('05T10:00:00'), { executor: 'Иванов', executionDate: at('01T10:00:00') });
    expect(refusalOf(() => applyReport(request(), timeline, early))).toEqual({ code: 'STAGE_TIME_BEFORE_PREVIOUS', field: 'input.executionDate' });
  });

  it('refuses a declared planned date before the day of acceptance', () => {
    expect(refusalOf(() => applyReport(request(), timeline, report(Stage.SENT_FOR_EXECUTION, at('03T10:00:00'), { declaredPlannedDate: '2024-05-01' }))))
      .toEqual({ code: 'PLANNED_DATE_BEFORE_ACCEPTANCE', field: 'input.plannedDate' });
  });

  it('keeps the furthest stage as current when a late report fills a gap', () => {
    const app = request({ executor: 'Иванов' });
    applyReport(app, [...timeline, { stage: Stage.ACCEPTED_INTO_WORK, occurredAt: at('05T10:00:00') }], report(Stage.SENT_FOR_EXECUTION, at('03T10:00:00')));
    expect(app.currentStage).toBe(Stage.ACCEPTED_INTO_WORK);
  });

  it('completes the request on the day of its execution, in Astana time', () => {
    const app = request({ executor: 'Иванов' });
    applyReport(app, timeline, report(Stage.EXECUTED, at('05T10:00:00'), { executionDate: new Date('2024-05-05T20:30:00Z') }));
    expect(app.completedOn).toBe('2024-05-06');
  });
});

describe('what cannot change after registration', () => {
  const registered = { recipientIin: '900101300126', serviceCode: 'CRIM-CERT', acceptedAt: at('02T09:00:00') };

  it('refuses another recipient, service or time of acceptance, naming the field', () => {
    expect(refusalOf(() => checkImmutableFields(registered, { recipient: { iinOrBin: '850625401118' } }))).toEqual({ code: 'FIELD_CONFLICT', field: 'input.recipient.iinOrBin' });
    expect(refusalOf(() => checkImmutableFields(registered, { serviceCode: 'LAND-PLOT' }))).toEqual({ code: 'FIELD_CONFLICT', field: 'input.serviceCode' });
    expect(refusalOf(() => checkImmutableFields(registered, { acceptedAt: at('02T09:00:01') }))).toEqual({ code: 'FIELD_CONFLICT', field: 'input.acceptedAt' });
  });

  it('accepts the same values again, or none', () => {
    expect(refusalOf(() => checkImmutableFields(registered, { recipient: { iinOrBin: '900101300126' }, serviceCode: 'CRIM-CERT', acceptedAt: at('02T09:00:00') }))).toBe('ACCEPTED');
    expect(refusalOf(() => checkImmutableFields(registered, {}))).toBe('ACCEPTED');
  });
});

describe('overdue (просрочка, p.11)', () => {
  it('is an open request past its planned date, by the days since', () => {
    expect(overdueOf({ plannedDate: '2024-05-10', completedOn: null }, new Date('2024-05-13T10:00:00+05:00'))).toEqual({ isOverdue: true, days: 3 });
  });

  it('is not a request completed on its planned date', () => {
    expect(overdueOf({ plannedDate: '2024-05-10', completedOn: '2024-05-10' }, new Date('2024-06-01T10:00:00+05:00'))).toEqual({ isOverdue: false, days: 0 });
  });

  it('counts a request completed late by the days it was late, however long ago', () => {
    expect(overdueOf({ plannedDate: '2024-05-10', completedOn: '2024-05-12' }, new Date('2025-01-01T10:00:00+05:00'))).toEqual({ isOverdue: true, days: 2 });
  });

  it('counts today by the Astana date: 23:30 UTC is already the next day there', () => {
    expect(overdueOf({ plannedDate: '2024-05-10', completedOn: null }, new Date('2024-05-10T23:30:00Z'))).toEqual({ isOverdue: true, days: 1 });
  });
});
