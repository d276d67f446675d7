import { constants, createPublicKey, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AlgorithmVerifier } from './types';
import { DIGESTS, ECDSA, OID, RSA_PKCS1 } from './oids';

const keyOf = (spki: Buffer) => createPublicKey({ key: spki, format: 'der', type: 'spki' });
const upper = (hash: string) => hash.toUpperCase().replace('SHA', 'SHA');

/** RSA PKCS#1 v1.5 with SHA-256/384/512 (sha*WithRSAEncryption, or rsaEncryption plus a digest). */
export const rsaPkcs1Verifier: AlgorithmVerifier & { name(sigOid: string, digestOid: string): string } = {
  supports: (sigOid, digestOid) => sigOid in RSA_PKCS1 || (sigOid === OID.rsaEncryption && digestOid in DIGESTS),
  verify: ({ publicKeySpki, signatureAlgorithmOid, digestAlgorithmOid, signedBytes, signature }) => {
    const hash = RSA_PKCS1[signatureAlgorithmOid] ?? DIGESTS[digestAlgorithmOid];
    return verify(hash, signedBytes, { key: keyOf(publicKeySpki), padding: constants.RSA_PKCS1_PADDING }, signature);
  },
  name: (sigOid, digestOid) => `RSA-${upper(RSA_PKCS1[sigOid] ?? DIGESTS[digestOid])}`,
};

function pssParams(params?: ArrayBuffer): { hash: string; saltLength: number } {
  if (!params) return { hash: 'sha1', saltLength: 20 };
  const asn1 = asn1js.fromBER(params);
  const parsed = new pkijs.RSASSAPSSParams({ schema: asn1.result });
  return { hash: DIGESTS[parsed.hashAlgorithm.algorithmId] ?? 'sha1', saltLength: parsed.saltLength };
}

/** RSASSA-PSS with the hash and salt length its parameters name. */
export const rsaPssVerifier: AlgorithmVerifier & { name(sigOid: string, digestOid: string, params?: ArrayBuffer): string } = {
  supports: (sigOid) => sigOid === OID.rsaPss,
  verify: ({ publicKeySpki, signatureAlgorithmParams, signedBytes, signature }) => {
    const { hash, saltLength } = pssParams(signatureAlgorithmParams);
    if (hash === 'sha1') return false;
    return verify(hash, signedBytes, { key: keyOf(publicKeySpki), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
  },
  name: (_sigOid, _digestOid, params) => `RSA-PSS-${upper(pssParams(params).hash)}`,
};

/** ECDSA (P-256, P-384) with SHA-256/384/512; CMS carries the signature DER-encoded. */
export const ecdsaVerifier: AlgorithmVerifier & { name(sigOid: string, digestOid: string): string } = {
  supports: (sigOid, digestOid) => sigOid in ECDSA || (sigOid === OID.ecPublicKey && digestOid in DIGESTS),
  verify: ({ publicKeySpki, signatureAlgorithmOid, digestAlgorithmOid, signedBytes, signature }) => {
    const hash = ECDSA[signatureAlgorithmOid] ?? DIGESTS[digestAlgorithmOid];
    return verify(hash, signedBytes, { key: keyOf(publicKeySpki), dsaEncoding: 'der' }, signature);
  },
  name: (sigOid, digestOid) => `ECDSA-${upper(ECDSA[sigOid] ?? DIGESTS[digestOid])}`,
};

/** What Node's OpenSSL verifies. GOST 34.10 needs a verifier of its own, added to this list. */
export const NODE_ALGORITHMS: AlgorithmVerifier[] = [rsaPkcs1Verifier, rsaPssVerifier, ecdsaVerifier];
