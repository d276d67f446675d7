import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { plainPayload } from '../../../subgraphs/signatures/message-signature';
import { canonicalBytes } from '../../../lib/ecp/canonical';
import { arrayBuffer } from '../../../lib/ecp/certificates';
import { parseCms } from '../../../lib/ecp/cms';
import { OID } from '../../../lib/ecp/oids';
import { createCrl, createRootCa, issueCertificate, Issued, signCms, withUnsignedAttribute } from '../../../lib/ecp/pki';
import { startHub, TestHub } from '../../support/hub';
import { freePort, IndexEntry, OcspResponder, openssl, startOcspResponder, timestampToken } from '../../support/openssl';
import { registration, REPORT_STAGE } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';

/**
 * Real NCA RK signatures through the gateway: stage reports signed in the Kazakh GOST-512 profile
 * (our signer, as NCALayer lays the bytes out) under a GOST root and intermediate, and in the RFC
 * profile by OpenSSL's GOST engine; revocation by CRL and by a real OCSP responder process
 * (REVOCATION_CHECK=both); each refusal stores nothing.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-gost-e2e-'));
const file = (name: string) => path.join(dir, name);
const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const MINUTE = 60_000;
const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const LEGAL_ENTITY = '1.2.398.3.3.4.1.2';
const EMPLOYEE = '1.2.398.3.3.4.1.2.5';
const SIGNER_IIN = '800101300017';

let hub: TestHub;
let responder: OcspResponder;
let root: Issued;
let intermediate: Issued;
const signers: Record<'good' | 'crlRevoked' | 'ocspRevoked' | 'expired' | 'authOnly', Issued> = {} as never;
let tsa: Issued;

const bytesOf = (input: Record<string, unknown>) => canonicalBytes(plainPayload(input));
const gostSigned = (input: Record<string, unknown>, who: Issued) => ({ ...input, signature: signCms({ payload: bytesOf(input), cert: who.certPem, key: who.gost!, chain: [intermediate.certPem] }) });
const send = (input: Record<string, unknown>) => hub.query(REPORT_STAGE, { input }, provider);
const storedCount = async (number: unknown) => (await hub.dataSource.query('SELECT count(*)::int AS n FROM application WHERE number = $1', [number]))[0].n;
const refusalOf = async (messageId: unknown) => (await hub.dataSource.query('SELECT code FROM message_refusal WHERE message_id = $1', [messageId]))[0]?.code;
const signatureOf = (applicationId: string) => hub.query(
  `query($id: ID!) { application(id: $id) { timeline { stage signature { verdict algorithm signerName signerIin signerBin certificateIssuer certificatePolicies signedAt timestampedAt } } } }`,
  { id: applicationId }, tokenFor('contact_centre'));

/** The same CMS with its SignerInfo signature value reversed: the RFC byte order under the Kazakh OIDs. */
function byteOrderSwapped(signature: string): string {
  const info = pkijs.ContentInfo.fromBER(arrayBuffer(Buffer.from(signature, 'base64')));
  const signed = new pkijs.SignedData({ schema: info.content });
  const value = signed.signerInfos[0].signature.valueBlock.valueHexView;
  signed.signerInfos[0].signature.valueBlock.valueHexView = new Uint8Array(Buffer.from(value).reverse());
  return Buffer.from(new pkijs.ContentInfo({ contentType: info.contentType, content: signed.toSchema(true) }).toSchema().toBER()).toString('base64');
}

