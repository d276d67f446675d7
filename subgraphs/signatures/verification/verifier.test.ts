import 'reflect-metadata';
import { createPrivateKey, KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { ErrorCode } from '../../shared/errors';
import { canonicalBytes } from './canonical';
import { createCrl, createRootCa, issueCertificate, Issued, signCms } from './pki';
import { RevocationList } from './revocation';
import { TrustStore } from './trust-store';
import { SignatureError } from './types';
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

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignatureError) return error.code;
    throw error;
  }
  return 'VERIFIED';
};
const message = (signature: string, body = payload) => ({ signature, payload: body, receivedAt: new Date() });

beforeAll(async () => {
  root = await createRootCa();
  signer = await issueCertificate(root, { commonName: 'СЕЙТКАЛИ АЙГЕРИМ', iin: IIN, bin: BIN, organisation: 'Департамент юстиции' });
  trust = new TrustStore([root.certPem]);
  verifier = new SignatureVerifier({ trustStore: trust });
});

describe('a valid signature', () => {
  it('verifies a detached RSA-2048 CMS and names the signer from the NCA RK subject', async () => {
    const result = await verifier.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(signer) })));
    expect(result).toMatchObject({ signerName: 'СЕЙТКАЛИ АЙГЕРИМ', signerIin: IIN, signerBin: BIN, organisation: 'Департамент юстиции', algorithm: 'RSA-SHA256' });
    expect(result.certificateSerial).toMatch(/^[0-9A-F]+$/);
    expect(result.certificateIssuer).toContain('demo root CA');
  });

  it('verifies an attached CMS whose content is the payload', async () => {
    expect(await codeOf(verifier.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(signer), detached: false }))))).toBe('VERIFIED');
  });

  it('verifies ECDSA P-256 and RSA-PSS signatures', async () => {
    const ec = await issueCertificate(root, { commonName: 'EC SIGNER', bin: BIN, kind: 'EC' });
    const r1 = await verifier.verify(message(signCms({ payload, cert: ec.certPem, key: keyOf(ec) })));
    expect(r1.algorithm).toBe('ECDSA-SHA256');
    const r2 = await verifier.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(signer), pss: true })));
    expect(r2.algorithm).toBe('RSA-PSS-SHA256');
  });

  it('verifies through an intermediate CA carried in the CMS', async () => {
    const intermediate = await issueCertificate(root, { commonName: 'Demo intermediate', ca: true });
    const person = await issueCertificate(intermediate, { commonName: 'VIA INTERMEDIATE', bin: BIN });
    const result = await verifier.verify(message(signCms({ payload, cert: person.certPem, key: keyOf(person), chain: [intermediate.certPem] })));
    expect(result.signerName).toBe('VIA INTERMEDIATE');
  });

  it('takes the signing time from the CMS', async () => {
    const signingTime = new Date(Date.now() - 3600_000);
    const result = await verifier.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(signer), signingTime })));
    expect(Math.abs(result.signedAt.getTime() - signingTime.getTime())).toBeLessThan(1000);
  });

  it('builds the chain of a certificate once and reuses it', async () => {
    const fresh = new SignatureVerifier({ trustStore: trust });
    for (let i = 0; i < 3; i++) await fresh.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(signer) })));
    expect(fresh.chainsBuilt).toBe(1);
  });
});

