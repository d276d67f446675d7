import 'reflect-metadata';
import { createPrivateKey, KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { NODE_ALGORITHMS } from './algorithms';
import { canonicalBytes } from './canonical';
import { createDemoCa, createRootCa, issueCertificate, Issued, signCms } from './pki';
import { TrustStore } from './trust-store';
import { AlgorithmVerifier, SignatureErrorCode } from './types';
import { verificationCode } from './verification-code';
import { SignatureVerifier } from './verifier';

const IIN = '900101300126';
const BIN = '010840004568';
const payload = canonicalBytes({ providerBin: BIN, applicationNumber: 'A-1', stage: 'ACCEPTED', occurredAt: '2024-05-02T10:00:00+05:00' });
const DAY = 86_400_000;
const keyOf = (issued: Issued): KeyObject => createPrivateKey(issued.keyPem);

let root: Issued;
let signer: Issued;
let trust: TrustStore;
let verifier: SignatureVerifier;

const codeOf = verificationCode;
const message = (signature: string, body = payload, receivedAt = new Date()) => ({ signature, payload: body, receivedAt });
const signBy = (who: Issued, extra: Partial<Parameters<typeof signCms>[0]> = {}) => signCms({ payload, cert: who.certPem, key: keyOf(who), ...extra });

/** A valid CMS with the SignerInfo's signatureAlgorithm OID replaced (as a GOST signer would name it). */
function withSignatureAlgorithm(signature: string, oid: string): string {
  const der = Buffer.from(signature, 'base64');
  const info = pkijs.ContentInfo.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.length));
  const signed = new pkijs.SignedData({ schema: info.content });
  signed.signerInfos[0].signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: oid });
  return Buffer.from(new pkijs.ContentInfo({ contentType: info.contentType, content: signed.toSchema(true) }).toSchema().toBER()).toString('base64');
}

beforeAll(async () => {
  root = await createRootCa();
  signer = await issueCertificate(root, { commonName: 'СЕЙТКАЛИ АЙГЕРИМ', givenName: 'БОЛАТОВНА', iin: IIN, bin: BIN, organisation: 'ТОО "Рога, копыта"' });
  trust = new TrustStore([root.certPem]);
  verifier = new SignatureVerifier({ trustStore: trust });
});

describe('a valid signature', () => {
  it('verifies a detached RSA-2048 CMS and names the signer from the NCA RK subject', async () => {
    const result = await verifier.verify(message(signBy(signer)));
    expect(result).toMatchObject({ signerName: 'СЕЙТКАЛИ АЙГЕРИМ', signerIin: IIN, signerBin: BIN, organisation: 'ТОО "Рога, копыта"', algorithm: 'RSA-SHA256' });
    expect(result.certificateSerial).toBe(signer.cert.serialNumber.toUpperCase());
    expect(result.certificateIssuer).toBe('C=KZ,O=Qyzmet Hub test stand,CN=Qyzmet Hub demo root CA (test only)');
  });

  it('verifies an attached CMS whose content is the payload', async () => {
    expect(await codeOf(verifier.verify(message(signBy(signer, { detached: false }))))).toBe('VERIFIED');
  });

  it('verifies an ECDSA P-256 signature', async () => {
    const ec = await issueCertificate(root, { commonName: 'EC SIGNER', bin: BIN, kind: 'EC' });
    expect((await verifier.verify(message(signBy(ec)))).algorithm).toBe('ECDSA-SHA256');
  });

  it('verifies an RSA-PSS signature with its hash and salt length from the parameters', async () => {
    expect((await verifier.verify(message(signBy(signer, { pss: true })))).algorithm).toBe('RSA-PSS-SHA256');
  });

  it('verifies a CMS without signed attributes, whose signature is over the content itself', async () => {
    expect(await codeOf(verifier.verify(message(signBy(signer, { signedAttributes: false }))))).toBe('VERIFIED');
    expect(await codeOf(verifier.verify(message(signBy(signer, { signedAttributes: false, detached: false }))))).toBe('VERIFIED');
  });

  it('verifies through an intermediate CA carried in the CMS', async () => {
    const { root: demoRoot, issuer, chain } = await createDemoCa({ intermediate: true });
    const person = await issueCertificate(issuer, { commonName: 'VIA INTERMEDIATE', bin: BIN });
    const withRoot = new SignatureVerifier({ trustStore: new TrustStore([demoRoot.certPem]) });
    const result = await withRoot.verify(message(signBy(person, { chain: chain.map((c) => c.certPem) })));
    expect(result.signerName).toBe('VIA INTERMEDIATE');
  });

  it('takes the signing time from the CMS, else the time of receipt', async () => {
    const signingTime = new Date(Date.now() - 3600_000);
    const result = await verifier.verify(message(signBy(signer, { signingTime })));
    expect(Math.abs(result.signedAt.getTime() - signingTime.getTime())).toBeLessThan(1000);
    const receivedAt = new Date(Date.now() - 60_000);
    expect((await verifier.verify(message(signBy(signer, { signedAttributes: false }), payload, receivedAt))).signedAt).toEqual(receivedAt);
  });

  it('stamps verifiedAt from the configured clock', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const clocked = new SignatureVerifier({ trustStore: trust, now: () => now });
    expect((await clocked.verify(message(signBy(signer)))).verifiedAt).toBe(now);
  });
});

