import { Curve, CURVES } from './curves';
import { gost3411_94 } from './gost3411-94';
import { streebog256, streebog512 } from './streebog';

/**
 * The GOST algorithms by object identifier: NCA RK's Kazakh profile (1.2.398.3.10.*) and the RFC
 * 4491 / RFC 9215 profile (1.2.643.*) that OpenSSL's GOST engine uses. The profile decides the
 * byte layout of a signature value (see ./signature-layout.ts).
 */
export type Profile = 'kz' | 'rfc';
/** The key algorithm: GOST 34.10-2015 / R 34.10-2012 512 or 256 bits, or GOST 34.310-2004 / R 34.10-2001. */
export type KeyClass = '2012-512' | '2012-256' | '2001';
/** gost3411-94: GOST R 34.11-94 with CryptoPro parameters (RFC 4357); gost34311-95: Kazakhstan's GOST 34.311-95, the same hash with the test parameters (RFC 5831 §7.3.1) */
export type DigestName = 'streebog512' | 'streebog256' | 'gost3411-94' | 'gost34311-95';

export const DIGEST_FUNCTIONS: Record<DigestName, (data: Uint8Array) => Buffer> = {
  streebog512,
  streebog256,
  'gost3411-94': (data) => gost3411_94(data, 'cryptopro'),
  'gost34311-95': (data) => gost3411_94(data, 'test'),
};

/** Digest algorithm OID -> the hash function. */
export const GOST_DIGESTS: Record<string, DigestName> = {
  '1.2.398.3.10.1.3.3': 'streebog512', // Kazakh: GOST 34.11-2015 512
  '1.2.398.3.10.1.3.2': 'streebog256', // Kazakh: GOST 34.11-2015 256
  '1.2.398.3.10.1.3.1': 'gost34311-95', // Kazakh: GOST 34.311-95 (parameters 1.2.398.3.10.1.3.1.1.0)
  '1.2.643.7.1.1.2.3': 'streebog512', // id-tc26-gost3411-12-512
  '1.2.643.7.1.1.2.2': 'streebog256', // id-tc26-gost3411-12-256
  '1.2.643.2.2.9': 'gost3411-94', // id-GostR3411-94
};

export interface SignatureAlgorithm {
  profile: Profile;
  keyClass: KeyClass;
  /** the digest this signature algorithm names; undefined for a key OID, where the CMS digestAlgorithm says */
  digest?: DigestName;
  name: string;
}

const KEY_DIGEST: Record<Profile, Record<KeyClass, DigestName>> = {
  kz: { '2012-512': 'streebog512', '2012-256': 'streebog256', '2001': 'gost34311-95' },
  rfc: { '2012-512': 'streebog512', '2012-256': 'streebog256', '2001': 'gost3411-94' },
};

const NAMES: Record<Profile, Record<KeyClass, string>> = {
  kz: { '2012-512': 'GOST34.10-2015-512', '2012-256': 'GOST34.10-2015-256', '2001': 'GOST34.310-2004' },
  rfc: { '2012-512': 'GOST-R34.10-2012-512', '2012-256': 'GOST-R34.10-2012-256', '2001': 'GOST-R34.10-2001' },
};

const signatureAlgorithm = (profile: Profile, keyClass: KeyClass, named: boolean): SignatureAlgorithm => ({
  profile,
  keyClass,
  digest: named ? KEY_DIGEST[profile][keyClass] : undefined,
  name: NAMES[profile][keyClass],
});

/**
 * Signature algorithm OIDs, and the public-key OIDs that stand in for them in a CMS SignerInfo
 * (OpenSSL writes the key OID there, NCALayer the signature OID).
 */
export const GOST_SIGNATURES: Record<string, SignatureAlgorithm> = {
  '1.2.398.3.10.1.1.2.3.2': signatureAlgorithm('kz', '2012-512', true),
  '1.2.398.3.10.1.1.2.3.1': signatureAlgorithm('kz', '2012-256', true),
  '1.2.398.3.10.1.1.1.2': signatureAlgorithm('kz', '2001', true),
  '1.2.643.7.1.1.3.3': signatureAlgorithm('rfc', '2012-512', true), // id-tc26-signwithdigest-gost3410-12-512
  '1.2.643.7.1.1.3.2': signatureAlgorithm('rfc', '2012-256', true), // id-tc26-signwithdigest-gost3410-12-256
  '1.2.643.2.2.3': signatureAlgorithm('rfc', '2001', true), // id-GostR3411-94-with-GostR3410-2001
  '1.2.398.3.10.1.1.2.2': signatureAlgorithm('kz', '2012-512', false),
  '1.2.398.3.10.1.1.2.1': signatureAlgorithm('kz', '2012-256', false),
  '1.2.398.3.10.1.1.1.1': signatureAlgorithm('kz', '2001', false),
  '1.2.643.7.1.1.1.2': signatureAlgorithm('rfc', '2012-512', false), // id-tc26-gost3410-12-512
  '1.2.643.7.1.1.1.1': signatureAlgorithm('rfc', '2012-256', false), // id-tc26-gost3410-12-256
  '1.2.643.2.2.19': signatureAlgorithm('rfc', '2001', false), // id-GostR3410-2001
};

