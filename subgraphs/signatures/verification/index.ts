/** The public API of signature (ЭЦП) verification. Certificate and CMS making (demo CA, npm run sign, tests) is in ./pki, not here. */
export { NODE_ALGORITHMS, algorithmName, ecdsaVerifier, isGostOid, rsaPkcs1Verifier, rsaPssVerifier, selectAlgorithm } from './algorithms';
export { canonicalBytes } from './canonical';
export { rfc4514, subjectOf } from './certificates';
export type { Subject } from './certificates';
export { parseCms } from './cms';
export type { ParsedCms } from './cms';
export { RevocationList } from './revocation';
export type { RevocationOptions } from './revocation';
export { loadTrustStore, TrustStore, verifyIssuedBy } from './trust-store';
export { SignatureError } from './types';
export type { AlgorithmVerifier, SignatureErrorCode, SignedMessage, VerifiedSignature } from './types';
export { SignatureVerifier } from './verifier';
export type { VerifierOptions } from './verifier';