describe('the certificate cache', () => {
  it('builds the chain of a certificate once and reuses it for later messages', async () => {
    const fresh = new SignatureVerifier({ trustStore: trust });
    const chainSpy = jest.spyOn(trust, 'chain');
    for (let i = 0; i < 3; i++) await fresh.verify(message(signBy(signer)));
    expect(fresh.chainsBuilt).toBe(1);
    expect(chainSpy).toHaveBeenCalledTimes(1);
    chainSpy.mockRestore();
  });

  it('still checks validity times per message when the chain comes from the cache', async () => {
    const fresh = new SignatureVerifier({ trustStore: trust });
    const signature = signBy(signer, { signedAttributes: false });
    expect(await codeOf(fresh.verify(message(signature)))).toBe('VERIFIED');
    expect(await codeOf(fresh.verify(message(signature, payload, new Date(Date.now() + 400 * DAY))))).toBe(SignatureErrorCode.CertExpired);
    expect(fresh.chainsBuilt).toBe(1);
  });

  it('still checks each signature value when the certificate is cached', async () => {
    const fresh = new SignatureVerifier({ trustStore: trust });
    await fresh.verify(message(signBy(signer)));
    const other = await issueCertificate(root, { commonName: 'OTHER', bin: BIN });
    expect(await codeOf(fresh.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(other) }))))).toBe(SignatureErrorCode.SignatureInvalid);
  });

  it('builds the chain anew after clearCache()', async () => {
    const fresh = new SignatureVerifier({ trustStore: trust });
    await fresh.verify(message(signBy(signer)));
    fresh.clearCache();
    await fresh.verify(message(signBy(signer)));
    expect(fresh.chainsBuilt).toBe(2);
  });
});

