import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, IndexEntry, OcspResponder, startOcspResponder } from '../../test/support/openssl';
import { HUB_ALGORITHMS } from './algorithms';
import { canonicalBytes } from './canonical';
import { createCrl, createRootCa, issueCertificate, Issued, readSigningKey, signCms } from './pki';
import { OcspClient } from './ocsp';
import { RevocationList } from './revocation';
import { RevocationPolicy } from './revocation-policy';
import { TrustStore } from './trust-store';
import { verificationCode } from './verification-code';
import { SignatureVerifier } from './verifier';
import { SignatureErrorCode } from './types';

/** OCSP against a real responder process: `openssl ocsp -index … -port …`. */
const BIN = '010840004568';
const payload = canonicalBytes({ providerBin: BIN, stage: 'ACCEPTED' });
const codeOf = verificationCode;
const MINUTE = 60_000;
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

const message = (who: Issued, chain: Issued[] = []) => ({ signature: signCms({ payload, cert: who.certPem, key: readSigningKey(who.keyPem), chain: chain.map((c) => c.certPem) }), payload, receivedAt: new Date() });
const entry = (who: Issued, revokedAt?: Date): IndexEntry => ({ serialNumber: who.cert.serialNumber, subject: '/CN=whoever', notAfter: who.cert.notAfter, revokedAt });

let root: Issued;
let trust: TrustStore;
let responderCert: Issued;
let good: Issued;
let revoked: Issued;
let unlisted: Issued;
let responder: OcspResponder;

function verifierWith(policy: RevocationPolicy, opts: { url?: string; now?: () => Date; client?: OcspClient } = {}) {
  const client = opts.client ?? new OcspClient(HUB_ALGORITHMS, { url: opts.url ?? responder.url, now: opts.now, timeoutMs: 2000 });
  return { client, verifier: new SignatureVerifier({ trustStore: trust, ocsp: client, revocationPolicy: policy, now: opts.now }) };
}

beforeAll(async () => {
  root = await createRootCa({ kind: 'EC', name: 'CN=OCSP test root, C=KZ' });
  trust = new TrustStore([root.certPem]);
  responderCert = await issueCertificate(root, { commonName: 'OCSP responder', kind: 'EC', extendedKeyUsage: [OCSP_SIGNING] });
  good = await issueCertificate(root, { commonName: 'GOOD', bin: BIN, kind: 'EC' });
  revoked = await issueCertificate(root, { commonName: 'REVOKED', bin: BIN, kind: 'EC' });
  unlisted = await issueCertificate(root, { commonName: 'NOT IN THE INDEX', bin: BIN, kind: 'EC' });
  responder = await startOcspResponder({ caPem: root.certPem, signerPem: responderCert.certPem, signerKeyPem: responderCert.keyPem, entries: [entry(good), entry(revoked, new Date(Date.now() - MINUTE))], nextUpdateMinutes: 10 });
});

afterAll(async () => { await responder?.stop(); });

const closed: RevocationPolicy = { mode: 'ocsp', failClosed: true };
const open: RevocationPolicy = { mode: 'ocsp', failClosed: false };

