import { X509Certificate } from 'node:crypto';
import { labelOf } from './certificates';
import { OcspClient } from './ocsp';
import { RevocationList } from './revocation';
import { RevocationStatus, SignatureError, SignatureErrorCode } from './types';

/** Where revocation is asked (REVOCATION_CHECK): the CRLs, the OCSP responders, or both. */
export const REVOCATION_MODES = ['crl', 'ocsp', 'both'] as const;
export type RevocationMode = (typeof REVOCATION_MODES)[number];

export interface RevocationPolicy {
  mode: RevocationMode;
  /** refuse (CERT_STATUS_UNKNOWN) when no source gives a fresh answer about a certificate (REVOCATION_FAIL_CLOSED) */
  failClosed: boolean;
}

export interface RevocationSources {
  crl?: RevocationList;
  ocsp?: OcspClient;
  policy: RevocationPolicy;
  log?: (message: string) => void;
}

/**
 * Checks every certificate of a chain below its root against the configured sources. Revoked by
 * any source is revoked, unless a trusted time-stamp proves the signature older than the
 * revocation. No source with a fresh answer: refused when fail-closed, logged otherwise. The
 * root itself is checked against the CRLs only (no one above it answers for it).
 */
export async function checkRevocation(chain: X509Certificate[], sources: RevocationSources, trustedSigningTime: Date | undefined, now: Date): Promise<void> {
  const { crl, ocsp, policy } = sources;
  const useCrl = !!crl && policy.mode !== 'ocsp';
  const useOcsp = !!ocsp && policy.mode !== 'crl';
  if (!useCrl && !useOcsp) return;
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i];
    const issuer = chain[i + 1];
    const statuses: RevocationStatus[] = [];
    if (useCrl) statuses.push(crl!.status(cert, now));
    if (useOcsp && issuer) statuses.push(await ocsp!.status(cert, issuer));
    const revoked = statuses.find((s) => s.state === 'revoked' && !(trustedSigningTime && s.revokedAt && trustedSigningTime < s.revokedAt));
    if (revoked) throw new SignatureError(SignatureErrorCode.CertRevoked, `Certificate ${cert.serialNumber} ("${labelOf(cert)}") in the signer's chain is revoked (${revoked.detail})`);
    if (!issuer || statuses.some((s) => s.state !== 'unknown')) continue;
    const why = statuses.map((s) => s.detail).join('; ');
    if (policy.failClosed) throw new SignatureError(SignatureErrorCode.CertStatusUnknown, `The revocation status of certificate ${cert.serialNumber} ("${labelOf(cert)}") is not known: ${why}`);
    sources.log?.(`revocation status of "${labelOf(cert)}" unknown, accepted (REVOCATION_FAIL_CLOSED is off): ${why}`);
  }
}