/** A chain made entirely by OpenSSL's GOST engine (RFC 9215 OIDs and layout): root, intermediate, the provider's signer. */
function opensslChain(): void {
  const engine = ['-engine', 'gost'];
  for (const name of ['root', 'ca', 'signer']) openssl('genpkey', ...engine, '-algorithm', 'gost2012_512', '-pkeyopt', 'paramset:A', '-out', file(`rfc-${name}.key`));
  writeFileSync(file('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  writeFileSync(file('signer.ext'), `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\ncertificatePolicies=${LEGAL_ENTITY},${EMPLOYEE}\n`);
  openssl('req', ...engine, '-x509', '-new', '-key', file('rfc-root.key'), '-subj', '/CN=OpenSSL GOST test root/C=KZ', '-days', '30', '-out', file('rfc-root.pem'), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...engine, '-new', '-key', file('rfc-ca.key'), '-subj', '/CN=OpenSSL GOST test intermediate/C=KZ', '-out', file('rfc-ca.csr'));
  openssl('x509', ...engine, '-req', '-in', file('rfc-ca.csr'), '-CA', file('rfc-root.pem'), '-CAkey', file('rfc-root.key'), '-CAcreateserial', '-days', '30', '-extfile', file('ca.ext'), '-out', file('rfc-ca.pem'));
  openssl('req', ...engine, '-new', '-utf8', '-key', file('rfc-signer.key'), '-subj', `/CN=OPENSSL GOST SIGNER/serialNumber=IIN${SIGNER_IIN}/O=Demo organisation/OU=BIN${JUSTICE_BIN}/C=KZ`, '-out', file('rfc-signer.csr'));
  openssl('x509', ...engine, '-req', '-in', file('rfc-signer.csr'), '-CA', file('rfc-ca.pem'), '-CAkey', file('rfc-ca.key'), '-CAcreateserial', '-days', '30', '-extfile', file('signer.ext'), '-out', file('rfc-signer.pem'));
}

beforeAll(async () => {
  // NCA RK's shape: a GOST-512 root, an intermediate, signing certificates of a legal entity's employee
  root = await createRootCa({ kind: 'GOST512', name: 'CN=NCA RK GOST test root (test only), C=KZ' });
  intermediate = await issueCertificate(root, { commonName: 'NCA RK GOST test intermediate (test only)', ca: true, kind: 'GOST512', pathLength: 0 });
  const ocspSigner = await issueCertificate(intermediate, { commonName: 'NCA RK OCSP (test only)', kind: 'GOST512', profile: 'rfc', extendedKeyUsage: [OCSP_SIGNING] });
  const ocspPort = await freePort();
  const ocspUrl = `http://127.0.0.1:${ocspPort}/`;
  const person = (commonName: string, extra: Partial<Parameters<typeof issueCertificate>[1]> = {}) => issueCertificate(intermediate, {
    commonName, givenName: 'БОЛАТОВНА', iin: SIGNER_IIN, bin: JUSTICE_BIN, organisation: 'РГУ «Демо ведомство»', kind: 'GOST512',
    extendedKeyUsage: [EMAIL_PROTECTION], policies: [LEGAL_ENTITY, EMPLOYEE], ocspUrl, ...extra,
  });
  signers.good = await person('СЕЙТКАЛИ АЙГЕРИМ');
  signers.crlRevoked = await person('REVOKED BY CRL');
  signers.ocspRevoked = await person('REVOKED BY OCSP');
  signers.expired = await person('EXPIRED', { notBefore: new Date(Date.now() - 30 * 24 * 60 * MINUTE), notAfter: new Date(Date.now() - 24 * 60 * MINUTE) });
  signers.authOnly = await person('AUTHENTICATION ONLY', { extendedKeyUsage: [CLIENT_AUTH] });
  tsa = await issueCertificate(root, { commonName: 'NCA RK TSP (test only)', kind: 'GOST512', profile: 'rfc', extendedKeyUsage: [TIME_STAMPING] });

  const entry = (who: Issued, revokedAt?: Date): IndexEntry => ({ serialNumber: who.cert.serialNumber, subject: `/CN=${who.cert.serialNumber}`, notAfter: who.cert.notAfter, revokedAt });
  responder = await startOcspResponder({
    port: ocspPort, caPem: intermediate.certPem, signerPem: ocspSigner.certPem, signerKeyPem: ocspSigner.keyPem, gost: true, nextUpdateMinutes: 10,
    entries: [entry(signers.good), entry(signers.crlRevoked), entry(signers.ocspRevoked, new Date(Date.now() - MINUTE)), entry(signers.expired), entry(signers.authOnly)],
  });

  opensslChain();
  const demo = process.env.TEST_PKI_DIR!;
  for (const sub of ['trust', 'crl']) mkdirSync(file(sub));
  copyFileSync(path.join(demo, 'trust', 'demo-root-ca.pem'), file('trust/demo-root-ca.pem')); // the hub's own signer is a demo one
  copyFileSync(path.join(demo, 'crl', 'demo-root-ca.crl'), file('crl/demo-root-ca.crl'));
  // NCA RK's intermediates belong in the trust store too: the CRLs they sign are checked against them
  writeFileSync(file('trust/nca-gost-root.pem'), root.certPem + intermediate.certPem);
  copyFileSync(file('rfc-root.pem'), file('trust/openssl-gost-root.pem'));
  writeFileSync(file('crl/nca-gost-intermediate.crl'), await createCrl(intermediate, [signers.crlRevoked.cert.serialNumber]));
  writeFileSync(file('crl/nca-gost-root.crl'), await createCrl(root, []));
  hub = await startHub({ pki: { trustStoreDir: file('trust'), crlDir: file('crl'), revocationCheck: 'both', revocationFailClosed: false } });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  await responder?.stop();
});

describe('stage reports signed with NCA RK GOST certificates', () => {
  it("records a report signed in the Kazakh GOST-512 profile, with the signer's IIN, BIN, name and certificate policies", async () => {
    const input = gostSigned(registration(), signers.good);
    const result = await send(input);
    expect(result.errors).toBeUndefined();
    const timeline = (await signatureOf(result.data.reportStage.record.application.id)).data.application.timeline;
    expect(timeline[0].signature).toMatchObject({
      verdict: 'VALID', algorithm: 'GOST34.10-2015-512', signerName: 'СЕЙТКАЛИ АЙГЕРИМ', signerIin: SIGNER_IIN, signerBin: JUSTICE_BIN,
      certificatePolicies: [LEGAL_ENTITY, EMPLOYEE], timestampedAt: null,
    });
    expect(timeline[0].signature.certificateIssuer).toContain('NCA RK GOST test intermediate');
  });

  it('records a report signed in the RFC profile by OpenSSL’s GOST engine (openssl cms -sign)', async () => {
    const input = registration();
    writeFileSync(file('report.json'), bytesOf(input));
    openssl('cms', '-engine', 'gost', '-sign', '-binary', '-nosmimecap', '-md', 'streebog512', '-in', file('report.json'), '-signer', file('rfc-signer.pem'), '-inkey', file('rfc-signer.key'), '-certfile', file('rfc-ca.pem'), '-outform', 'DER', '-out', file('report.cms'));
    const result = await send({ ...input, signature: readFileSync(file('report.cms')).toString('base64') });
    expect(result.errors).toBeUndefined();
    const timeline = (await signatureOf(result.data.reportStage.record.application.id)).data.application.timeline;
    expect(timeline[0].signature).toMatchObject({ algorithm: 'GOST-R34.10-2012-512', signerName: 'OPENSSL GOST SIGNER', signerIin: SIGNER_IIN, signerBin: JUSTICE_BIN, certificatePolicies: [LEGAL_ENTITY, EMPLOYEE] });
  });

  it('records a time-stamped report (CAdES-T, a GOST TSA made with openssl ts) with timestampedAt', async () => {
    const report = registration();
    const input = gostSigned(report, signers.good);
    const token = timestampToken({ signatureValue: parseCms(input.signature, bytesOf(report), 65_536).signature, tsaPem: tsa.certPem, tsaKeyPem: tsa.keyPem, gost: true, digest: 'md_gost12_256' });
    const result = await send({ ...input, signature: withUnsignedAttribute(input.signature, { type: OID.signatureTimeStampToken, value: token }) });
    expect(result.errors).toBeUndefined();
    const signature = (await signatureOf(result.data.reportStage.record.application.id)).data.application.timeline[0].signature;
    expect(signature.timestampedAt).toMatch(/\+05:00$/);
    expect(signature.signedAt).toBe(signature.timestampedAt);
  });
});

describe('refused GOST signatures store nothing', () => {
  const refused = async (input: Record<string, unknown>, code: string) => {
    const result = await send(input);
    expect(result.errors?.[0].extensions).toMatchObject({ code, field: 'input.signature' });
    expect(await storedCount(input.applicationNumber)).toBe(0);
    expect(await refusalOf(input.messageId)).toBe(code);
  };

  it('the signature value in the RFC byte order under the Kazakh OIDs: SIGNATURE_INVALID', async () => {
    const input = gostSigned(registration(), signers.good);
    await refused({ ...input, signature: byteOrderSwapped(input.signature) }, 'SIGNATURE_INVALID');
  });

  it('a payload changed after signing: PAYLOAD_MISMATCH', async () => {
    await refused({ ...gostSigned(registration(), signers.good), placeOfAcceptance: 'somewhere else' }, 'PAYLOAD_MISMATCH');
  });

  it('a certificate revoked in the intermediate’s CRL (OCSP still says good): CERT_REVOKED', async () => {
    await refused(gostSigned(registration(), signers.crlRevoked), 'CERT_REVOKED');
  });

  it('a certificate the OCSP responder says is revoked (not in any CRL): CERT_REVOKED', async () => {
    await refused(gostSigned(registration(), signers.ocspRevoked), 'CERT_REVOKED');
  });

  it('an expired certificate: CERT_EXPIRED', async () => {
    await refused(gostSigned(registration(), signers.expired), 'CERT_EXPIRED');
  });

  it('an authentication-only certificate (extended key usage clientAuth): CERT_KEY_USAGE', async () => {
    await refused(gostSigned(registration(), signers.authOnly), 'CERT_KEY_USAGE');
  });
});
