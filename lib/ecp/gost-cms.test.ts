import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { canonicalBytes } from './canonical';
import { arrayBuffer } from './certificates';
import { createCrl, createRootCa, GostSigner, issueCertificate, Issued, KeyKind, signCms } from './pki';
import { RevocationList } from './revocation';
import { TrustStore } from './trust-store';
import { verificationCode } from './verification-code';
import { SignatureVerifier } from './verifier';
import { SignatureErrorCode } from './types';

/**
 * GOST signatures end to end through the verification library: NCA RK's Kazakh profile (made by
 * our own signer) and the RFC profile (made by OpenSSL's GOST engine), CMS, chains and CRLs.
 */
const IIN = '900101300126';
const BIN = '010840004568';
const payload = canonicalBytes({ providerBin: BIN, applicationNumber: 'G-1', stage: 'ACCEPTED', occurredAt: '2024-05-02T10:00:00+05:00' });
const codeOf = verificationCode;
const message = (signature: string, body = payload) => ({ signature, payload: body, receivedAt: new Date() });
const gostKey = (issued: Issued): GostSigner => issued.gost!;

const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-gost-cms-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

/** A CMS whose SignerInfo signature value is replaced (e.g. by its layout in the other profile). */
function withSignatureValue(signature: string, change: (value: Buffer) => Buffer): string {
  const info = pkijs.ContentInfo.fromBER(arrayBuffer(Buffer.from(signature, 'base64')));
  const signed = new pkijs.SignedData({ schema: info.content });
  const value = Buffer.from(signed.signerInfos[0].signature.valueBlock.valueHexView);
  signed.signerInfos[0].signature.valueBlock.valueHexView = new Uint8Array(change(value));
  return Buffer.from(new pkijs.ContentInfo({ contentType: info.contentType, content: signed.toSchema(true) }).toSchema().toBER()).toString('base64');
}