describe('refusals', () => {
  it('rejects a payload other than the one signed (messageDigest) with PAYLOAD_MISMATCH', async () => {
    expect(await codeOf(verifier.verify(message(signBy(signer), canonicalBytes({ tampered: true }))))).toBe(SignatureErrorCode.PayloadMismatch);
  });

  it('rejects an attached CMS whose content is not the payload', async () => {
    const signature = signCms({ payload: canonicalBytes({ other: 1 }), cert: signer.certPem, key: keyOf(signer), detached: false });
    expect(await codeOf(verifier.verify(message(signature)))).toBe(SignatureErrorCode.PayloadMismatch);
  });

  it('rejects a tampered payload under a signature without signed attributes as SIGNATURE_INVALID', async () => {
    expect(await codeOf(verifier.verify(message(signBy(signer, { signedAttributes: false }), canonicalBytes({ tampered: true }))))).toBe(SignatureErrorCode.SignatureInvalid);
  });

  it("rejects a signature made with another signer's key", async () => {
    const other = await issueCertificate(root, { commonName: 'OTHER', bin: BIN });
    expect(await codeOf(verifier.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(other) }))))).toBe(SignatureErrorCode.SignatureInvalid);
  });

  it('rejects an ECDSA signature checked against an RSA certificate', async () => {
    const ec = await issueCertificate(root, { commonName: 'EC', kind: 'EC' });
    expect(await codeOf(verifier.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(ec) }))))).toBe(SignatureErrorCode.SignatureInvalid);
  });

  it('rejects a signature whose certificate has expired', async () => {
    const expired = await issueCertificate(root, { commonName: 'EXPIRED', bin: BIN, notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(await codeOf(verifier.verify(message(signBy(expired))))).toBe(SignatureErrorCode.CertExpired);
  });

  it('rejects a signature made while the certificate was valid but received after it expired', async () => {
    const HOUR = 3600_000;
    const shortLived = await issueCertificate(root, { commonName: 'SHORT', bin: BIN, notBefore: new Date(Date.now() - 10 * HOUR), notAfter: new Date(Date.now() - HOUR) });
    const signature = signBy(shortLived, { signingTime: new Date(Date.now() - 3 * HOUR) });
    expect(await codeOf(verifier.verify(message(signature)))).toBe(SignatureErrorCode.CertExpired);
    expect(await codeOf(verifier.verify(message(signature, payload, new Date(Date.now() - 2 * HOUR))))).toBe('VERIFIED');
  });

  it('rejects a signature whose certificate is not yet valid', async () => {
    const future = await issueCertificate(root, { commonName: 'FUTURE', bin: BIN, notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) });
    expect(await codeOf(verifier.verify(message(signBy(future))))).toBe(SignatureErrorCode.CertNotYetValid);
  });

  it('rejects a signature whose signing time predates the certificate', async () => {
    const fresh = await issueCertificate(root, { commonName: 'FRESH', bin: BIN, notBefore: new Date(Date.now() - 60_000) });
    expect(await codeOf(verifier.verify(message(signBy(fresh, { signingTime: new Date(Date.now() - DAY) }))))).toBe(SignatureErrorCode.CertNotYetValid);
  });

  it('rejects a self-signed certificate or one from an unknown root', async () => {
    const unknownRoot = await createRootCa({ name: 'CN=Unknown root' });
    const person = await issueCertificate(unknownRoot, { commonName: 'UNKNOWN', bin: BIN });
    expect(await codeOf(verifier.verify(message(signBy(person))))).toBe(SignatureErrorCode.CertUntrusted);
    expect(await codeOf(verifier.verify(message(signBy(unknownRoot))))).toBe(SignatureErrorCode.CertUntrusted);
  });

  it('rejects a certificate from an impostor CA with the trusted root’s name', async () => {
    const impostor = await createRootCa(); // same default name as `root`, another key
    const person = await issueCertificate(impostor, { commonName: 'IMPOSTOR', bin: BIN });
    expect(await codeOf(verifier.verify(message(signBy(person, { chain: [impostor.certPem] }))))).toBe(SignatureErrorCode.CertUntrusted);
  });

  it('rejects a certificate whose key usage is keyCertSign only', async () => {
    const certSigner = await issueCertificate(root, { commonName: 'WRONG USAGE', bin: BIN, keyUsage: x509.KeyUsageFlags.keyCertSign });
    expect(await codeOf(verifier.verify(message(signBy(certSigner))))).toBe(SignatureErrorCode.CertKeyUsage);
  });

  it('accepts a certificate whose key usage is nonRepudiation only', async () => {
    const nr = await issueCertificate(root, { commonName: 'NR ONLY', bin: BIN, keyUsage: x509.KeyUsageFlags.nonRepudiation });
    expect(await codeOf(verifier.verify(message(signBy(nr))))).toBe('VERIFIED');
  });

  it('rejects garbage that is not base64, not ASN.1 or not a CMS as MALFORMED_SIGNATURE', async () => {
    for (const garbage of ['not base64 at all!', '', Buffer.from('hello world').toString('base64'), Buffer.from([0x30, 0x03, 0x06, 0x01, 0x00]).toString('base64')]) {
      expect(await codeOf(verifier.verify(message(garbage)))).toBe(SignatureErrorCode.MalformedSignature);
    }
  });

  it('rejects a truncated CMS as MALFORMED_SIGNATURE', async () => {
    const der = Buffer.from(signBy(signer), 'base64');
    expect(await codeOf(verifier.verify(message(der.subarray(0, der.length / 2).toString('base64'))))).toBe(SignatureErrorCode.MalformedSignature);
  });

  it('rejects an oversized blob as MALFORMED_SIGNATURE saying it is too large', async () => {
    await expect(verifier.verify(message('A'.repeat(70_000)))).rejects.toMatchObject({ code: SignatureErrorCode.MalformedSignature, message: expect.stringContaining('too large') });
  });

  it('applies a configured signature size limit', async () => {
    const small = new SignatureVerifier({ trustStore: trust, maxSignatureBytes: 100 });
    expect(await codeOf(small.verify(message(signBy(signer))))).toBe(SignatureErrorCode.MalformedSignature);
  });

  it('rejects a GOST signature OID over a digest that is not its own (SHA-256) as UNSUPPORTED_ALGORITHM naming both', async () => {
    const gost = withSignatureAlgorithm(signBy(signer), '1.2.643.7.1.1.3.2');
    await expect(verifier.verify(message(gost))).rejects.toMatchObject({ code: SignatureErrorCode.UnsupportedAlgorithm, message: expect.stringMatching(/1\.2\.643\.7\.1\.1\.3\.2 \(digest 2\.16\.840\.1\.101\.3\.4\.2\.1\).*GOST 34\.10-2015/) });
  });

  it('rejects GOST when the verifier is configured without it (Node algorithms only) as UNSUPPORTED_ALGORITHM', async () => {
    const nodeOnly = new SignatureVerifier({ trustStore: new TrustStore([root.certPem], { algorithms: NODE_ALGORITHMS }), algorithms: NODE_ALGORITHMS });
    const gost = withSignatureAlgorithm(signBy(signer), '1.2.398.3.10.1.1.2.3.2');
    expect(await codeOf(nodeOnly.verify(message(gost)))).toBe(SignatureErrorCode.UnsupportedAlgorithm);
  });

  it('rejects a GOST 34.310-2004 signature as UNSUPPORTED_ALGORITHM', async () => {
    expect(await codeOf(verifier.verify(message(withSignatureAlgorithm(signBy(signer), '1.3.6.1.4.1.6801.1.2.2'))))).toBe(SignatureErrorCode.UnsupportedAlgorithm);
  });

  it('rejects SHA-1 RSA signatures as UNSUPPORTED_ALGORITHM', async () => {
    expect(await codeOf(verifier.verify(message(withSignatureAlgorithm(signBy(signer, { signedAttributes: false }), '1.2.840.113549.1.1.5'))))).toBe(SignatureErrorCode.UnsupportedAlgorithm);
  });
});

