import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { HUB_ALGORITHMS } from '../algorithms';
import { arrayBuffer, policiesOf, signedStructure, spkiOf, splitCertificates, subjectOf } from '../certificates';
import { RevocationList } from '../revocation';
import { TrustStore, verifyIssuedBy } from '../trust-store';
import { parsePublicKey } from './keys';
import { gostVerifier } from './verifier';

/**
 * Known answers: NCA RK's own public test certificates and CRLs (as published in the test
 * resources of the open-source NCANode project), not of our making. They fix the Kazakh profile
 * against the real thing: OIDs, key encoding, and the r‖s little-endian signature layout.
 * - nca_gost2015_test.cer: the GOST 34.10-2015 (512) test CA "ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022";
 *   nca_gost2022_test.crl: its CRL.
 * - nca_gost_test.crt: the GOST 34.310-2004 test CA "ҰКО 3.0 (GOST TEST)"; nca_gost_test.crl: its CRL;
 *   ceo_valid_sign_2004_gost.cer: a chief executive's signing certificate it issued.
 * - nca_rsa_test.crt / nca_rsa_test.crl: the RSA test CA and its CRL.
 */
const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', 'nca', name));
const der = (name: string) => {
  const data = fixture(name);
  const text = data.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) return splitCertificates(data)[0];
  if (text.includes('-----BEGIN')) return Buffer.from(text.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return data;
};
const certificate = (name: string) => new X509Certificate(der(name));

/** Whether `signed` (a CRL or certificate) verifies under `issuer`'s key, its signature bytes changed by `change`. */
function verifiesUnder(signed: Buffer, issuer: X509Certificate, change: (value: Buffer) => Buffer = (v) => v): boolean {
  const s = signedStructure(signed);
  return gostVerifier.verify({ publicKeySpki: spkiOf(issuer.raw), signatureAlgorithmOid: s.algorithmOid, digestAlgorithmOid: '', signedBytes: s.tbs, signature: change(s.signature) });
}
const reversed = (v: Buffer) => Buffer.from(v).reverse();
/** (r, s) swapped, each half kept in its own byte order */
const halvesSwapped = (v: Buffer) => Buffer.concat([v.subarray(v.length / 2), v.subarray(0, v.length / 2)]);

describe('NCA RK GOST 34.10-2015 (512) test CA and its 2022 CRL', () => {
  const ca = certificate('nca_gost2015_test.cer');
  const crl = der('nca_gost2022_test.crl');

  it('reads the CA key: Kazakh key OID, tc26-512-paramSetA, a point of the curve', () => {
    const key = parsePublicKey(spkiOf(ca.raw));
    expect(key).toMatchObject({ profile: 'kz', keyClass: '2012-512', curve: { name: 'tc26-512-paramSetA' } });
    expect(signedStructure(crl).algorithmOid).toBe('1.2.398.3.10.1.1.2.3.2');
  });

  it("verifies the CRL under its issuer's key in the r‖s little-endian layout, and in no other", () => {
    expect(verifiesUnder(crl, ca)).toBe(true);
    expect(verifiesUnder(crl, ca, reversed)).toBe(false); // the RFC 4491 layout (s‖r big-endian)
    expect(verifiesUnder(crl, ca, halvesSwapped)).toBe(false);
  });

  it('is read by the revocation list with the CA in the trust store: its serials revoked, others unknown (the CRL is past its nextUpdate, January 2023)', async () => {
    const list = new RevocationList(new TrustStore([ca.raw]), { files: [path.join(__dirname, 'fixtures', 'nca', 'nca_gost2022_test.crl')] });
    await list.refresh();
    const entries = new x509.X509Crl(arrayBuffer(crl)).entries;
    expect(entries.length).toBeGreaterThan(0);
    // status() reads a certificate's issuer and serial: these stand for certificates the CA issued
    const issuedBy = (serialNumber: string) => ({ issuer: ca.subject, serialNumber }) as X509Certificate;
    expect(list.status(issuedBy(entries[0].serialNumber))).toMatchObject({ state: 'revoked', revokedAt: entries[0].revocationDate });
    expect(list.status(issuedBy('0123456789ABCDEF'))).toMatchObject({ state: 'unknown', detail: expect.stringMatching(/past its nextUpdate/) });
  });
});

describe('NCA RK GOST 34.310-2004 test CA, its CRL and a chief executive’s signing certificate', () => {
  const ca = certificate('nca_gost_test.crt');
  const ceo = certificate('ceo_valid_sign_2004_gost.cer');

  it('verifies the CRL and the certificate under the CA key (GOST 34.311-95 digest, CryptoPro-A), only in the Kazakh layout', () => {
    expect(parsePublicKey(spkiOf(ca.raw))).toMatchObject({ profile: 'kz', keyClass: '2001', curve: { name: 'CryptoPro-A' } });
    expect(verifiesUnder(der('nca_gost_test.crl'), ca)).toBe(true);
    expect(verifiesUnder(der('nca_gost_test.crl'), ca, reversed)).toBe(false);
    expect(verifyIssuedBy(ceo.raw, ca, HUB_ALGORITHMS)).toBe(true);
    expect(verifiesUnder(ceo.raw, ca, reversed)).toBe(false);
  });

  it('names the signer from the NCA RK subject: IIN, BIN, organisation', () => {
    expect(subjectOf(ceo.raw)).toEqual({ name: 'ТЕСТОВ ТЕСТ', iin: '123456789011', bin: '123456789021', organisation: 'АО "ТЕСТ"' });
  });

  it('reads the legal-entity and chief-executive OIDs NCA RK puts in the extended key usage beside the policy', () => {
    expect(policiesOf(ceo.raw)).toEqual(['1.2.398.3.3.2.1', '1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.1']);
  });
});

describe('NCA RK RSA test CA and its CRL', () => {
  it('verifies the CRL under the CA key through the same verifiers', () => {
    const ca = certificate('nca_rsa_test.crt');
    expect(verifyIssuedBy(der('nca_rsa_test.crl'), ca, HUB_ALGORITHMS)).toBe(true);
  });
});
