import { AlgorithmVerifier } from '../types';
import { digestNumber, signDigestNumber, verifySignature } from './gost3410';
import { GostPrivateKey, GostPublicKey, parsePublicKey } from './keys';
import { DIGEST_FUNCTIONS, digestFor, GOST_DIGESTS, GOST_SIGNATURES, Profile, PROFILE_OIDS } from './oids';
import { readSignature, writeSignature } from './signature-layout';

/** Parsed public keys by their SubjectPublicKeyInfo bytes: the same signer and CA keys come again and again. */
const keys = new Map<string, GostPublicKey>();
const KEY_LIMIT = 4096;

function publicKey(spki: Buffer): GostPublicKey {
  const id = spki.toString('base64');
  let key = keys.get(id);
  if (!key) {
    key = parsePublicKey(spki);
    if (keys.size >= KEY_LIMIT) keys.delete(keys.keys().next().value!);
    keys.set(id, key);
  }
  return key;
}

/**
 * GOST 34.10-2015 (512 and 256 bits) and GOST 34.310-2004 signatures, in NCA RK's Kazakh profile
 * and in the RFC 4491/9215 profile, for CMS SignerInfos, certificates and CRLs.
 */
export const gostVerifier: AlgorithmVerifier & { name(sigOid: string, digestOid: string): string } = {
  supports: (sigOid, digestOid) => {
    const algorithm = GOST_SIGNATURES[sigOid];
    return !!algorithm && !!digestFor(algorithm, digestOid);
  },
  verify: ({ publicKeySpki, signatureAlgorithmOid, digestAlgorithmOid, signedBytes, signature }) => {
    const algorithm = GOST_SIGNATURES[signatureAlgorithmOid];
    const digest = algorithm && digestFor(algorithm, digestAlgorithmOid);
    if (!digest) return false;
    let key: GostPublicKey;
    try {
      key = publicKey(publicKeySpki);
    } catch {
      return false; // not a GOST key, or not a point of its curve
    }
    if (key.keyClass !== algorithm.keyClass) return false; // e.g. a 256-bit key under a 512-bit signature OID
    const rs = readSignature(signature, algorithm.profile, key.curve.size);
    if (!rs) return false;
    return verifySignature(key.curve, key.point, digestNumber(key.curve, DIGEST_FUNCTIONS[digest](signedBytes)), rs.r, rs.s);
  },
  name: (sigOid) => GOST_SIGNATURES[sigOid]?.name ?? sigOid,
};

/** The digest of `data` for a GOST digest OID, or undefined for any other OID (the CMS messageDigest check). */
export function gostDigest(digestOid: string, data: Uint8Array): Buffer | undefined {
  const name = GOST_DIGESTS[digestOid];
  return name && DIGEST_FUNCTIONS[name](data);
}

/**
 * Signs `data` with a GOST private key in a profile's OIDs and layout: the signature value, and
 * the OIDs to name in the CMS or certificate. For the test stand, the tests and npm run sign.
 */
export function gostSign(key: GostPrivateKey, data: Uint8Array, profile: Profile): { value: Buffer; signatureOid: string; digestOid: string } {
  const oids = PROFILE_OIDS[profile][key.keyClass];
  const algorithm = GOST_SIGNATURES[oids.signature];
  const e = digestNumber(key.curve, DIGEST_FUNCTIONS[algorithm.digest!](data));
  return { value: writeSignature(signDigestNumber(key.curve, key.d, e), profile, key.curve.size), signatureOid: oids.signature, digestOid: oids.digest };
}
