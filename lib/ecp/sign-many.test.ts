import 'reflect-metadata';
import { createPrivateKey } from 'node:crypto';
import { canonicalBytes } from './canonical';
import { createRootCa, issueCertificate, Issued, KeyKind, readSigningKey, signCms, signCmsMany } from './pki';
import { TrustStore } from './trust-store';
import { verificationCode } from './verification-code';
import { SignatureVerifier } from './verifier';

/**
 * A batch signed at once (the hub's "sent for execution" stages of one delivery batch): each CMS
 * is made from the first by replacing its digest and signature, and must be what signing each
 * alone makes.
 */
const BIN = '010840004568';
const payloads = Array.from({ length: 5 }, (_, i) => canonicalBytes({ applicationNumber: `QH-2026-000000${i}`, stage: 'SENT_FOR_EXECUTION', n: 'x'.repeat(i * 7) }));
const signingTime = new Date('2026-11-29T10:00:00Z');

async function signerOf(kind: KeyKind): Promise<{ signer: Issued; verifier: SignatureVerifier }> {
  const root = await createRootCa({ kind, name: `CN=sign-many test root ${kind}, C=KZ` });
  const signer = await issueCertificate(root, { commonName: `SIGN MANY ${kind}`, bin: BIN, kind });
  return { signer, verifier: new SignatureVerifier({ trustStore: new TrustStore([root.certPem]) }) };
}

it('makes for RSA, byte for byte, the CMS signCms makes for each payload alone', async () => {
  const { signer } = await signerOf('RSA');
  const key = createPrivateKey(signer.keyPem);
  const many = signCmsMany({ payloads, cert: signer.certPem, key, signingTime });
  expect(many).toEqual(payloads.map((payload) => signCms({ payload, cert: signer.certPem, key, signingTime })));
});

it.each(['RSA', 'EC', 'GOST512'] as KeyKind[])('makes %s signatures that each verify over their own payload, and not over another', async (kind) => {
  const { signer, verifier } = await signerOf(kind);
  const key = kind.startsWith('GOST') ? readSigningKey(signer.keyPem, 'kz') : createPrivateKey(signer.keyPem);
  const many = signCmsMany({ payloads, cert: signer.certPem, key, signingTime });
  expect(new Set(many).size).toBe(payloads.length);
  for (const [i, signature] of many.entries()) {
    expect(await verificationCode(verifier.verify({ signature, payload: payloads[i], receivedAt: new Date() }))).toBe('VERIFIED');
    expect(await verificationCode(verifier.verify({ signature, payload: payloads[(i + 1) % payloads.length], receivedAt: new Date() }))).not.toBe('VERIFIED');
  }
});
