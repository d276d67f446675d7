import 'reflect-metadata';
import { canonicalBytes } from './canonical';
import { createRootCa, issueCertificate, Issued, readSigningKey, signCms } from './pki';
import { TrustStore } from './trust-store';
import { verificationCode } from './verification-code';
import { SignatureVerifier } from './verifier';
import { SignatureErrorCode } from './types';

/**
 * What a chain's CA certificates and the signer's certificate restrict (RFC 5280 §4.2.1.9-12,
 * §6.1): pathLenConstraint, name constraints, extended key usage; and NCA RK's certificate
 * policies, read into the verified signature.
 */
const BIN = '010840004568';
const payload = canonicalBytes({ providerBin: BIN, stage: 'ACCEPTED' });
const codeOf = verificationCode;
const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const verify = (root: Issued, signer: Issued, chain: Issued[] = []) =>
  new SignatureVerifier({ trustStore: new TrustStore([root.certPem]) }).verify({
    signature: signCms({ payload, cert: signer.certPem, key: readSigningKey(signer.keyPem), chain: chain.map((c) => c.certPem) }),
    payload,
    receivedAt: new Date(),
  });

describe('pathLenConstraint', () => {
  it('accepts as many intermediates below a CA as its pathLenConstraint allows', async () => {
    const root = await createRootCa({ kind: 'EC', name: 'CN=PathLen root 1', pathLength: 1 });
    const ca = await issueCertificate(root, { commonName: 'PathLen CA', ca: true, kind: 'EC', pathLength: 0 });
    const person = await issueCertificate(ca, { commonName: 'UNDER ONE CA', bin: BIN, kind: 'EC' });
    expect(await codeOf(verify(root, person, [ca]))).toBe('VERIFIED');
  });

  it('refuses a chain with an intermediate CA below one whose pathLenConstraint is 0 as CERT_UNTRUSTED', async () => {
    const root = await createRootCa({ kind: 'EC', name: 'CN=PathLen root 2' });
    const limited = await issueCertificate(root, { commonName: 'CA with pathLen 0', ca: true, kind: 'EC', pathLength: 0 });
    const below = await issueCertificate(limited, { commonName: 'CA below it', ca: true, kind: 'EC' });
    const person = await issueCertificate(below, { commonName: 'TOO DEEP', bin: BIN, kind: 'EC' });
    await expect(verify(root, person, [limited, below])).rejects.toMatchObject({ code: SignatureErrorCode.CertUntrusted, message: expect.stringMatching(/pathLenConstraint/) });
  });

  it("applies the root's own pathLenConstraint", async () => {
    const root = await createRootCa({ kind: 'EC', name: 'CN=PathLen root 3', pathLength: 0 });
    const ca = await issueCertificate(root, { commonName: 'CA under a pathLen 0 root', ca: true, kind: 'EC' });
    const person = await issueCertificate(ca, { commonName: 'UNDER ROOT LIMIT', bin: BIN, kind: 'EC' });
    expect(await codeOf(verify(root, person, [ca]))).toBe(SignatureErrorCode.CertUntrusted);
  });
});

describe('name constraints', () => {
  it('accepts a subject inside the permitted subtree and refuses one outside it as CERT_UNTRUSTED', async () => {
    const root = await createRootCa({ kind: 'EC', name: 'CN=Constrained root' });
    const ca = await issueCertificate(root, { commonName: 'Constrained CA', ca: true, kind: 'EC', nameConstraints: { permitted: ['CN=ALLOWED PERSON'] } });
    const inside = await issueCertificate(ca, { commonName: 'ALLOWED PERSON', bin: BIN, kind: 'EC' });
    const outside = await issueCertificate(ca, { commonName: 'SOMEONE ELSE', bin: BIN, kind: 'EC' });
    expect(await codeOf(verify(root, inside, [ca]))).toBe('VERIFIED');
    await expect(verify(root, outside, [ca])).rejects.toMatchObject({ code: SignatureErrorCode.CertUntrusted, message: expect.stringMatching(/name constraints/) });
  });

  it('refuses a subject in an excluded subtree, compared without regard to case', async () => {
    const root = await createRootCa({ kind: 'EC', name: 'CN=Excluding root', nameConstraints: { excluded: ['CN=banned person'] } });
    const banned = await issueCertificate(root, { commonName: 'BANNED PERSON', bin: BIN, kind: 'EC' });
    const other = await issueCertificate(root, { commonName: 'ANOTHER PERSON', bin: BIN, kind: 'EC' });
    expect(await codeOf(verify(root, banned))).toBe(SignatureErrorCode.CertUntrusted);
    expect(await codeOf(verify(root, other))).toBe('VERIFIED');
  });
});

describe('extended key usage (NCA RK: signing keys carry emailProtection, authentication keys clientAuth)', () => {
  let root: Issued;
  beforeAll(async () => { root = await createRootCa({ kind: 'EC', name: 'CN=EKU root' }); });

  it('accepts a signing certificate (emailProtection) and one without extended key usage', async () => {
    expect(await codeOf(verify(root, await issueCertificate(root, { commonName: 'SIGNING', bin: BIN, kind: 'EC', extendedKeyUsage: [EMAIL_PROTECTION] })))).toBe('VERIFIED');
    expect(await codeOf(verify(root, await issueCertificate(root, { commonName: 'NO EKU', bin: BIN, kind: 'EC' })))).toBe('VERIFIED');
  });

  it('refuses an authentication-only certificate (clientAuth) as CERT_KEY_USAGE', async () => {
    const auth = await issueCertificate(root, { commonName: 'AUTH ONLY', bin: BIN, kind: 'EC', extendedKeyUsage: [CLIENT_AUTH] });
    await expect(verify(root, auth)).rejects.toMatchObject({ code: SignatureErrorCode.CertKeyUsage, message: expect.stringMatching(/extended key usage/) });
  });
});

describe('NCA RK certificate policies', () => {
  it('reads the policies of the signer certificate into the verified signature', async () => {
    const root = await createRootCa({ kind: 'EC', name: 'CN=Policy root' });
    const employee = await issueCertificate(root, { commonName: 'EMPLOYEE', bin: BIN, kind: 'EC', policies: ['1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.5'] });
    expect((await verify(root, employee)).certificatePolicies).toEqual(['1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.5']);
    expect((await verify(root, await issueCertificate(root, { commonName: 'NO POLICY', bin: BIN, kind: 'EC' }))).certificatePolicies).toEqual([]);
  });
});
