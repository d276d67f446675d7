import { DEV_PROVIDER_TOKEN } from '../shared/config';
import { runSubgraph } from '../shared/run-subgraph';
import { startSignatureVerifier } from '../signatures/signature-verifier';
import { startDocuments } from './server';
import { readRegistryFile, resolveRegistry } from './source.registry';

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ level: 'info', service: 'documents', ...entry }));

runSubgraph('documents', async (opts) => {
  const { config } = opts;
  const registry = resolveRegistry(readRegistryFile(), {
    production: config.env === 'production',
    hubDatabaseUrl: opts.databaseUrl,
    sourceUrls: config.documentSourceUrls,
    tokens: config.delivery.providerTokens,
    demoToken: DEV_PROVIDER_TOKEN,
  });
  const signatures = await startSignatureVerifier(config.pki, (message) => log({ level: 'warn', msg: message }));
  const running = await startDocuments({ ...opts, signatures: signatures.verifier, registry });
  return { ...running, stop: async () => { await running.stop(); signatures.stop(); } };
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
