import { HubSigner } from '../signatures/hub-signer';
import { startSignatureVerifier } from '../signatures/signature-verifier';
import { runSubgraph } from '../shared/run-subgraph';
import { startApplications } from './server';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ level: 'info', service: 'applications', ...entry }));

runSubgraph('applications', async (opts) => {
  const signatures = await startSignatureVerifier(opts.config.pki, (message) => log({ level: 'warn', msg: message }));
  const running = await startApplications({
    ...opts,
    signatures: signatures.verifier,
    hubSigner: HubSigner.load(opts.config.hubSigner, signatures.verifier),
    delivery: opts.config.delivery,
    allowDemoTokens: opts.config.env !== 'production',
    deliver: opts.config.delivery.worker,
    log,
  });
  return { ...running, stop: async () => { await running.stop(); signatures.stop(); } };
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