describe('OCSP against openssl ocsp', () => {
  it('accepts a certificate the responder says is good, and refuses a revoked one as CERT_REVOKED', async () => {
    const { verifier } = verifierWith(closed);
    expect(await codeOf(verifier.verify(message(good)))).toBe('VERIFIED');
    await expect(verifier.verify(message(revoked))).rejects.toMatchObject({ code: SignatureErrorCode.CertRevoked, message: expect.stringMatching(/OCSP: revoked/) });
  });

  it('refuses a certificate the responder does not know as CERT_STATUS_UNKNOWN when fail-closed, accepts it when not', async () => {
    await expect(verifierWith(closed).verifier.verify(message(unlisted))).rejects.toMatchObject({ code: SignatureErrorCode.CertStatusUnknown, message: expect.stringMatching(/does not know/) });
    expect(await codeOf(verifierWith(open).verifier.verify(message(unlisted)))).toBe('VERIFIED');
  });

  it('refuses when the responder is unreachable and fail-closed, accepts when not', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}/`;
    await expect(verifierWith(closed, { url: nobody }).verifier.verify(message(good))).rejects.toMatchObject({ code: SignatureErrorCode.CertStatusUnknown, message: expect.stringMatching(/unreachable/) });
    expect(await codeOf(verifierWith(open, { url: nobody }).verifier.verify(message(good)))).toBe('VERIFIED');
  });

  it('takes the responder from the certificate’s Authority Information Access when OCSP_URL is not set', async () => {
    const port = await freePort();
    const withAia = await issueCertificate(root, { commonName: 'WITH AIA', bin: BIN, kind: 'EC', ocspUrl: `http://127.0.0.1:${port}/` });
    const own = await startOcspResponder({ port, caPem: root.certPem, signerPem: responderCert.certPem, signerKeyPem: responderCert.keyPem, entries: [entry(withAia, new Date(Date.now() - MINUTE))], nextUpdateMinutes: 10 });
    try {
      const client = new OcspClient(HUB_ALGORITHMS, { timeoutMs: 2000 });
      await expect(verifierWith(closed, { client }).verifier.verify(message(withAia))).rejects.toMatchObject({ code: SignatureErrorCode.CertRevoked });
      await expect(verifierWith(closed, { client }).verifier.verify(message(good))).rejects.toMatchObject({ code: SignatureErrorCode.CertStatusUnknown, message: expect.stringMatching(/names no responder/) });
    } finally {
      await own.stop();
    }
  });

  it('keeps an answer until its nextUpdate: one query for many messages, then asks again', async () => {
    let now = Date.now();
    const { client, verifier } = verifierWith(closed, { now: () => new Date(now) });
    for (let i = 0; i < 3; i++) expect(await codeOf(verifier.verify(message(good)))).toBe('VERIFIED');
    expect(client.queries).toBe(1);
    now += 11 * MINUTE; // past the nextUpdate of 10 minutes: asked again, and the responder's fresh answer is stale by this clock
    await expect(verifier.verify({ ...message(good), receivedAt: new Date(now) })).rejects.toMatchObject({ code: SignatureErrorCode.CertStatusUnknown, message: expect.stringMatching(/stale/) });
    expect(client.queries).toBe(2);
  });

  it('keeps using a cached good answer while the responder is down, until its nextUpdate', async () => {
    const own = await startOcspResponder({ caPem: root.certPem, signerPem: responderCert.certPem, signerKeyPem: responderCert.keyPem, entries: [entry(good)], nextUpdateMinutes: 10 });
    let now = Date.now();
    const { verifier } = verifierWith(closed, { url: own.url, now: () => new Date(now) });
    expect(await codeOf(verifier.verify(message(good)))).toBe('VERIFIED');
    await own.stop();
    expect(await codeOf(verifier.verify(message(good)))).toBe('VERIFIED');
    now += 11 * MINUTE;
    await expect(verifier.verify({ ...message(good), receivedAt: new Date(now) })).rejects.toMatchObject({ code: SignatureErrorCode.CertStatusUnknown, message: expect.stringMatching(/unreachable/) });
  });

  it('refuses a stale answer (nextUpdate passed) when fail-closed', async () => {
    const stale = await startOcspResponder({ caPem: root.certPem, signerPem: responderCert.certPem, signerKeyPem: responderCert.keyPem, entries: [entry(good)], nextUpdateMinutes: 1 });
    try {
      const later = () => new Date(Date.now() + 5 * MINUTE); // the responder's answer says nextUpdate in 1 minute
      await expect(verifierWith(closed, { url: stale.url, now: later }).verifier.verify(message(good))).rejects.toMatchObject({ code: SignatureErrorCode.CertStatusUnknown, message: expect.stringMatching(/stale/) });
    } finally {
      await stale.stop();
    }
  });

  it('refuses an answer signed by a responder the CA did not authorise', async () => {
    const stranger = await issueCertificate(root, { commonName: 'NOT AN OCSP RESPONDER', kind: 'EC' }); // no OCSPSigning
    const rogue = await startOcspResponder({ caPem: root.certPem, signerPem: stranger.certPem, signerKeyPem: stranger.keyPem, entries: [entry(good)], nextUpdateMinutes: 10 });
    try {
      await expect(verifierWith(closed, { url: rogue.url }).verifier.verify(message(good))).rejects.toMatchObject({ code: SignatureErrorCode.CertStatusUnknown, message: expect.stringMatching(/not for OCSP signing/) });
    } finally {
      await rogue.stop();
    }
  });

  it('with REVOCATION_CHECK=both, a certificate revoked in the CRL is refused although OCSP says good', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-both-'));
    writeFileSync(path.join(dir, 'root.crl'), await createCrl(root, [good.cert.serialNumber]));
    const crl = new RevocationList(trust, { dir });
    await crl.refresh();
    const client = new OcspClient(HUB_ALGORITHMS, { url: responder.url });
    const verifier = new SignatureVerifier({ trustStore: trust, revocation: crl, ocsp: client, revocationPolicy: { mode: 'both', failClosed: true } });
    await expect(verifier.verify(message(good))).rejects.toMatchObject({ code: SignatureErrorCode.CertRevoked, message: expect.stringMatching(/CRL/) });
  });

  it('answers a status query directly: good for a listed certificate', async () => {
    const client = new OcspClient(HUB_ALGORITHMS, { url: responder.url });
    const status = await client.status(new X509Certificate(good.certPem), new X509Certificate(root.certPem));
    expect(status).toMatchObject({ state: 'good' });
  });
});

describe('GOST OCSP responses', () => {
  it('verifies a response signed with GOST-512 by a responder certificate a Kazakh-profile GOST CA issued', async () => {
    const gostRoot = await createRootCa({ kind: 'GOST512', name: 'CN=GOST OCSP test root, C=KZ' });
    // OpenSSL signs with the RFC OIDs, so the responder key is issued in that profile under the Kazakh CA
    const gostResponder = await issueCertificate(gostRoot, { commonName: 'GOST OCSP responder', kind: 'GOST512', profile: 'rfc', extendedKeyUsage: [OCSP_SIGNING] });
    const person = await issueCertificate(gostRoot, { commonName: 'GOST PERSON', bin: BIN, kind: 'GOST512' });
    const gostResponderProcess = await startOcspResponder({ caPem: gostRoot.certPem, signerPem: gostResponder.certPem, signerKeyPem: gostResponder.keyPem, entries: [entry(person, new Date(Date.now() - MINUTE))], nextUpdateMinutes: 10, gost: true });
    try {
      const client = new OcspClient(HUB_ALGORITHMS, { url: gostResponderProcess.url });
      const verifier = new SignatureVerifier({ trustStore: new TrustStore([gostRoot.certPem]), ocsp: client, revocationPolicy: closed });
      const signature = signCms({ payload, cert: person.certPem, key: person.gost! });
      await expect(verifier.verify({ signature, payload, receivedAt: new Date() })).rejects.toMatchObject({ code: SignatureErrorCode.CertRevoked, message: expect.stringMatching(/OCSP: revoked/) });
    } finally {
      await gostResponderProcess.stop();
    }
  });
});