describe('refusals', () => {
  it('rejects a payload other than the one signed', async () => {
    const signature = signCms({ payload, cert: signer.certPem, key: keyOf(signer) });
    expect(await codeOf(verifier.verify(message(signature, canonicalBytes({ tampered: true }))))).toBe(ErrorCode.PayloadMismatch);
  });

  it('rejects an attached CMS whose content is not the payload', async () => {
    const signature = signCms({ payload: canonicalBytes({ other: 1 }), cert: signer.certPem, key: keyOf(signer), detached: false });
    expect(await codeOf(verifier.verify(message(signature)))).toBe(ErrorCode.PayloadMismatch);
  });

  it("rejects a signature made with another signer's key", async () => {
    const other = await issueCertificate(root, { commonName: 'OTHER', bin: BIN });
    const signature = signCms({ payload, cert: signer.certPem, key: keyOf(other) });
    expect(await codeOf(verifier.verify(message(signature)))).toBe(ErrorCode.SignatureInvalid);
  });

  it('rejects a signature whose certificate has expired', async () => {
    const expired = await issueCertificate(root, { commonName: 'EXPIRED', bin: BIN, notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(await codeOf(verifier.verify(message(signCms({ payload, cert: expired.certPem, key: keyOf(expired) }))))).toBe(ErrorCode.CertExpired);
  });

  it('rejects a signature whose certificate is not yet valid', async () => {
    const future = await issueCertificate(root, { commonName: 'FUTURE', bin: BIN, notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 30 * DAY) });
    expect(await codeOf(verifier.verify(message(signCms({ payload, cert: future.certPem, key: keyOf(future) }))))).toBe(ErrorCode.CertNotYetValid);
  });

  it('rejects a certificate revoked by a CRL of its CA, once the CRL is loaded', async () => {
    const revokedSigner = await issueCertificate(root, { commonName: 'REVOKED', bin: BIN });
    const crls: string[] = [];
    const revocation = new RevocationList(trust, {});
    (revocation as unknown as { opts: { files: string[] } }).opts.files = [];
    const withCrl = new SignatureVerifier({ trustStore: trust, revocation });
    const signature = signCms({ payload, cert: revokedSigner.certPem, key: keyOf(revokedSigner) });
    expect(await codeOf(withCrl.verify(message(signature)))).toBe('VERIFIED');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/qyzmet-crl-');
    crls.push(await createCrl(root, [revokedSigner.cert.serialNumber]));
    writeFileSync(`${dir}/root.crl`, crls[0]);
    (revocation as unknown as { opts: { dir: string } }).opts.dir = dir;
    await revocation.refresh();
    expect(await codeOf(withCrl.verify(message(signature)))).toBe(ErrorCode.CertRevoked);
    expect(await codeOf(withCrl.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(signer) }))))).toBe('VERIFIED');
  });

  it('loads a CRL from a configured URL', async () => {
    const { createServer } = await import('node:http');
    const revokedSigner = await issueCertificate(root, { commonName: 'REVOKED BY URL', bin: BIN });
    const crl = await createCrl(root, [revokedSigner.cert.serialNumber]);
    const server = createServer((_req, res) => res.end(crl));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const revocation = new RevocationList(trust, { urls: [`http://127.0.0.1:${port}/root.crl`] });
    await revocation.refresh();
    server.close();
    const withCrl = new SignatureVerifier({ trustStore: trust, revocation });
    expect(await codeOf(withCrl.verify(message(signCms({ payload, cert: revokedSigner.certPem, key: keyOf(revokedSigner) }))))).toBe(ErrorCode.CertRevoked);
  });

  it('ignores a CRL not signed by a trusted CA', async () => {
    const stranger = await createRootCa({ name: 'CN=Stranger CA' });
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/qyzmet-crl-');
    writeFileSync(`${dir}/fake.crl`, await createCrl(stranger, [signer.cert.serialNumber]));
    const revocation = new RevocationList(trust, { dir });
    await revocation.refresh();
    const withCrl = new SignatureVerifier({ trustStore: trust, revocation });
    expect(await codeOf(withCrl.verify(message(signCms({ payload, cert: signer.certPem, key: keyOf(signer) }))))).toBe('VERIFIED');
  });

  it('rejects a self-signed certificate or one from an unknown root', async () => {
    const unknownRoot = await createRootCa({ name: 'CN=Unknown root' });
    const person = await issueCertificate(unknownRoot, { commonName: 'UNKNOWN', bin: BIN });
    expect(await codeOf(verifier.verify(message(signCms({ payload, cert: person.certPem, key: keyOf(person) }))))).toBe(ErrorCode.CertUntrusted);
    expect(await codeOf(verifier.verify(message(signCms({ payload, cert: unknownRoot.certPem, key: keyOf(unknownRoot) }))))).toBe(ErrorCode.CertUntrusted);
  });

  it('rejects a certificate whose key usage is not for signing', async () => {
    const certSigner = await issueCertificate(root, { commonName: 'WRONG USAGE', bin: BIN, keyUsage: x509.KeyUsageFlags.keyEncipherment });
    expect(await codeOf(verifier.verify(message(signCms({ payload, cert: certSigner.certPem, key: keyOf(certSigner) }))))).toBe(ErrorCode.CertKeyUsage);
  });

  it('rejects garbage that is not base64 or not a CMS', async () => {
    expect(await codeOf(verifier.verify(message('not base64 at all!')))).toBe(ErrorCode.MalformedSignature);
    expect(await codeOf(verifier.verify(message(Buffer.from('hello world').toString('base64'))))).toBe(ErrorCode.MalformedSignature);
  });

  it('rejects an oversized blob', async () => {
    expect(await codeOf(verifier.verify(message('A'.repeat(70_000))))).toBe(ErrorCode.MalformedSignature);
  });

  it('rejects a GOST signature as an unsupported algorithm until a GOST verifier is configured', async () => {
    const der = Buffer.from(signCms({ payload, cert: signer.certPem, key: keyOf(signer) }), 'base64');
    const info = pkijs.ContentInfo.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.length));
    const signed = new pkijs.SignedData({ schema: info.content });
    // GOST R 34.10-2012 (512-bit) with Streebog, as NCA RK's current chain signs
    signed.signerInfos[0].signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.643.7.1.1.3.3' });
    const forged = Buffer.from(new pkijs.ContentInfo({ contentType: info.contentType, content: signed.toSchema(true) }).toSchema().toBER());
    expect(await codeOf(verifier.verify(message(forged.toString('base64'))))).toBe(ErrorCode.UnsupportedAlgorithm);
  });
});
