import { isHubNumber } from '../../platform/application-number';
import { ErrorCode, hubError } from '../../platform/errors';
import { FUTURE_TOLERANCE_MS } from '../../platform/fields';
import { isValidIinBin } from '../../platform/iin';
import { astanaDate, parseAstana, parseLocalDate } from '../../platform/time';
import type { StageReportInput } from './stage-report.input';
import { Outcome, Stage } from './stage.values';

/** Longest text the hub keeps for each field (the columns are sized to match). */
export const MAX_LENGTH = {
  applicationNumber: 64, messageId: 100, surname: 100, name: 100, patronymic: 100,
  serviceCode: 32, placeOfAcceptance: 300, executor: 200, refusalReason: 1000,
} as const;

/** A stage report with its text checked and its times parsed; nothing here needs the database. */
export interface StageReport {
  providerBin: string;
  applicationNumber: string;
  stage: Stage;
  occurredAt: Date;
  messageId: string;
  recipient?: { surname?: string; name?: string; patronymic?: string; iinOrBin?: string };
  serviceCode?: string;
  placeOfAcceptance?: string;
  acceptedAt?: Date;
  executor?: string;
  declaredPlannedDate?: string;
  executionDate?: Date;
  outcome?: Outcome;
  refusalReason?: string;
  signature: string;
}


const blankToUndefined = (value: string | undefined | null) => (value === undefined || value === null || value.trim() === '' ? undefined : value.trim());

export function validateStageReport(input: StageReportInput, now: Date): StageReport {
  const text = (field: keyof typeof MAX_LENGTH, value: string | undefined | null, path = `input.${field}`): string | undefined => {
    const v = blankToUndefined(value);
    if (v !== undefined && v.length > MAX_LENGTH[field]) throw hubError(ErrorCode.TextTooLong, `${path} is longer than ${MAX_LENGTH[field]} characters`, path);
    return v;
  };
  const required = <T>(value: T | undefined, path: string): T => {
    if (value === undefined) throw hubError(ErrorCode.FieldRequired, `${path} is required`, path);
    return value;
  };
  const iinBin = (value: string | undefined, path: string): string | undefined => {
    if (value === undefined) return undefined;
    if (!isValidIinBin(value)) throw hubError(ErrorCode.InvalidIinBin, `${path} must be 12 digits with a valid check digit (IIN/BIN), got "${value}"`, path);
    return value;
  };
  const time = (value: string | undefined | null, path: string): Date | undefined => {
    const v = blankToUndefined(value);
    if (v === undefined) return undefined;
    const parsed = parseAstana(v);
    if (!parsed) throw hubError(ErrorCode.InvalidTime, `${path} must be an ISO-8601 time, e.g. 2024-05-02T10:00:00+05:00, got "${v}"`, path);
    if (parsed.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw hubError(ErrorCode.TimeInFuture, `${path} is in the future`, path);
    return parsed;
  };

  const providerBin = iinBin(required(blankToUndefined(input.providerBin), 'input.providerBin'), 'input.providerBin')!;
  const plannedText = blankToUndefined(input.plannedDate);
  const declaredPlannedDate = plannedText === undefined ? undefined : parseLocalDate(plannedText);
  if (plannedText !== undefined && !declaredPlannedDate) {
    throw hubError(ErrorCode.InvalidDate, `input.plannedDate must be a date YYYY-MM-DD, got "${plannedText}"`, 'input.plannedDate');
  }
  const r = input.recipient;
  const report: StageReport = {
    providerBin,
    applicationNumber: required(text('applicationNumber', input.applicationNumber), 'input.applicationNumber'),
    stage: required(Stage[input.stage] ? input.stage : undefined, 'input.stage'),
    occurredAt: required(time(input.occurredAt, 'input.occurredAt'), 'input.occurredAt'),
    messageId: required(text('messageId', input.messageId), 'input.messageId'),
    recipient: r && {
      surname: text('surname', r.surname, 'input.recipient.surname'),
      name: text('name', r.name, 'input.recipient.name'),
      patronymic: text('patronymic', r.patronymic, 'input.recipient.patronymic'),
      iinOrBin: iinBin(blankToUndefined(r.iinOrBin), 'input.recipient.iinOrBin'),
    },
    serviceCode: text('serviceCode', input.serviceCode),
    placeOfAcceptance: text('placeOfAcceptance', input.placeOfAcceptance),
    acceptedAt: time(input.acceptedAt, 'input.acceptedAt'),
    executor: text('executor', input.executor),
    declaredPlannedDate,
    executionDate: time(input.executionDate, 'input.executionDate'),
    outcome: input.outcome ?? undefined,
    refusalReason: text('refusalReason', input.refusalReason),
    // checked (presence, size, validity) by the signature verification
    signature: input.signature,
  };
  if (report.stage === Stage.CLOSED) {
    required(report.outcome, 'input.outcome');
    if (report.outcome === Outcome.REFUSED) required(report.refusalReason, 'input.refusalReason');
  }
  if (report.stage !== Stage.CLOSED && report.outcome) {
    throw hubError(ErrorCode.InvalidArgument, 'input.outcome is given only when closing a request (stage CLOSED)', 'input.outcome');
  }
  return report;
}

/** What the first report of a request must carry to register it (p.9): everything but the service's existence, which needs the catalogue. */
export interface Registration {
  recipient: { surname: string; name: string; patronymic?: string; iinOrBin: string };
  serviceCode: string;
  placeOfAcceptance: string;
  acceptedAt: Date;
}

export function checkRegistration(report: StageReport): Registration {
  const need = <T>(value: T | undefined, path: string): T => {
    if (value === undefined) throw hubError(ErrorCode.FieldRequired, `${path} is required to register a request the hub does not know yet`, path);
    return value;
  };
  if (isHubNumber(report.applicationNumber)) {
    throw hubError(ErrorCode.ApplicationNumberReserved, `input.applicationNumber "${report.applicationNumber}" is of the form the hub gives the applications submitted through it (QH-…); number your requests otherwise`, 'input.applicationNumber');
  }
  const recipient = need(report.recipient, 'input.recipient');
  const registration: Registration = {
    recipient: {
      surname: need(recipient.surname, 'input.recipient.surname'),
      name: need(recipient.name, 'input.recipient.name'),
      patronymic: recipient.patronymic,
      iinOrBin: need(recipient.iinOrBin, 'input.recipient.iinOrBin'),
    },
    serviceCode: need(report.serviceCode, 'input.serviceCode'),
    placeOfAcceptance: need(report.placeOfAcceptance, 'input.placeOfAcceptance'),
    acceptedAt: need(report.acceptedAt, 'input.acceptedAt'),
  };
  checkDeclaredPlannedDate(report.declaredPlannedDate, astanaDate(registration.acceptedAt));
  return registration;
}

export function checkDeclaredPlannedDate(declared: string | undefined, acceptedOn: string): void {
  if (declared && declared < acceptedOn) {
    throw hubError(ErrorCode.PlannedDateBeforeAcceptance, `input.plannedDate ${declared} is before the acceptance date ${acceptedOn}`, 'input.plannedDate');
  }
}
