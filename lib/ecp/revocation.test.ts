import 'reflect-metadata';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canonicalBytes } from './canonical';
import { createCrl, createDemoCa, createRootCa, issueCertificate, Issued, signCms } from './pki';
import { RevocationList } from './revocation';
import { TrustStore } from './trust-store';
import { verificationCode } from './verification-code';
import { SignatureVerifier } from './verifier';
import { SignatureErrorCode } from './types';

const payload = canonicalBytes({ stage: 'ACCEPTED', providerBin: '010840004568' });
const codeOf = verificationCode;
const signedBy = (who: Issued, chain: Issued[] = []) => ({ signature: signCms({ payload, cert: who.certPem, key: createPrivateKey(who.keyPem), chain: chain.map((c) => c.certPem) }), payload, receivedAt: new Date() });
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'qyzmet-crl-'));

/** An HTTP server answering every request with whatever `body()` returns (or a status). */
async function crlServer(answer: () => { status?: number; body?: string; hang?: boolean }): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    const a = answer();
    if (a.hang) return; // never answers: for the fetch timeout
    res.statusCode = a.status ?? 200;
    res.end(a.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/ca.crl`, server };
}

let root: Issued;
let trust: TrustStore;
let good: Issued;
let bad: Issued;

beforeAll(async () => {
  root = await createRootCa();
  trust = new TrustStore([root.certPem]);
  good = await issueCertificate(root, { commonName: 'GOOD', bin: '010840004568' });
  bad = await issueCertificate(root, { commonName: 'REVOKED', bin: '010840004568' });
});

describe('revocation by CRL', () => {
  it('rejects a certificate a CRL file of its CA lists as revoked, and accepts the others', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'root.crl'), await createCrl(root, [bad.cert.serialNumber]));
    const revocation = new RevocationList(trust, { dir });
    await revocation.refresh();
    const verifier = new SignatureVerifier({ trustStore: trust, revocation });
    expect(await codeOf(verifier.verify(signedBy(bad)))).toBe(SignatureErrorCode.CertRevoked);
    expect(await codeOf(verifier.verify(signedBy(good)))).toBe('VERIFIED');
  });

  it('reads a CRL in DER as well as PEM, from a listed file', async () => {
    const pem = await createCrl(root, [bad.cert.serialNumber]);
    const file = path.join(tempDir(), 'root.der');
    writeFileSync(file, Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const revocation = new RevocationList(trust, { files: [file] });
    await revocation.refresh();
    expect(await codeOf(new SignatureVerifier({ trustStore: trust, revocation }).verify(signedBy(bad)))).toBe(SignatureErrorCode.CertRevoked);
  });

  it('rejects a certificate whose intermediate CA is revoked by the root', async () => {
    const ca = await createDemoCa({ intermediate: true });
    const person = await issueCertificate(ca.issuer, { commonName: 'UNDER REVOKED CA' });
    const store = new TrustStore([ca.root.certPem]);
    const file = path.join(tempDir(), 'root.crl');
    writeFileSync(file, await createCrl(ca.root, [ca.issuer.cert.serialNumber]));
    const revocation = new RevocationList(store, { files: [file] });
    await revocation.refresh();
    expect(await codeOf(new SignatureVerifier({ trustStore: store, revocation }).verify(signedBy(person, ca.chain)))).toBe(SignatureErrorCode.CertRevoked);
  });

  it('ignores a CRL not signed by a trusted CA', async () => {
    const stranger = await createRootCa({ name: 'CN=Stranger CA' });
    const impostor = await createRootCa(); // the trusted root's name, another key
    const dir = tempDir();
    writeFileSync(path.join(dir, 'stranger.crl'), await createCrl(stranger, [good.cert.serialNumber]));
    writeFileSync(path.join(dir, 'impostor.crl'), await createCrl(impostor, [good.cert.serialNumber]));
    const logs: string[] = [];
    const revocation = new RevocationList(trust, { dir, log: (m) => logs.push(m) });
    await revocation.refresh();
    expect(await codeOf(new SignatureVerifier({ trustStore: trust, revocation }).verify(signedBy(good)))).toBe('VERIFIED');
    expect(logs.join('\n')).toMatch(/not a trusted CA or its signature does not verify/);
  });

  it('takes a revocation into account after refresh(), although the verdict was cached', async () => {
    const dir = tempDir();
    const revocation = new RevocationList(trust, { dir });
    await revocation.refresh();
    const verifier = new SignatureVerifier({ trustStore: trust, revocation });
    expect(await codeOf(verifier.verify(signedBy(bad)))).toBe('VERIFIED');
    writeFileSync(path.join(dir, 'root.crl'), await createCrl(root, [bad.cert.serialNumber]));
    await revocation.refresh();
    expect(await codeOf(verifier.verify(signedBy(bad)))).toBe(SignatureErrorCode.CertRevoked);
    expect(verifier.chainsBuilt).toBe(2);
  });
});

describe('CRLs from URLs', () => {
  it('loads a CRL from a configured URL', async () => {
    const crl = await createCrl(root, [bad.cert.serialNumber]);
    const { url, server } = await crlServer(() => ({ body: crl }));
    const revocation = new RevocationList(trust, { urls: [url] });
    await revocation.refresh();
    server.close();
    expect(await codeOf(new SignatureVerifier({ trustStore: trust, revocation }).verify(signedBy(bad)))).toBe(SignatureErrorCode.CertRevoked);
  });

  it('keeps the last good CRL when a later download fails, so nobody is un-revoked', async () => {
    const crl = await createCrl(root, [bad.cert.serialNumber]);
    let status = 200;
    const { url, server } = await crlServer(() => ({ status, body: status === 200 ? crl : 'down' }));
    const revocation = new RevocationList(trust, { urls: [url], log: () => undefined });
    await revocation.refresh();
    status = 503;
    await revocation.refresh();
    server.close();
    expect(await codeOf(new SignatureVerifier({ trustStore: trust, revocation }).verify(signedBy(bad)))).toBe(SignatureErrorCode.CertRevoked);
  });

  it('refuses to replace a CRL by an older one (a replayed download)', async () => {
    const older = await createCrl(root, []);
    await new Promise((r) => setTimeout(r, 1100)); // CRL times have one-second resolution
    const newer = await createCrl(root, [bad.cert.serialNumber]);
    let body = newer;
    const { url, server } = await crlServer(() => ({ body }));
    const revocation = new RevocationList(trust, { urls: [url], log: () => undefined });
    await revocation.refresh();
    body = older;
    await revocation.refresh();
    server.close();
    expect(await codeOf(new SignatureVerifier({ trustStore: trust, revocation }).verify(signedBy(bad)))).toBe(SignatureErrorCode.CertRevoked);
  });

  it('gives up on a URL that does not answer within the fetch timeout', async () => {
    const { url, server } = await crlServer(() => ({ hang: true }));
    const logs: string[] = [];
    const revocation = new RevocationList(trust, { urls: [url], fetchTimeoutMs: 200, log: (m) => logs.push(m) });
    const started = Date.now();
    await revocation.refresh();
    server.closeAllConnections();
    server.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logs.join('\n')).toContain(url);
  });
});

describe('the refresh schedule', () => {
  it('refreshes on its interval once started, and stops with dispose()', async () => {
    const dir = tempDir();
    const revocation = new RevocationList(trust, { dir, refreshIntervalMs: 50 });
    await revocation.start();
    expect(revocation.scheduled).toBe(true);
    const first = revocation.version;
    await new Promise((r) => setTimeout(r, 200));
    expect(revocation.version).toBeGreaterThan(first);
    revocation.dispose();
    expect(revocation.scheduled).toBe(false);
    const stopped = revocation.version;
    await new Promise((r) => setTimeout(r, 150));
    expect(revocation.version).toBe(stopped);
    rmSync(dir, { recursive: true });
  });

  it('survives a CRL directory that disappears', async () => {
    const dir = tempDir();
    rmSync(dir, { recursive: true });
    const revocation = new RevocationList(trust, { dir, log: () => undefined });
    await expect(revocation.refresh()).resolves.toBeUndefined();
  });
});

describe('a CRL past its nextUpdate (stale)', () => {
  const staleCrlDir = async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'root.crl'), await createCrl(root, [bad.cert.serialNumber], new Date(Date.now() - 60_000), new Date(Date.now() - 120_000)));
    return dir;
  };

  it('is no fresh answer: refused as CERT_STATUS_UNKNOWN when fail-closed', async () => {
    const revocation = new RevocationList(trust, { dir: await staleCrlDir() });
    await revocation.refresh();
    const verifier = new SignatureVerifier({ trustStore: trust, revocation, revocationPolicy: { mode: 'crl', failClosed: true } });
    await expect(verifier.verify(signedBy(good))).rejects.toMatchObject({ code: SignatureErrorCode.CertStatusUnknown, message: expect.stringMatching(/past its nextUpdate/) });
  });

  it('is accepted and logged when not fail-closed, and its revocations still apply either way', async () => {
    const revocation = new RevocationList(trust, { dir: await staleCrlDir() });
    await revocation.refresh();
    const logs: string[] = [];
    const verifier = new SignatureVerifier({ trustStore: trust, revocation, revocationPolicy: { mode: 'crl', failClosed: false }, log: (m) => logs.push(m) });
    expect(await codeOf(verifier.verify(signedBy(good)))).toBe('VERIFIED');
    expect(logs.join('\n')).toMatch(/unknown, accepted/);
    expect(await codeOf(verifier.verify(signedBy(bad)))).toBe(SignatureErrorCode.CertRevoked);
    const closed = new SignatureVerifier({ trustStore: trust, revocation, revocationPolicy: { mode: 'crl', failClosed: true } });
    expect(await codeOf(closed.verify(signedBy(bad)))).toBe(SignatureErrorCode.CertRevoked);
  });

  it('a CA with no CRL at all is no fresh answer either when fail-closed', async () => {
    const revocation = new RevocationList(trust, { dir: tempDir() });
    await revocation.refresh();
    expect(await codeOf(new SignatureVerifier({ trustStore: trust, revocation, revocationPolicy: { mode: 'crl', failClosed: true } }).verify(signedBy(good)))).toBe(SignatureErrorCode.CertStatusUnknown);
  });
});