describe('pluggable algorithms', () => {
  it('hands a GOST signature to a configured GOST verifier with the signed bytes and the signer key', async () => {
    const calls: Parameters<AlgorithmVerifier['verify']>[0][] = [];
    const gost: AlgorithmVerifier = {
      supports: (sigOid) => sigOid === '1.2.643.7.1.1.3.2',
      verify: (args) => (calls.push(args), true),
      name: () => 'GOST34.10-2015-256',
    };
    const withGost = new SignatureVerifier({ trustStore: trust, algorithms: [gost, ...NODE_ALGORITHMS] });
    const result = await withGost.verify(message(withSignatureAlgorithm(signBy(signer, { signedAttributes: false }), '1.2.643.7.1.1.3.2')));
    expect(result.algorithm).toBe('GOST34.10-2015-256');
    expect(calls).toHaveLength(1);
    expect(calls[0].signedBytes.equals(payload)).toBe(true);
    expect(calls[0].publicKeySpki.equals(Buffer.from(signer.cert.publicKey.rawData))).toBe(true);
  });

  it('refuses a signature a plugged-in verifier cannot check (it throws) as SIGNATURE_INVALID', async () => {
    const broken: AlgorithmVerifier = { supports: () => true, verify: () => { throw new Error('no key'); } };
    expect(await codeOf(new SignatureVerifier({ trustStore: trust, algorithms: [broken] }).verify(message(signBy(signer))))).toBe(SignatureErrorCode.CertUntrusted);
    const brokenForCms: AlgorithmVerifier = { ...broken, supports: (sigOid) => sigOid === '1.2.643.7.1.1.3.2' };
    const mixed = new SignatureVerifier({ trustStore: trust, algorithms: [brokenForCms, ...NODE_ALGORITHMS] });
    expect(await codeOf(mixed.verify(message(withSignatureAlgorithm(signBy(signer), '1.2.643.7.1.1.3.2'))))).toBe(SignatureErrorCode.SignatureInvalid);
  });
});
