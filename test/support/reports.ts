import { randomUUID } from 'node:crypto';
import { CITIZEN_IIN, JUSTICE_BIN } from './tokens';

export const REPORT_STAGE = `
  mutation Report($input: StageReportInput!) {
    reportStage(input: $input) {
      duplicate
      record {
        id cursor stage occurredAt receivedAt messageId executor outcome
        application { id number plannedDate declaredPlannedDate plannedDateMismatch acceptedAt currentStage overdue { isOverdue days } }
      }
    }
  }`;

export const STAGE_ORDER = ['ACCEPTED', 'SENT_FOR_EXECUTION', 'ACCEPTED_INTO_WORK', 'EXECUTED', 'AWAITING_ISSUANCE', 'CLOSED'] as const;

/** A fresh request number, so tests never collide in the shared database. */
export const newNumber = () => `T-${randomUUID().slice(0, 13)}`;

/** A registering stage report (all eight fields) for a new request, with what the test overrides. */
export function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providerBin: JUSTICE_BIN,
    applicationNumber: newNumber(),
    stage: 'ACCEPTED',
    occurredAt: '2024-05-02T10:00:00+05:00',
    messageId: randomUUID(),
    recipient: { surname: 'Сейткали', name: 'Айгерим', patronymic: 'Нурлановна', iinOrBin: CITIZEN_IIN },
    serviceCode: 'CRIM-CERT',
    placeOfAcceptance: 'ЦОН района Алматы, г. Астана',
    acceptedAt: '2024-05-02T10:00:00+05:00',
    signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAKCAMIIC',
    ...overrides,
  };
}

/** A later stage of a request already registered. */
export function followUp(applicationNumber: string, stage: string, occurredAt: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providerBin: JUSTICE_BIN,
    applicationNumber,
    stage,
    occurredAt,
    messageId: randomUUID(),
    signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAKCAMIIC',
    ...overrides,
  };
}
