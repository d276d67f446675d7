import { existsSync } from 'node:fs';
import { HubConfig } from '../shared/config';
import { currentScope } from '../shared/telemetry/scope';
import { RevocationList } from './verification/revocation';
import { TrustStore } from './verification/trust-store';
import { SignatureVerifier } from './verification/verifier';

export interface RunningVerifier {
  verifier: SignatureVerifier;
  stop(): void;
}

/** The verifier every signed message goes through, from the configured trust store and CRLs. */
export async function startSignatureVerifier(pki: HubConfig['pki'], log: (message: string) => void = () => undefined): Promise<RunningVerifier> {
  if (!existsSync(pki.trustStoreDir)) throw new Error(`TRUST_STORE_DIR ${pki.trustStoreDir} does not exist (npm start makes a demo one in development)`);
  const trustStore = TrustStore.fromDirectory(pki.trustStoreDir);
  if (!trustStore.roots.length) throw new Error(`TRUST_STORE_DIR ${pki.trustStoreDir} holds no root certificate`);
  const revocation = new RevocationList(trustStore, { dir: pki.crlDir, urls: pki.crlUrls, refreshMinutes: pki.crlRefreshMinutes, log });
  await revocation.start();
  // counted on the metrics of the service whose request asked (in tests, services share a verifier)
  const onVerdict = (verdict: string) => currentScope()?.metrics?.signatureVerified(verdict);
  return { verifier: new SignatureVerifier({ trustStore, revocation, onVerdict }), stop: () => revocation.stop() };
}
