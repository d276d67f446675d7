import { createHash } from 'node:crypto';
import { ErrorCode, hubError } from '../../platform/errors';
import { SignatureRow } from './signature.entity';
import { toErrorCode } from './signature-codes';
import { plainPayload } from '../../lib/ecp/plain-payload';
import { canonicalBytes } from '../../lib/ecp/canonical';
import { SignatureError, VerifiedSignature } from '../../lib/ecp/types';
import { SignatureVerifier } from '../../lib/ecp/verifier';

export { plainPayload };

/** What a sender signed: the message without its `signature`, absent fields left out. */
export function signedPart(message: { signature?: string | null }): Record<string, unknown> {
  const { signature: _signature, ...rest } = message;
  return plainPayload(rest) as Record<string, unknown>;
}

export interface SignedPayloadCheck {
  signature: string | undefined;
  /** the message without its signature, as the sender signed it (canonicalised here) */
  payload: unknown;
  receivedAt: Date;
  /** the organisation the message comes from: the signer's BIN must be this */
  senderBin?: string;
  /** for an operator's request: the signer's IIN must be the operator's */
  senderIin?: string;
  /** who the expected signer is, for the refusal's message: the operator (IIN) or the sender (BIN) unless told, e.g. "the subject" of a consent */
  signerRole?: string;
}

export interface CheckedSignature {
  verified: VerifiedSignature;
  payloadSha256: string;
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Every signed message kind goes through here (rules of data entry p.8; exchange rules p.12):
 * the signature over the RFC 8785 bytes of the payload, the certificate chain to the NCA RK
 * roots, and the signer belonging to the sender.
 */
export async function checkMessageSignature(verifier: SignatureVerifier, check: SignedPayloadCheck): Promise<CheckedSignature> {
  if (!check.signature) throw hubError(ErrorCode.SignatureRequired, 'The message must be signed (input.signature)', 'input.signature');
  const bytes = canonicalBytes(plainPayload(check.payload));
  let verified: VerifiedSignature;
  try {
    verified = await verifier.verify({ signature: check.signature, payload: bytes, receivedAt: check.receivedAt });
  } catch (error) {
    if (error instanceof SignatureError) throw hubError(toErrorCode(error.code), error.message, 'input.signature');
    throw error;
  }
  if (check.senderBin && verified.signerBin !== check.senderBin) {
    throw hubError(ErrorCode.SignerMismatch, `The signer's certificate is of organisation ${verified.signerBin ?? '(no BIN)'}, not ${check.signerRole ?? 'the sender'} ${check.senderBin}`, 'input.signature');
  }
  if (check.senderIin && verified.signerIin !== check.senderIin) {
    throw hubError(ErrorCode.SignerMismatch, `The signer's certificate is of ${verified.signerIin ?? '(no IIN)'}, not ${check.signerRole ?? 'the operator'} ${check.senderIin}`, 'input.signature');
  }
  return { verified, payloadSha256: sha256(bytes) };
}

/** The row that records a verified signature beside the message it certifies. */
export function signatureRow(signature: string, checked: CheckedSignature, receivedAt: Date): Partial<SignatureRow> {
  const v = checked.verified;
  return {
    format: 'cms',
    value: signature,
    payloadSha256: checked.payloadSha256,
    receivedAt,
    verdict: 'VALID',
    signerName: v.signerName,
    signerIin: v.signerIin ?? null,
    signerBin: v.signerBin ?? null,
    organisation: v.organisation ?? null,
    certificateSerial: v.certificateSerial,
    certificateIssuer: v.certificateIssuer,
    algorithm: v.algorithm,
    signedAt: v.signedAt,
    timestampedAt: v.timestampedAt ?? null,
    certificatePolicies: v.certificatePolicies,
    verifiedAt: v.verifiedAt,
    reason: null,
  };
}