describe.each([['GOST512', 'GOST34.10-2015-512'], ['GOST256', 'GOST34.10-2015-256'], ['GOST2004', 'GOST34.310-2004']] as [KeyKind, string][])('the Kazakh profile, %s', (kind, algorithm) => {
  let root: Issued;
  let intermediate: Issued;
  let signer: Issued;
  let verifier: SignatureVerifier;

  beforeAll(async () => {
    root = await createRootCa({ kind, name: `CN=NCA RK GOST test root ${kind}, C=KZ` });
    intermediate = await issueCertificate(root, { commonName: `NCA RK GOST test intermediate ${kind}`, ca: true, kind });
    signer = await issueCertificate(intermediate, { commonName: 'СЕЙТКАЛИ АЙГЕРИМ', iin: IIN, bin: BIN, organisation: 'ТОО "Рога, копыта"', kind, extendedKeyUsage: ['1.3.6.1.5.5.7.3.4'] });
    verifier = new SignatureVerifier({ trustStore: new TrustStore([root.certPem]) });
  });

  const sign = (opts: Partial<Parameters<typeof signCms>[0]> = {}) => signCms({ payload, cert: signer.certPem, key: gostKey(signer), chain: [intermediate.certPem], ...opts });

  it('verifies a detached CMS through a GOST root and intermediate, naming the signer', async () => {
    expect(await verifier.verify(message(sign()))).toMatchObject({ signerName: 'СЕЙТКАЛИ АЙГЕРИМ', signerIin: IIN, signerBin: BIN, algorithm });
  });

  it('verifies an attached CMS, and one without signed attributes', async () => {
    expect(await codeOf(verifier.verify(message(sign({ detached: false }))))).toBe('VERIFIED');
    expect(await codeOf(verifier.verify(message(sign({ signedAttributes: false }))))).toBe('VERIFIED');
    expect(await codeOf(verifier.verify(message(sign({ signedAttributes: false, detached: false }))))).toBe('VERIFIED');
  });

  it('verifies a SignerInfo naming the key algorithm instead of the signature algorithm', async () => {
    expect(await codeOf(verifier.verify(message(sign({ keyAlgorithmInSignerInfo: true }))))).toBe('VERIFIED');
  });

  it('refuses the signature value in the RFC byte order under the Kazakh OIDs as SIGNATURE_INVALID', async () => {
    expect(await codeOf(verifier.verify(message(withSignatureValue(sign(), (v) => Buffer.from(v).reverse()))))).toBe(SignatureErrorCode.SignatureInvalid);
  });

  it('refuses another payload: PAYLOAD_MISMATCH with signed attributes, SIGNATURE_INVALID without', async () => {
    const other = canonicalBytes({ providerBin: BIN, applicationNumber: 'G-1', stage: 'CLOSED' });
    expect(await codeOf(verifier.verify(message(sign(), other)))).toBe(SignatureErrorCode.PayloadMismatch);
    expect(await codeOf(verifier.verify(message(sign({ signedAttributes: false }), other)))).toBe(SignatureErrorCode.SignatureInvalid);
  });

  it('hashes the payload only for a trusted signer: an untrusted one with a changed payload is CERT_UNTRUSTED, not PAYLOAD_MISMATCH', async () => {
    const stranger = await createRootCa({ kind, name: `CN=Stranger ${kind}, C=KZ` });
    const signature = signCms({ payload, cert: stranger.certPem, key: gostKey(stranger) });
    expect(await codeOf(verifier.verify(message(signature, Buffer.alloc(1_000_000, 'x'))))).toBe(SignatureErrorCode.CertUntrusted);
  });

  it('refuses a certificate the intermediate’s GOST CRL revokes, and only when that CRL verifies in the Kazakh layout', async () => {
    const revokedSigner = await issueCertificate(intermediate, { commonName: 'REVOKED', bin: BIN, kind });
    const crl = await createCrl(intermediate, [revokedSigner.cert.serialNumber]);
    writeFileSync(file(`${kind}.crl`), crl);
    const trustStore = new TrustStore([root.certPem, intermediate.certPem]);
    const revocation = new RevocationList(trustStore, { files: [file(`${kind}.crl`)] });
    await revocation.refresh();
    const withCrl = new SignatureVerifier({ trustStore, revocation });
    const signature = signCms({ payload, cert: revokedSigner.certPem, key: gostKey(revokedSigner) });
    expect(await codeOf(withCrl.verify(message(signature)))).toBe(SignatureErrorCode.CertRevoked);
    expect(await codeOf(withCrl.verify(message(sign())))).toBe('VERIFIED');

    // the same CRL with its signature bytes in the RFC order does not verify under its Kazakh OID: ignored
    const der = Buffer.from(crl.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const size = kind === 'GOST512' ? 128 : 64;
    const swapped = Buffer.concat([der.subarray(0, der.length - size), Buffer.from(der.subarray(der.length - size)).reverse()]);
    writeFileSync(file(`${kind}-swapped.crl`), swapped);
    const logs: string[] = [];
    const swappedList = new RevocationList(trustStore, { files: [file(`${kind}-swapped.crl`)], log: (m) => logs.push(m) });
    await swappedList.refresh();
    expect(await codeOf(new SignatureVerifier({ trustStore, revocation: swappedList }).verify(message(signature)))).toBe('VERIFIED');
    expect(logs.join('\n')).toMatch(/signature does not verify/);
  });
});

describe('the RFC profile: OpenSSL’s GOST engine as the signer', () => {
  let verifier: SignatureVerifier;

  beforeAll(() => {
    // a root, an intermediate and a signer of OpenSSL's own making, GOST-512 paramset A
    for (const name of ['root', 'ca', 'signer']) openssl('genpkey', '-engine', 'gost', '-algorithm', 'gost2012_512', '-pkeyopt', 'paramset:A', '-out', file(`rfc-${name}.key`));
    writeFileSync(file('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
    writeFileSync(file('signer.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n');
    openssl('req', '-engine', 'gost', '-x509', '-new', '-key', file('rfc-root.key'), '-subj', '/CN=OpenSSL GOST root/C=KZ', '-days', '30', '-out', file('rfc-root.pem'), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-engine', 'gost', '-new', '-key', file('rfc-ca.key'), '-subj', '/CN=OpenSSL GOST intermediate/C=KZ', '-out', file('rfc-ca.csr'));
    openssl('x509', '-engine', 'gost', '-req', '-in', file('rfc-ca.csr'), '-CA', file('rfc-root.pem'), '-CAkey', file('rfc-root.key'), '-CAcreateserial', '-days', '30', '-extfile', file('ca.ext'), '-out', file('rfc-ca.pem'));
    openssl('req', '-engine', 'gost', '-new', '-key', file('rfc-signer.key'), '-subj', `/CN=OPENSSL GOST SIGNER/serialNumber=IIN${IIN}/OU=BIN${BIN}/C=KZ`, '-out', file('rfc-signer.csr'));
    openssl('x509', '-engine', 'gost', '-req', '-in', file('rfc-signer.csr'), '-CA', file('rfc-ca.pem'), '-CAkey', file('rfc-ca.key'), '-CAcreateserial', '-days', '30', '-extfile', file('signer.ext'), '-out', file('rfc-signer.pem'));
    writeFileSync(file('payload'), payload);
    verifier = new SignatureVerifier({ trustStore: new TrustStore([readFileSync(file('rfc-root.pem'))]) });
  });

  const opensslSign = (...extra: string[]) => {
    openssl('cms', '-engine', 'gost', '-sign', '-binary', '-nosmimecap', '-md', 'streebog512', '-in', file('payload'), '-signer', file('rfc-signer.pem'), '-inkey', file('rfc-signer.key'), '-certfile', file('rfc-ca.pem'), '-outform', 'DER', '-out', file('openssl.der'), ...extra);
    return readFileSync(file('openssl.der')).toString('base64');
  };

  it('verifies its detached and attached CMS, through its root and intermediate', async () => {
    expect(await verifier.verify(message(opensslSign()))).toMatchObject({ signerName: 'OPENSSL GOST SIGNER', signerIin: IIN, signerBin: BIN, algorithm: 'GOST-R34.10-2012-512' });
    expect(await codeOf(verifier.verify(message(opensslSign('-nodetach'))))).toBe('VERIFIED');
  });

  it('verifies its CMS without signed attributes (-noattr)', async () => {
    expect(await codeOf(verifier.verify(message(opensslSign('-noattr'))))).toBe('VERIFIED');
  });

  it('refuses its signature value reversed into the Kazakh byte order under its RFC OIDs', async () => {
    expect(await codeOf(verifier.verify(message(withSignatureValue(opensslSign(), (v) => Buffer.from(v).reverse()))))).toBe(SignatureErrorCode.SignatureInvalid);
  });

  it('makes, in the RFC profile, a CMS that openssl cms -verify accepts with the GOST engine', async () => {
    const root = await createRootCa({ kind: 'GOST512', profile: 'rfc', name: 'CN=Hub GOST RFC root, C=KZ' });
    const person = await issueCertificate(root, { commonName: 'HUB RFC SIGNER', bin: BIN, kind: 'GOST512', profile: 'rfc' });
    writeFileSync(file('hub-rfc-root.pem'), root.certPem);
    for (const detached of [true, false]) {
      writeFileSync(file('hub.der'), Buffer.from(signCms({ payload, cert: person.certPem, key: gostKey(person), detached }), 'base64'));
      const out = openssl('cms', '-engine', 'gost', '-verify', '-binary', '-inform', 'DER', '-in', file('hub.der'), ...(detached ? ['-content', file('payload')] : []), '-CAfile', file('hub-rfc-root.pem'), '-purpose', 'any');
      expect(out.equals(payload)).toBe(true);
    }
  });
});
