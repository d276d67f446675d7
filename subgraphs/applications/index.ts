import { HubSigner } from '../signatures/hub-signer';
import { startSignatureVerifier } from '../signatures/signature-verifier';
import { runSubgraph } from '../shared/run-subgraph';
import { failedToStart } from '../shared/telemetry/logger';
import { startApplications } from './server';

runSubgraph('applications', async (opts) => {
  const signatures = await startSignatureVerifier(opts.config.pki, (message) => opts.logger.warn(message));
  const running = await startApplications({
    ...opts,
    signatures: signatures.verifier,
    hubSigner: HubSigner.load(opts.config.hubSigner, signatures.verifier),
    delivery: opts.config.delivery,
    allowDemoTokens: opts.config.env !== 'production',
    deliver: opts.config.delivery.worker,
  });
  return { ...running, stop: async () => { await running.stop(); signatures.stop(); } };
}).catch(failedToStart('applications'));
