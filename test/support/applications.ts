import { DataSource } from 'typeorm';
import { DemoSigner } from '../../subgraphs/signatures/demo-pki';
import { demoSigners, signAs } from './reports';
import { JUSTICE_BIN, tokenFor } from './tokens';

export const SUBMIT = `
  mutation Submit($input: SubmissionInput!) {
    submitApplication(input: $input) {
      duplicate
      application { id number providerBin plannedDate acceptedAt channel currentStage service { code name } }
    }
  }`;

export const POST_RESULT = `
  mutation Result($input: ResultInput!) { postResult(input: $input) { duplicate application { id currentStage } } }`;

export const signerOf = (role: string, iin?: string): DemoSigner => {
  const signer = demoSigners().find((s) => s.role === role && (!iin || s.iin === iin));
  if (!signer) throw new Error(`no demo signer ${role} ${iin ?? ''}`);
  return signer;
};
export const providerSigner = (bin: string): DemoSigner => demoSigners().find((s) => s.role === 'provider' && s.bin === bin)!;

/** The demo operator's token: an operator's IIN and organisation BIN must match their certificate. */
export function operatorToken(): string {
  const op = signerOf('operator');
  return tokenFor('operator', { iin: op.iin, bin: op.bin, sub: 'operator-1' });
}

/** Signs a message (its `signature` dropped first) as the signer. */
export function signed(input: Record<string, unknown>, signer: DemoSigner): Record<string, unknown> {
  const { signature: _drop, ...payload } = input;
  return { ...payload, signature: signAs(signer, payload) };
}

import { file, submission } from '../../harness/messages';

export { file, submission };

/** A submission signed by the demo operator. */
export const signedSubmission = (overrides: Record<string, unknown> = {}) => signed(submission(overrides), signerOf('operator'));

/** Points a demo provider's system at this test's provider stand. */
export async function routeProviderTo(dataSource: DataSource, bin: string, endpoint: string): Promise<void> {
  await dataSource.query('UPDATE organisation SET has_own_system = true, system_endpoint = $2, system_auth = $3 WHERE bin = $1', [bin, endpoint, 'BEARER']);
}

export { JUSTICE_BIN, signAs };

/** Polls until the check passes or the time is up; bounded in time. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
