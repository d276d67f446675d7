import type { StageReportInput } from './stage-report.input';
import { checkRegistration, MAX_LENGTH, validateStageReport } from './stage-report.validation';
import { Outcome, Stage } from './stage.values';
import { refusalOf } from '../../test/support/refusal';

const NOW = new Date('2024-05-10T12:00:00+05:00');


/** A first report that registers a request (p.9). */
const input = (more: Partial<StageReportInput> = {}): StageReportInput => ({
  providerBin: '050140007891', applicationNumber: 'A-1', stage: Stage.ACCEPTED, occurredAt: '2024-05-02T10:00:00', messageId: 'm-1',
  recipient: { surname: 'Иванов', name: 'Иван', iinOrBin: '900101300126' }, serviceCode: 'CRIM-CERT', placeOfAcceptance: 'ЦОН', acceptedAt: '2024-05-02T09:00:00',
  signature: 'cms', ...more,
});
const validate = (more: Partial<StageReportInput> = {}) => () => validateStageReport(input(more), NOW);

describe('a stage report as sent (rules of data entry p.6-8)', () => {
  it('takes a time without an offset as Astana time', () => {
    expect(validateStageReport(input(), NOW).occurredAt.toISOString()).toBe('2024-05-02T05:00:00.000Z');
  });

  it('refuses a provider BIN with a wrong check digit', () => {
    expect(refusalOf(validate({ providerBin: '050140007890' }))).toEqual({ code: 'INVALID_IIN_BIN', field: 'input.providerBin' });
  });

  it('refuses a stage that happened in the future', () => {
    expect(refusalOf(validate({ occurredAt: '2024-05-11T10:00:00' }))).toEqual({ code: 'TIME_IN_FUTURE', field: 'input.occurredAt' });
  });

  it('refuses a time that is not ISO-8601, naming it', () => {
    expect(refusalOf(validate({ occurredAt: '02.05.2024 10:00' }))).toEqual({ code: 'INVALID_TIME', field: 'input.occurredAt' });
  });

  it('takes blank text as absent', () => {
    expect(refusalOf(validate({ messageId: '   ' }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.messageId' });
  });

  it('refuses text longer than the hub keeps', () => {
    expect(refusalOf(validate({ executor: 'x'.repeat(MAX_LENGTH.executor + 1) }))).toEqual({ code: 'TEXT_TOO_LONG', field: 'input.executor' });
    expect(refusalOf(validate({ executor: 'x'.repeat(MAX_LENGTH.executor) }))).toBe('ACCEPTED');
  });

  it('refuses a planned date that is not a date', () => {
    expect(refusalOf(validate({ plannedDate: '2024-02-30' }))).toEqual({ code: 'INVALID_DATE', field: 'input.plannedDate' });
  });

  it('requires the outcome when closing, and the reason of a refusal', () => {
    expect(refusalOf(validate({ stage: Stage.CLOSED }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.outcome' });
    expect(refusalOf(validate({ stage: Stage.CLOSED, outcome: Outcome.REFUSED }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.refusalReason' });
    expect(refusalOf(validate({ stage: Stage.CLOSED, outcome: Outcome.ISSUED }))).toBe('ACCEPTED');
  });

  it('refuses an outcome on a stage other than CLOSED', () => {
    expect(refusalOf(validate({ stage: Stage.EXECUTED, outcome: Outcome.ISSUED }))).toEqual({ code: 'INVALID_ARGUMENT', field: 'input.outcome' });
  });
});

describe('registering a request by its first report (p.9)', () => {
  const registration = (more: Partial<StageReportInput> = {}) => () => checkRegistration(validateStageReport(input(more), NOW));

  it('registers a report that carries the recipient, the service, the place and the time of acceptance', () => {
    expect(refusalOf(registration())).toBe('ACCEPTED');
  });

  it('requires each of them, naming the one missing', () => {
    expect(refusalOf(registration({ recipient: undefined }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.recipient' });
    expect(refusalOf(registration({ recipient: { surname: 'Иванов', iinOrBin: '900101300126' } }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.recipient.name' });
    expect(refusalOf(registration({ placeOfAcceptance: '' }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.placeOfAcceptance' });
    expect(refusalOf(registration({ acceptedAt: undefined }))).toEqual({ code: 'FIELD_REQUIRED', field: 'input.acceptedAt' });
  });

  it("refuses a number of the hub's own form (QH-…) from a provider", () => {
    expect(refusalOf(registration({ applicationNumber: 'QH-2024-00000001' }))).toEqual({ code: 'APPLICATION_NUMBER_RESERVED', field: 'input.applicationNumber' });
  });

  it('refuses a declared planned date before the day of acceptance', () => {
    expect(refusalOf(registration({ plannedDate: '2024-05-01' }))).toEqual({ code: 'PLANNED_DATE_BEFORE_ACCEPTANCE', field: 'input.plannedDate' });
    expect(refusalOf(registration({ plannedDate: '2024-05-02' }))).toBe('ACCEPTED');
  });
});
