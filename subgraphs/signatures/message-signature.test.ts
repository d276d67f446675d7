import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { checkMessageSignature } from './message-signature';
import { signMessage } from '../../lib/ecp/sign-message';
import { createRootCa, issueCertificate, Issued } from '../../lib/ecp/pki';
import { TrustStore } from '../../lib/ecp/trust-store';
import { SignatureVerifier } from '../../lib/ecp/verifier';

describe('checking a message signature against its sender', () => {
  let root: Issued;
  let operator: Issued;
  let verifier: SignatureVerifier;
  const OPERATOR_IIN = '900101300126';
  beforeAll(async () => {
    root = await createRootCa();
    operator = await issueCertificate(root, { commonName: 'OPERATOR', iin: OPERATOR_IIN, bin: '990340001230' });
    verifier = new SignatureVerifier({ trustStore: new TrustStore([root.certPem]) });
  });

  const check = (message: Record<string, unknown>, sender: { senderBin?: string; senderIin?: string }) => {
    const { signature, ...payload } = message;
    return checkMessageSignature(verifier, { signature: signature as string, payload, receivedAt: new Date(), ...sender });
  };
  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'OK', (e: GraphQLError) => e.extensions.code);

  it("accepts an operator's request signed with the operator's own certificate", async () => {
    const message = signMessage({ documentType: 'IDENTITY', subjectIin: '850625401118' }, operator.certPem, operator.keyPem);
    expect(await codeOf(check(message, { senderBin: '990340001230', senderIin: OPERATOR_IIN }))).toBe('OK');
  });

  it("rejects an operator's request signed by another person", async () => {
    const message = signMessage({ documentType: 'IDENTITY' }, operator.certPem, operator.keyPem);
    expect(await codeOf(check(message, { senderIin: '850625401118' }))).toBe('SIGNER_MISMATCH');
  });

  it('rejects a message from an organisation other than the signer’s', async () => {
    const message = signMessage({ documentType: 'IDENTITY' }, operator.certPem, operator.keyPem);
    expect(await codeOf(check(message, { senderBin: '010840004568' }))).toBe('SIGNER_MISMATCH');
  });

  it('rejects an unsigned message', async () => {
    expect(await codeOf(check({ documentType: 'IDENTITY' }, {}))).toBe('SIGNATURE_REQUIRED');
  });
});
