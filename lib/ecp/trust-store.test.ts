import 'reflect-metadata';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { canonicalBytes } from './canonical';
import { rfc4514 } from './certificates';
import { createDemoCa, createRootCa, issueCertificate, Issued, signCms } from './pki';
import { loadTrustStore, TrustStore } from './trust-store';
import { SignatureError, SignatureErrorCode } from './types';
import { SignatureVerifier } from './verifier';

const payload = canonicalBytes({ stage: 'ACCEPTED' });
const DAY = 86_400_000;
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SignatureError) return error.code;
    throw error;
  }
  return 'TRUSTED';
};
const x509Of = (issued: Issued) => new X509Certificate(issued.certPem);

let root: Issued;
let intermediate: Issued;
let person: Issued;

beforeAll(async () => {
  const ca = await createDemoCa({ intermediate: true });
  root = ca.root;
  intermediate = ca.issuer;
  person = await issueCertificate(intermediate, { commonName: 'PERSON', bin: '010840004568' });
});

describe('loading trust roots', () => {
  it('loads every certificate of a directory of .pem/.crt/.cer files, several to a file, and tells roots from intermediates', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-trust-'));
    writeFileSync(path.join(dir, 'bundle.pem'), root.certPem + intermediate.certPem);
    writeFileSync(path.join(dir, 'notes.txt'), 'not a certificate');
    const store = TrustStore.fromDirectory(dir);
    expect(store.roots.map((c) => c.subject)).toEqual([x509Of(root).subject]);
    expect(store.intermediates.map((c) => c.subject)).toEqual([x509Of(intermediate).subject]);
    expect(loadTrustStore({ dir }).roots).toHaveLength(1);
    expect(loadTrustStore({ pems: [root.certPem] }).roots).toHaveLength(1);
  });

  it('loads a DER .cer file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-trust-'));
    writeFileSync(path.join(dir, 'root.cer'), x509Of(root).raw);
    expect(TrustStore.fromDirectory(dir).roots).toHaveLength(1);
  });
});

describe('building the chain', () => {
  it('reaches the root through an intermediate kept in the trust store', () => {
    const store = new TrustStore([root.certPem, intermediate.certPem]);
    expect(store.chain(x509Of(person)).map((c) => c.subject)).toEqual([x509Of(person), x509Of(intermediate), x509Of(root)].map((c) => c.subject));
  });

  it('reaches the root through an intermediate the CMS carries', () => {
    expect(new TrustStore([root.certPem]).chain(x509Of(person), [x509Of(intermediate)])).toHaveLength(3);
  });

  it('does not trust a certificate whose intermediate is missing', () => {
    expect(codeOf(() => new TrustStore([root.certPem]).chain(x509Of(person)))).toBe(SignatureErrorCode.CertUntrusted);
  });

  it('does not trust a certificate issued by a non-CA certificate (basicConstraints CA false)', async () => {
    const notCa = await issueCertificate(root, { commonName: 'NOT A CA' });
    const below = await issueCertificate(notCa, { commonName: 'BELOW' });
    expect(codeOf(() => new TrustStore([root.certPem]).chain(x509Of(below), [x509Of(notCa)]))).toBe(SignatureErrorCode.CertUntrusted);
  });

  it('does not trust a chain ending at an untrusted self-signed root the CMS carries', async () => {
    const stranger = await createDemoCa({ intermediate: true, name: 'CN=Stranger root' });
    const victim = await issueCertificate(stranger.issuer, { commonName: 'VICTIM' });
    expect(codeOf(() => new TrustStore([root.certPem]).chain(x509Of(victim), [x509Of(stranger.issuer), x509Of(stranger.root)]))).toBe(SignatureErrorCode.CertUntrusted);
  });
});

describe('the chain at signing time', () => {
  it('rejects a signature when an intermediate had expired at signing time', async () => {
    const oldRoot = await createRootCa({ notBefore: new Date(Date.now() - 100 * DAY) });
    const expiredCa = await issueCertificate(oldRoot, { commonName: 'EXPIRED CA', ca: true, notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) });
    const leaf = await issueCertificate(expiredCa, { commonName: 'LEAF', notBefore: new Date(Date.now() - 80 * DAY) });
    const verifier = new SignatureVerifier({ trustStore: new TrustStore([oldRoot.certPem]) });
    const signature = signCms({ payload, cert: leaf.certPem, key: createPrivateKey(leaf.keyPem), chain: [expiredCa.certPem] });
    await expect(verifier.verify({ signature, payload, receivedAt: new Date() })).rejects.toMatchObject({ code: SignatureErrorCode.CertExpired, message: expect.stringContaining('EXPIRED CA') });
  });
});

describe('RFC 4514 names', () => {
  const name = (rdns: [string, asn1js.BaseBlock][][]) =>
    Buffer.from(new asn1js.Sequence({ value: rdns.map((rdn) => new asn1js.Set({ value: rdn.map(([oid, value]) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] })) })) }).toBER());

  it('prints the last RDN first, with registered short names and escaped special characters', () => {
    const der = name([[['2.5.4.6', new asn1js.PrintableString({ value: 'KZ' })]], [['2.5.4.10', new asn1js.Utf8String({ value: 'ТОО "Рога, копыта"' })]], [['2.5.4.3', new asn1js.Utf8String({ value: ' #lead' })], ['2.5.4.5', new asn1js.PrintableString({ value: 'IIN900101300126' })]]]);
    expect(rfc4514(der)).toBe('CN=\\ #lead+serialNumber=IIN900101300126,O=ТОО \\"Рога\\, копыта\\",C=KZ');
  });

  it('prints an attribute without a registered name as its OID and the hex of its value', () => {
    const der = name([[['1.2.840.113549.1.9.1', new asn1js.IA5String({ value: 'a@b.kz' })]]]);
    expect(rfc4514(der)).toBe('1.2.840.113549.1.9.1=#16066140622e6b7a');
  });
});
