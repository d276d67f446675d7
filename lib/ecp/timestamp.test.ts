import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { timestampToken } from '../../test/support/openssl';
import { HUB_ALGORITHMS } from './algorithms';
import { canonicalBytes } from './canonical';
import { parseCms } from './cms';
import { OID } from './oids';
import { createCrl, createRootCa, issueCertificate, Issued, signCms, withUnsignedAttribute } from './pki';
import { RevocationList } from './revocation';
import { TimestampVerifier } from './timestamp';
import { TrustStore } from './trust-store';
import { verificationCode } from './verification-code';
import { SignatureVerifier } from './verifier';
import { SignatureErrorCode } from './types';

/** Signature time-stamps (CAdES-T) from a TSA made with `openssl ts -reply`. */
const BIN = '010840004568';
const payload = canonicalBytes({ providerBin: BIN, stage: 'ACCEPTED' });
const codeOf = verificationCode;
const HOUR = 3600_000;
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

let root: Issued;
let tsa: Issued;
let gostTsa: Issued;
let signer: Issued;
let trust: TrustStore;

const signatureValue = (cms: string) => parseCms(cms, payload, 65_536).signature;
/** The CMS with a time-stamp token over its own signature value (or over `over`), from `authority`. */
function stamped(cms: string, authority = tsa, over = signatureValue(cms), gost = false): string {
  const token = timestampToken({ signatureValue: over, tsaPem: authority.certPem, tsaKeyPem: authority.keyPem, gost, digest: gost ? 'md_gost12_256' : 'sha256' });
  return withUnsignedAttribute(cms, { type: OID.signatureTimeStampToken, value: token });
}
const signedBy = (who: Issued, extra: Partial<Parameters<typeof signCms>[0]> = {}) => signCms({ payload, cert: who.certPem, key: who.gost!, ...extra });
const at = (signature: string, receivedAt = new Date()) => ({ signature, payload, receivedAt });

beforeAll(async () => {
  root = await createRootCa({ kind: 'GOST512', name: 'CN=TSA test GOST root, C=KZ' });
  const rsaRoot = await createRootCa({ name: 'CN=TSA test RSA root, C=KZ' });
  tsa = await issueCertificate(rsaRoot, { commonName: 'Test TSA (RSA)', extendedKeyUsage: [TIME_STAMPING] });
  gostTsa = await issueCertificate(root, { commonName: 'Test TSA (GOST)', kind: 'GOST512', profile: 'rfc', extendedKeyUsage: [TIME_STAMPING] });
  signer = await issueCertificate(root, { commonName: 'STAMPED SIGNER', bin: BIN, kind: 'GOST512', notAfter: new Date(Date.now() + HOUR) });
  trust = new TrustStore([root.certPem, rsaRoot.certPem]);
});

describe('a signature time-stamp token', () => {
  it("makes the TSA's genTime the signing time, exposed as timestampedAt", async () => {
    const result = await new SignatureVerifier({ trustStore: trust }).verify(at(stamped(signedBy(signer))));
    expect(result.timestampedAt).toBeInstanceOf(Date);
    expect(Math.abs(result.timestampedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(result.signedAt).toEqual(result.timestampedAt);
  });

  it('keeps a signature valid after its certificate expired when it was time-stamped before (CAdES-T)', async () => {
    const verifier = new SignatureVerifier({ trustStore: trust });
    const later = new Date(Date.now() + 2 * HOUR); // received after the certificate's notAfter
    expect(await codeOf(verifier.verify(at(signedBy(signer), later)))).toBe(SignatureErrorCode.CertExpired);
    expect(await codeOf(verifier.verify(at(stamped(signedBy(signer)), later)))).toBe('VERIFIED');
  });

  it('counts a revocation only from its date when the signature was time-stamped earlier', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-ts-crl-'));
    const cms = stamped(signedBy(signer));
    const verifyWithCrl = async (revokedAt: Date) => {
      writeFileSync(path.join(dir, 'root.crl'), await createCrl(root, [{ serialNumber: signer.cert.serialNumber, revokedAt }]));
      const revocation = new RevocationList(trust, { dir });
      await revocation.refresh();
      return codeOf(new SignatureVerifier({ trustStore: trust, revocation }).verify(at(cms)));
    };
    expect(await verifyWithCrl(new Date(Date.now() + 60_000))).toBe('VERIFIED');
    expect(await verifyWithCrl(new Date(Date.now() - HOUR))).toBe(SignatureErrorCode.CertRevoked);
  });

  it('refuses a token about another signature value as TIMESTAMP_INVALID', async () => {
    const cms = signedBy(signer);
    await expect(new SignatureVerifier({ trustStore: trust }).verify(at(stamped(cms, tsa, Buffer.from('another signature'))))).rejects.toMatchObject({ code: SignatureErrorCode.TimestampInvalid, message: expect.stringMatching(/another signature value/) });
  });

  it('refuses a token from a TSA outside the TSA trust store as TIMESTAMP_INVALID', async () => {
    const onlyGost = new TimestampVerifier(new TrustStore([root.certPem]), HUB_ALGORITHMS);
    await expect(new SignatureVerifier({ trustStore: trust, timestamps: onlyGost }).verify(at(stamped(signedBy(signer))))).rejects.toMatchObject({ code: SignatureErrorCode.TimestampInvalid, message: expect.stringMatching(/untrusted TSA/) });
  });

  it('refuses a token whose genTime was altered after the TSA signed it as TIMESTAMP_INVALID', async () => {
    const cms = signedBy(signer);
    const token = Buffer.from(timestampToken({ signatureValue: signatureValue(cms), tsaPem: tsa.certPem, tsaKeyPem: tsa.keyPem }));
    const secondsDigit = token.indexOf(Buffer.from([0x18, 0x0f])) + 2 + 13; // GeneralizedTime YYYYMMDDHHMMSSZ: the last digit of the seconds
    token[secondsDigit] ^= 1;
    await expect(new SignatureVerifier({ trustStore: trust }).verify(at(withUnsignedAttribute(cms, { type: OID.signatureTimeStampToken, value: token })))).rejects.toMatchObject({ code: SignatureErrorCode.TimestampInvalid, message: expect.stringMatching(/other content than its TSTInfo/) });
  });

  it('refuses a signingTime claimed after the time-stamp', async () => {
    const cms = stamped(signedBy(signer, { signingTime: new Date(Date.now() + 30 * 60_000) }));
    await expect(new SignatureVerifier({ trustStore: trust }).verify(at(cms))).rejects.toMatchObject({ code: SignatureErrorCode.TimestampInvalid, message: expect.stringMatching(/after its time-stamp/) });
  });

  it('verifies a token from a GOST TSA (openssl ts with the GOST engine, Streebog imprint)', async () => {
    const result = await new SignatureVerifier({ trustStore: trust }).verify(at(stamped(signedBy(signer), gostTsa, undefined, true)));
    expect(result.timestampedAt).toBeInstanceOf(Date);
  });
});
