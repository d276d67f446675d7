import { startSignatureVerifier } from '../signatures/signature-verifier';
import { runSubgraph } from '../shared/run-subgraph';
import { startStatuses } from './server';

runSubgraph('statuses', async (opts) => {
  const signatures = await startSignatureVerifier(opts.config.pki, (message) => console.log(JSON.stringify({ level: 'warn', service: 'statuses', msg: message })));
  const running = await startStatuses({ ...opts, signatures: signatures.verifier, log: (entry) => console.log(JSON.stringify({ level: 'info', service: 'statuses', ...entry })) });
  return { ...running, stop: async () => { await running.stop(); signatures.stop(); } };
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
