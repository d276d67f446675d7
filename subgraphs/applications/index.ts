import { HubSigner } from '../signatures/api';
import { startSignatureVerifier } from '../signatures/api';
import { runSubgraph } from '../run-subgraph';
import { failedToStart } from '../../platform/telemetry/logger';
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
