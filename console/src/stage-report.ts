import { checkRegistration, validateStageReport } from '../../subgraphs/statuses/stage-report.validation';
import { Outcome, Stage } from '../../subgraphs/statuses/stage.values';
import { ApiError, Problem, problemOf } from './api/errors';
import { gql } from './api/http';
import { REPORT_STAGE } from './api/queries';
import type { OutcomeName, StageName, StageReportReceipt } from './api/types';
import type { SignResult, Signer } from './signing';

/** A StageReportInput as it goes over the wire (and is signed): the stage by its name. */
export interface StageReportWire {
  providerBin: string;
  applicationNumber: string;
  stage: StageName;
  occurredAt: string;
  messageId: string;
  recipient?: { surname?: string; name?: string; patronymic?: string; iinOrBin?: string };
  serviceCode?: string;
  placeOfAcceptance?: string;
  acceptedAt?: string;
  executor?: string;
  plannedDate?: string;
  executionDate?: string;
  outcome?: OutcomeName;
  refusalReason?: string;
  signature: string;
}

/**
 * Trims text and leaves empty optional inputs out: the hub treats '' as absent, but the signed
 * bytes would still hold it, so what is sent is exactly what is signed.
 */
/**
 * A report ready to validate and sign: empty inputs left out, `signature` empty (the shared
 * validation reads it as a string), and the message id for this content (see use-message-id.ts).
 */
export function outgoingReport(fields: Omit<StageReportWire, 'messageId' | 'signature'>, messageId: { for(report: object): string }): StageReportWire {
  const wire = compact(fields) as StageReportWire;
  wire.signature = '';
  wire.messageId = messageId.for(wire);
  return wire;
}

export function compact<T extends object>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') {
      if (value.trim() !== '') out[key] = value.trim();
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      out[key] = compact(value as Record<string, unknown>);
    } else out[key] = value;
  }
  return out as T;
}

type ValidationInput = Parameters<typeof validateStageReport>[0];

/** A valid stand-in for a field already found at fault, so that the next check can run (see validateReport). */
const STAND_IN: Record<string, unknown> = {
  iinOrBin: '900101300126', providerBin: '900101300126', occurredAt: '2000-01-03T10:00:00+05:00', acceptedAt: '2000-01-03T10:00:00+05:00',
  executionDate: '2000-01-03T10:00:00+05:00', plannedDate: undefined, recipient: {}, outcome: 'ISSUED',
};

function withStandIn(wire: Record<string, unknown>, path: string): Record<string, unknown> | undefined {
  const keys = path.replace(/^input\./, '').split('.');
  const last = keys[keys.length - 1];
  const copy = structuredClone(wire);
  let target = copy;
  for (const key of keys.slice(0, -1)) {
    target[key] ??= {};
    target = target[key] as Record<string, unknown>;
  }
  const value = last in STAND_IN ? STAND_IN[last] : 'x';
  if (target[last] === value) return undefined;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

/**
 * The hub's own checks (the same module the API runs), before anything is signed. The shared
 * validation stops at the first fault, but a person filling the form wants every fault at once: so
 * each field at fault is replaced by a valid stand-in and the checks run again, until they pass
 * (at most once per field). Throws an ApiError naming every field at fault, as the API would each.
 */
export function validateReport(wire: StageReportWire, opts: { registration: boolean }, now = new Date()): void {
  const problems: Problem[] = [];
  let current: Record<string, unknown> | undefined = { ...wire };
  for (let round = 0; current && round < 20; round++) {
    const fields = current as unknown as StageReportWire;
    const input = { ...fields, stage: Stage[fields.stage], outcome: fields.outcome ? Outcome[fields.outcome] : undefined } as ValidationInput;
    try {
      const report = validateStageReport(input, now);
      if (opts.registration) checkRegistration(report);
      break;
    } catch (error) {
      const problem = problemOf(error);
      problems.push(problem);
      current = problem.field ? withStandIn(current, problem.field) : undefined;
    }
  }
  if (problems.length) throw new ApiError(problems);
}

export type SubmitPhase = 'signing' | 'sending';

export interface SubmitResult {
  receipt: StageReportReceipt;
  signer?: SignResult['signer'];
}

/** Validates, signs and sends one stage report. */
export async function submitStageReport(
  wire: StageReportWire,
  deps: { token: string; signer: Signer; registration: boolean; onPhase(phase: SubmitPhase): void },
): Promise<SubmitResult> {
  validateReport(wire, { registration: deps.registration });
  deps.onPhase('signing');
  const { signature: _unsigned, ...payload } = wire;
  const signed = await deps.signer.sign(payload);
  deps.onPhase('sending');
  const data = await gql<{ reportStage: StageReportReceipt }>(deps.token, REPORT_STAGE, { input: { ...payload, signature: signed.signature } });
  const signerName = data.reportStage.record.signature?.signerName;
  const signer = signed.signer ?? (signerName ? { name: signerName } : undefined);
  return { receipt: data.reportStage, signer };
}
