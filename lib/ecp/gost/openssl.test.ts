import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generatePrivateKey, parsePrivateKey, parsePublicKey, privateKeyPem, publicKeyPem } from './keys';
import { GOST_SIGNATURES, KeyClass, PROFILE_OIDS } from './oids';
import { gostSign, gostVerifier } from './verifier';

/**
 * Cross-checks against an independent implementation: OpenSSL's GOST engine (Debian
 * libengine-gost-openssl), through the system's openssl. It signs in the RFC 4491/9215 layout
 * (s‖r big-endian); the Kazakh layout is its byte reversal, which these tests convert to and from.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'qyzmet-gost-openssl-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const data = Buffer.from('{"applicationNumber":"A-1","stage":"ACCEPTED"}');
writeFileSync(file('data'), data);

const DIGEST: Record<KeyClass, string> = { '2012-512': '-md_gost12_512', '2012-256': '-md_gost12_256', '2001': '-md_gost94' };
const ALGORITHM: Record<KeyClass, string> = { '2012-512': 'gost2012_512', '2012-256': 'gost2012_256', '2001': 'gost2001' };

const cases: [KeyClass, string][] = [['2012-512', 'A'], ['2012-512', 'B'], ['2012-512', 'C'], ['2012-256', 'TCA'], ['2012-256', 'A'], ['2012-256', 'B'], ['2012-256', 'C'], ['2001', 'A'], ['2001', 'B'], ['2001', 'C']];

const verify = (spki: Buffer, sigOid: string, signature: Buffer, signed = data) =>
  gostVerifier.verify({ publicKeySpki: spki, signatureAlgorithmOid: sigOid, digestAlgorithmOid: '', signedBytes: signed, signature });

describe.each(cases)('OpenSSL GOST engine, %s key on paramset %s', (keyClass, paramset) => {
  const name = `${keyClass}-${paramset}`;
  let spki: Buffer;

  beforeAll(() => {
    openssl('genpkey', '-engine', 'gost', '-algorithm', ALGORITHM[keyClass], '-pkeyopt', `paramset:${paramset}`, '-out', file(`${name}.key`));
    spki = openssl('pkey', '-engine', 'gost', '-in', file(`${name}.key`), '-pubout', '-outform', 'DER');
  });

  it('its signature verifies here under the RFC OID, and its byte reversal under the Kazakh OID (same digest: GOST 34.10-2015)', () => {
    openssl('dgst', '-engine', 'gost', DIGEST[keyClass], '-sign', file(`${name}.key`), '-out', file(`${name}.sig`), file('data'));
    const rfcLayout = readFileSync(file(`${name}.sig`));
    expect(verify(spki, PROFILE_OIDS.rfc[keyClass].signature, rfcLayout)).toBe(true);
    // GOST 34.310-2004's Kazakh digest (GOST 34.311-95, test parameters) is not OpenSSL's md_gost94 (CryptoPro parameters)
    expect(verify(spki, PROFILE_OIDS.kz[keyClass].signature, Buffer.from(rfcLayout).reverse())).toBe(keyClass !== '2001');
    // the layouts are not interchangeable: the RFC bytes under the Kazakh OID are a forgery-shaped error
    expect(verify(spki, PROFILE_OIDS.kz[keyClass].signature, rfcLayout)).toBe(false);
    expect(verify(spki, PROFILE_OIDS.rfc[keyClass].signature, rfcLayout, Buffer.from('other data'))).toBe(false);
  });

  it('reads its private key to the same public key', () => {
    const key = parsePrivateKey(Buffer.from(readFileSync(file(`${name}.key`), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    expect(key.point).toEqual(parsePublicKey(spki).point);
  });
});

describe.each([['2012-512'], ['2012-256'], ['2001']] as [KeyClass][])('signatures made here with a %s key', (keyClass) => {
  const key = generatePrivateKey('rfc', keyClass);

  beforeAll(() => {
    writeFileSync(file(`ours-${keyClass}.key`), privateKeyPem(key));
    writeFileSync(file(`ours-${keyClass}.pub`), publicKeyPem(key));
  });

  it('verify in OpenSSL (RFC layout as is; Kazakh layout reversed)', () => {
    const rfc = gostSign(key, data, 'rfc');
    writeFileSync(file(`ours-${keyClass}.sig`), rfc.value);
    expect(openssl('dgst', '-engine', 'gost', DIGEST[keyClass], '-verify', file(`ours-${keyClass}.pub`), '-signature', file(`ours-${keyClass}.sig`), file('data')).toString()).toContain('Verified OK');
    if (keyClass === '2001') return; // the Kazakh 2004 profile hashes with other parameters than OpenSSL: see nca-known-answer.test.ts
    const kz = gostSign(key, data, 'kz');
    expect(GOST_SIGNATURES[kz.signatureOid].profile).toBe('kz');
    writeFileSync(file(`ours-${keyClass}-kz.sig`), Buffer.from(kz.value).reverse());
    expect(openssl('dgst', '-engine', 'gost', DIGEST[keyClass], '-verify', file(`ours-${keyClass}.pub`), '-signature', file(`ours-${keyClass}-kz.sig`), file('data')).toString()).toContain('Verified OK');
  });

  it('come from a private key OpenSSL reads and signs with, to the same public key', () => {
    openssl('dgst', '-engine', 'gost', DIGEST[keyClass], '-sign', file(`ours-${keyClass}.key`), '-out', file(`theirs-${keyClass}.sig`), file('data'));
    expect(verify(Buffer.from(readFileSync(file(`ours-${keyClass}.pub`), 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64'), PROFILE_OIDS.rfc[keyClass].signature, readFileSync(file(`theirs-${keyClass}.sig`)))).toBe(true);
  });
});
