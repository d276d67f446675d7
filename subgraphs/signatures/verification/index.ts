export { NODE_ALGORITHMS, ecdsaVerifier, rsaPkcs1Verifier, rsaPssVerifier } from './algorithms';
export { canonicalBytes } from './canonical';
export { RevocationList } from './revocation';
export type { RevocationOptions } from './revocation';
export { TrustStore } from './trust-store';
export { SignatureError } from './types';
export type { AlgorithmVerifier, SignedMessage, VerifiedSignature } from './types';
export { SignatureVerifier } from './verifier';
export type { VerifierOptions } from './verifier';
