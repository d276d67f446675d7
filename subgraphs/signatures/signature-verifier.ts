import { existsSync } from 'node:fs';
import { PkiConfig } from '../../platform/config';
import { currentScope } from '../../platform/telemetry/scope';
import { OcspClient } from '../../lib/ecp/ocsp';
import { RevocationList } from '../../lib/ecp/revocation';
import { TimestampVerifier } from '../../lib/ecp/timestamp';
import { TrustStore } from '../../lib/ecp/trust-store';
import { SignatureVerifier } from '../../lib/ecp/verifier';

export interface RunningVerifier {
  verifier: SignatureVerifier;
  stop(): void;
}

/**
 * The verifier every signed message goes through, from the configured trust store, CRLs, OCSP
 * responders (REVOCATION_CHECK, REVOCATION_FAIL_CLOSED) and TSA trust (TSA_TRUST_DIR).
 */
export async function startSignatureVerifier(pki: PkiConfig, log: (message: string) => void = () => undefined): Promise<RunningVerifier> {
  if (!existsSync(pki.trustStoreDir)) throw new Error(`TRUST_STORE_DIR ${pki.trustStoreDir} does not exist (npm start makes a demo one in development)`);
  const trustStore = TrustStore.fromDirectory(pki.trustStoreDir);
  if (!trustStore.roots.length) throw new Error(`TRUST_STORE_DIR ${pki.trustStoreDir} holds no root certificate`);
  const mode = pki.revocationCheck ?? 'crl';
  const revocation = mode === 'ocsp' ? undefined : new RevocationList(trustStore, { dir: pki.crlDir, urls: pki.crlUrls, refreshMinutes: pki.crlRefreshMinutes, log });
  await revocation?.start();
  const ocsp = mode === 'crl' ? undefined : new OcspClient(trustStore.algorithms, { url: pki.ocspUrl, timeoutMs: pki.ocspTimeoutMs, log });
  let timestamps: TimestampVerifier | undefined;
  if (pki.tsaTrustDir) {
    if (!existsSync(pki.tsaTrustDir)) throw new Error(`TSA_TRUST_DIR ${pki.tsaTrustDir} does not exist`);
    timestamps = new TimestampVerifier(TrustStore.fromDirectory(pki.tsaTrustDir), trustStore.algorithms);
  }
  // counted on the metrics of the service whose request asked (in tests, services share a verifier)
  const onVerdict = (verdict: string) => currentScope()?.metrics?.signatureVerified(verdict);
  const verifier = new SignatureVerifier({ trustStore, revocation, ocsp, timestamps, revocationPolicy: { mode, failClosed: pki.revocationFailClosed ?? false }, onVerdict, log });
  return { verifier, stop: () => revocation?.stop() };
}
