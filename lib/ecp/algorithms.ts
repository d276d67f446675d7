import { constants, createPublicKey, KeyObject, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { gostVerifier } from './gost/verifier';
import { DIGESTS, ECDSA, OID, RSA_PKCS1 } from './oids';
import { BoundedCache } from './bounded-cache';
import { AlgorithmVerifier, SignatureError, SignatureErrorCode } from './types';

/** As many signers' keys as the verifier keeps certificate verdicts (verifier.ts CACHE_LIMIT). */
export const PUBLIC_KEY_CACHE_LIMIT = 10_000;
const publicKeys = new BoundedCache<string, KeyObject>(PUBLIC_KEY_CACHE_LIMIT);

/**
 * The signer's public key as Node's KeyObject, imported once per key: importing (0.1 ms for
 * RSA-2048) cost four times the signature check itself on every message. A key is public and
 * immutable, so the cache decides nothing: the certificate carrying it is still checked per message.
 */
export function publicKeyOf(spki: Buffer): KeyObject {
  const id = spki.toString('base64');
  let key = publicKeys.get(id);
  if (!key) {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    publicKeys.set(id, key);
  }
  return key;
}
const keyOf = publicKeyOf;
const label = (hash: string) => hash.toUpperCase(); // sha256 -> SHA256

/** Node throws for a key of another type (an EC key on an RSA algorithm, a GOST key): that is a signature that does not verify. */
function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

/** RSA PKCS#1 v1.5 with SHA-256/384/512 (sha*WithRSAEncryption, or rsaEncryption plus a digest). */
export const rsaPkcs1Verifier: AlgorithmVerifier & { name(sigOid: string, digestOid: string): string } = {
  supports: (sigOid, digestOid) => sigOid in RSA_PKCS1 || (sigOid === OID.rsaEncryption && digestOid in DIGESTS),
  verify: ({ publicKeySpki, signatureAlgorithmOid, digestAlgorithmOid, signedBytes, signature }) => {
    const hash = RSA_PKCS1[signatureAlgorithmOid] ?? DIGESTS[digestAlgorithmOid];
    return safely(() => verify(hash, signedBytes, { key: keyOf(publicKeySpki), padding: constants.RSA_PKCS1_PADDING }, signature));
  },
  name: (sigOid, digestOid) => `RSA-${label(RSA_PKCS1[sigOid] ?? DIGESTS[digestOid])}`,
};

interface PssParams {
  hash?: string;
  mgfHash?: string;
  saltLength: number;
  trailerField: number;
}

/** RSASSA-PSS-params; their defaults are SHA-1 (RFC 4055), which is not accepted. */
function pssParams(params?: ArrayBuffer): PssParams {
  if (!params) return { hash: undefined, mgfHash: undefined, saltLength: 20, trailerField: 1 };
  const parsed = new pkijs.RSASSAPSSParams({ schema: asn1js.fromBER(params).result });
  const mgf = parsed.maskGenAlgorithm.algorithmParams ? new pkijs.AlgorithmIdentifier({ schema: parsed.maskGenAlgorithm.algorithmParams }) : undefined;
  return { hash: DIGESTS[parsed.hashAlgorithm.algorithmId], mgfHash: mgf ? DIGESTS[mgf.algorithmId] : undefined, saltLength: parsed.saltLength, trailerField: parsed.trailerField };
}

const pssUsable = (p: PssParams) => !!p.hash && p.mgfHash === p.hash && p.trailerField === 1;

/** RSASSA-PSS with the hash and salt length its parameters name (MGF1 over the same hash, as Node does it). */
export const rsaPssVerifier: AlgorithmVerifier & { name(sigOid: string, digestOid: string, params?: ArrayBuffer): string } = {
  supports: (sigOid) => sigOid === OID.rsaPss,
  verify: ({ publicKeySpki, signatureAlgorithmParams, signedBytes, signature }) =>
    safely(() => {
      const p = pssParams(signatureAlgorithmParams);
      if (!pssUsable(p)) return false;
      return verify(p.hash!, signedBytes, { key: keyOf(publicKeySpki), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength }, signature);
    }),
  name: (_sigOid, _digestOid, params) => `RSA-PSS-${label(safely(() => !!pssParams(params).hash) ? pssParams(params).hash! : 'SHA1')}`,
};

/** ECDSA (P-256, P-384) with SHA-256/384/512; CMS and X.509 carry the signature DER-encoded. */
export const ecdsaVerifier: AlgorithmVerifier & { name(sigOid: string, digestOid: string): string } = {
  supports: (sigOid, digestOid) => sigOid in ECDSA || (sigOid === OID.ecPublicKey && digestOid in DIGESTS),
  verify: ({ publicKeySpki, signatureAlgorithmOid, digestAlgorithmOid, signedBytes, signature }) => {
    const hash = ECDSA[signatureAlgorithmOid] ?? DIGESTS[digestAlgorithmOid];
    return safely(() => verify(hash, signedBytes, { key: keyOf(publicKeySpki), dsaEncoding: 'der' }, signature));
  },
  name: (sigOid, digestOid) => `ECDSA-${label(ECDSA[sigOid] ?? DIGESTS[digestOid])}`,
};

/** What Node's OpenSSL verifies. */
export const NODE_ALGORITHMS: AlgorithmVerifier[] = [rsaPkcs1Verifier, rsaPssVerifier, ecdsaVerifier];

/** What the hub verifies by default: NCA RK's GOST (both profiles, ./gost) beside Node's RSA and ECDSA. */
export const HUB_ALGORITHMS: AlgorithmVerifier[] = [gostVerifier, ...NODE_ALGORITHMS];

/** GOST OIDs: NCA RK's Kazakh arc (1.2.398.3.10.*) and the Russian one of RFC 4491/9215 (1.2.643.*). */
export const isGostOid = (oid: string) => oid.startsWith('1.2.643.') || oid.startsWith('1.2.398.3.10.');

/** The verifier for an algorithm, else UNSUPPORTED_ALGORITHM naming the OID (and, for GOST, what to configure). */
export function selectAlgorithm(verifiers: AlgorithmVerifier[], signatureAlgorithmOid: string, digestAlgorithmOid: string): AlgorithmVerifier {
  const found = verifiers.find((v) => v.supports(signatureAlgorithmOid, digestAlgorithmOid));
  if (found) return found;
  const what = `signature algorithm ${signatureAlgorithmOid}${digestAlgorithmOid ? ` (digest ${digestAlgorithmOid})` : ''}`;
  const hint = isGostOid(signatureAlgorithmOid) || isGostOid(digestAlgorithmOid)
    ? 'accepted GOST algorithms are GOST 34.10-2015 (512 and 256 bits, with their own GOST 34.11-2015 digest) and GOST 34.310-2004 (with GOST 34.311-95), under NCA RK\'s or the RFC 9215 OIDs, when the verifier is configured with them'
    : 'accepted are GOST, RSA PKCS#1 v1.5, RSA-PSS and ECDSA with SHA-256/384/512, plus any AlgorithmVerifier configured';
  throw new SignatureError(SignatureErrorCode.UnsupportedAlgorithm, `The ${what} is not supported: ${hint}`);
}

/** A readable algorithm name (RSA-SHA256, ECDSA-SHA384, ...), or the OID when the verifier has none. */
export function algorithmName(verifier: AlgorithmVerifier, sigOid: string, digestOid: string, params?: ArrayBuffer): string {
  return verifier.name?.(sigOid, digestOid, params) ?? sigOid;
}
