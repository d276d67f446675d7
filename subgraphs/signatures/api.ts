/**
 * The signatures subgraph's public API: what another subgraph, the gateway or the platform may use.
 * Everything else in this folder is internal (the lint's boundary rule enforces it). The
 * verification itself is the pure library lib/ecp; this subgraph runs it with the hub's trust
 * store and revocation data, and records what it verified.
 * Owns the table: signature.
 */
import { SignatureRow } from './signature.entity';

export { DemoSigner } from './demo-pki';
export { HubSigner } from './hub-signer';
export { CheckedSignature, checkMessageSignature, plainPayload, sha256, signatureRow, signedPart } from './message-signature';
export { RunningVerifier, startSignatureVerifier } from './signature-verifier';
// keeps a signature inside the caller's transaction: the only way other subgraphs write this table
export { recordSignature, recordSignatures } from './signature.repository';
export { SignatureRow };
export const SIGNATURES_ENTITIES = [SignatureRow];
