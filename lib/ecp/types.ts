/**
 * The codes a signature can be refused with. The library knows nothing of the hub: these are, by
 * value, members of the hub's one ErrorCode enum (platform/errors.ts), which
 * subgraphs/signatures/signature-codes.test.ts checks.
 */
export enum SignatureErrorCode {
  SignatureInvalid = 'SIGNATURE_INVALID',
  PayloadMismatch = 'PAYLOAD_MISMATCH',
  CertExpired = 'CERT_EXPIRED',
  CertNotYetValid = 'CERT_NOT_YET_VALID',
  CertRevoked = 'CERT_REVOKED',
  CertUntrusted = 'CERT_UNTRUSTED',
  CertKeyUsage = 'CERT_KEY_USAGE',
  UnsupportedAlgorithm = 'UNSUPPORTED_ALGORITHM',
  MalformedSignature = 'MALFORMED_SIGNATURE',
  CertStatusUnknown = 'CERT_STATUS_UNKNOWN',
  TimestampInvalid = 'TIMESTAMP_INVALID',
}

export class SignatureError extends Error {
  constructor(readonly code: SignatureErrorCode, message: string) {
    super(message);
  }
}

/** What a message arrived with. */
export interface SignedMessage {
  /** base64 CMS (PKCS#7 SignedData), as NCALayer's sign with format 'cms' returns: detached or attached */
  signature: string;
  /** the exact bytes that were signed: the RFC 8785 canonical JSON of the message's payload */
  payload: Buffer;
  /** when the hub received the message: the signing time when the CMS carries none */
  receivedAt: Date;
}

/** A signature that verified, with who signed (from the NCA RK certificate subject). */
export interface VerifiedSignature {
  /** CN of the signer's certificate (surname and name) */
  signerName: string;
  /** IIN from subject serialNumber "IIN<12 digits>" */
  signerIin?: string;
  /** BIN from subject OU "BIN<12 digits>" */
  signerBin?: string;
  /** subject O */
  organisation?: string;
  certificateSerial: string;
  certificateIssuer: string;
  /** certificatePolicies of the signer's certificate (NCA RK: 1.2.398.3.3.4.1.1 individual, 1.2.398.3.3.4.1.2 legal entity, .1 chief executive, .2 signing authority, .5 employee) */
  certificatePolicies: string[];
  /** e.g. RSA-SHA256, RSA-PSS-SHA256, ECDSA-SHA256, GOST34.10-2015-512 (NCA RK profile), GOST-R34.10-2012-512 (RFC profile) */
  algorithm: string;
  /** the time-stamp's time, else CMS signingTime, else receivedAt */
  signedAt: Date;
  /** genTime of a verified signature time-stamp token (CAdES-T), when the CMS carries one */
  timestampedAt?: Date;
  verifiedAt: Date;
}

/**
 * Verifies one algorithm family: Node's crypto covers RSA and ECDSA, ./gost covers GOST 34.10-2015
 * and 34.310-2004 (NCA RK); any other can be plugged in beside them (see README).
 */
export interface AlgorithmVerifier {
  /** signature algorithm OIDs (and digest OIDs where relevant) this verifier handles */
  supports(signatureAlgorithmOid: string, digestAlgorithmOid: string): boolean;
  verify(args: { publicKeySpki: Buffer; signatureAlgorithmOid: string; signatureAlgorithmParams?: ArrayBuffer; digestAlgorithmOid: string; signedBytes: Buffer; signature: Buffer }): boolean;
  /** a readable name of the algorithm, e.g. RSA-SHA256 */
  name?(signatureAlgorithmOid: string, digestAlgorithmOid: string, signatureAlgorithmParams?: ArrayBuffer): string;
}

/** What a revocation source (a CRL, an OCSP responder) says about one certificate. `unknown`: no fresh, trustworthy answer. */
export interface RevocationStatus {
  state: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  /** where the answer came from, and why it is unknown */
  detail: string;
}