/** The digest a signature algorithm uses: its own, or for a key OID the one the CMS names (which must suit the key). */
export function digestFor(algorithm: SignatureAlgorithm, digestOid: string): DigestName | undefined {
  const named = GOST_DIGESTS[digestOid];
  if (algorithm.digest) return !digestOid || named === algorithm.digest ? algorithm.digest : undefined;
  return named === KEY_DIGEST[algorithm.profile][algorithm.keyClass] ? named : undefined;
}

/** Public-key algorithm OIDs. */
export const GOST_KEYS: Record<string, { profile: Profile; keyClass: KeyClass; defaultCurve?: Curve }> = {
  // the Kazakh profile has one curve per key algorithm, so a key without parameters still names it
  '1.2.398.3.10.1.1.2.2': { profile: 'kz', keyClass: '2012-512', defaultCurve: CURVES.tc26_512_A },
  '1.2.398.3.10.1.1.2.1': { profile: 'kz', keyClass: '2012-256', defaultCurve: CURVES.tc26_256_A },
  '1.2.398.3.10.1.1.1.1': { profile: 'kz', keyClass: '2001', defaultCurve: CURVES.cryptoPro_A },
  '1.2.643.7.1.1.1.2': { profile: 'rfc', keyClass: '2012-512' },
  '1.2.643.7.1.1.1.1': { profile: 'rfc', keyClass: '2012-256' },
  '1.2.643.2.2.19': { profile: 'rfc', keyClass: '2001' },
};

/** Parameter-set (curve) OIDs. */
export const GOST_CURVES: Record<string, Curve> = {
  '1.2.398.3.10.1.1.2.2.1': CURVES.tc26_512_A,
  '1.2.398.3.10.1.1.2.1.1': CURVES.tc26_256_A,
  '1.2.398.3.10.1.1.1.1.1': CURVES.cryptoPro_A,
  '1.2.643.7.1.2.1.2.1': CURVES.tc26_512_A,
  '1.2.643.7.1.2.1.2.2': CURVES.tc26_512_B,
  '1.2.643.7.1.2.1.2.3': CURVES.tc26_512_C,
  '1.2.643.7.1.2.1.1.1': CURVES.tc26_256_A,
  // RFC 9215: tc26 256-bit paramSetB, C, D are the CryptoPro A, B, C curves
  '1.2.643.7.1.2.1.1.2': CURVES.cryptoPro_A,
  '1.2.643.7.1.2.1.1.3': CURVES.cryptoPro_B,
  '1.2.643.7.1.2.1.1.4': CURVES.cryptoPro_C,
  '1.2.643.2.2.35.1': CURVES.cryptoPro_A,
  '1.2.643.2.2.35.2': CURVES.cryptoPro_B,
  '1.2.643.2.2.35.3': CURVES.cryptoPro_C,
  '1.2.643.2.2.36.0': CURVES.cryptoPro_A, // XchA
  '1.2.643.2.2.36.1': CURVES.cryptoPro_C, // XchB
};

/** OIDs of each profile for making keys, certificates and CMS (tests, the demo stand, npm run sign). */
export const PROFILE_OIDS: Record<Profile, Record<KeyClass, { key: string; curve: string; signature: string; digest: string }>> = {
  kz: {
    '2012-512': { key: '1.2.398.3.10.1.1.2.2', curve: '1.2.398.3.10.1.1.2.2.1', signature: '1.2.398.3.10.1.1.2.3.2', digest: '1.2.398.3.10.1.3.3' },
    '2012-256': { key: '1.2.398.3.10.1.1.2.1', curve: '1.2.398.3.10.1.1.2.1.1', signature: '1.2.398.3.10.1.1.2.3.1', digest: '1.2.398.3.10.1.3.2' },
    '2001': { key: '1.2.398.3.10.1.1.1.1', curve: '1.2.398.3.10.1.1.1.1.1', signature: '1.2.398.3.10.1.1.1.2', digest: '1.2.398.3.10.1.3.1' },
  },
  rfc: {
    '2012-512': { key: '1.2.643.7.1.1.1.2', curve: '1.2.643.7.1.2.1.2.1', signature: '1.2.643.7.1.1.3.3', digest: '1.2.643.7.1.1.2.3' },
    '2012-256': { key: '1.2.643.7.1.1.1.1', curve: '1.2.643.7.1.2.1.1.1', signature: '1.2.643.7.1.1.3.2', digest: '1.2.643.7.1.1.2.2' },
    '2001': { key: '1.2.643.2.2.19', curve: '1.2.643.2.2.35.1', signature: '1.2.643.2.2.3', digest: '1.2.643.2.2.9' },
  },
};
