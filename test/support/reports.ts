import { createPrivateKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DemoSigner } from '../../subgraphs/signatures/demo-pki';
import { plainPayload } from '../../subgraphs/signatures/message-signature';
import { canonicalBytes } from '../../lib/ecp/canonical';
import { signCms } from '../../lib/ecp/pki';
import { JUSTICE_BIN } from './tokens';

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

import { newNumber, registration } from '../../harness/messages';

export { newNumber, registration };

/** A later stage of a request already registered. */
export function followUp(applicationNumber: string, stage: string, occurredAt: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providerBin: JUSTICE_BIN,
    applicationNumber,
    stage,
    occurredAt,
    messageId: randomUUID(),
    ...overrides,
  };
}

/** The demo signers the run's PKI made (test/support/global-setup.ts). */
export function demoSigners(): DemoSigner[] {
  return JSON.parse(readFileSync(path.join(process.env.TEST_PKI_DIR!, 'demo', 'signers.json'), 'utf8'));
}

/**
 * Signs a stage report as the provider's authorised person would: a detached CMS over the RFC 8785
 * bytes of the report without its signature. A report that already has `signature` is left as is.
 */
export function signed(input: Record<string, unknown>, signerBin = input.providerBin as string): Record<string, unknown> {
  if ('signature' in input) return input;
  const signer = demoSigners().find((s) => s.bin === signerBin);
  if (!signer) throw new Error(`no demo signer for ${signerBin}`);
  return { ...input, signature: signAs(signer, input) };
}

/** A detached base64 CMS over the RFC 8785 bytes of the payload (absent fields left out), as NCALayer would make it. */
export function signAs(signer: DemoSigner, payload: Record<string, unknown>): string {
  return signCms({ payload: canonicalBytes(plainPayload(payload)), cert: readFileSync(signer.certFile, 'utf8'), key: createPrivateKey(readFileSync(signer.keyFile)) });
}
