import { HubSigner, startSignatureVerifier } from '../signatures/api';
import { runSubgraph } from '../run-subgraph';
import { failedToStart } from '../../platform/telemetry/logger';
import { startStatuses } from './server';

runSubgraph('statuses', async (opts) => {
  const signatures = await startSignatureVerifier(opts.config.pki, (message) => opts.logger.warn(message));
  const exchangeLog = { signer: HubSigner.load(opts.config.hubSigner, signatures.verifier), config: opts.config.exchangeLog };
  const running = await startStatuses({ ...opts, signatures: signatures.verifier, exchangeLog });
  return { ...running, stop: async () => { await running.stop(); signatures.stop(); } };
}).catch(failedToStart('statuses'));
