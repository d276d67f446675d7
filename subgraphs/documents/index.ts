import { DEV_PROVIDER_TOKEN } from '../../platform/config';
import { runSubgraph } from '../run-subgraph';
import { failedToStart } from '../../platform/telemetry/logger';
import { startSignatureVerifier } from '../signatures/api';
import { startDocuments } from './server';
import { readRegistryFile, resolveRegistry } from './source.registry';

runSubgraph('documents', async (opts) => {
  const { config } = opts;
  const registry = resolveRegistry(readRegistryFile(), {
    production: config.env === 'production',
    hubDatabaseUrl: opts.databaseUrl,
    sourceUrls: config.documentSourceUrls,
    tokens: config.delivery.providerTokens,
    demoToken: DEV_PROVIDER_TOKEN,
    standUrl: config.providerStand.url,
  });
  const signatures = await startSignatureVerifier(config.pki, (message) => opts.logger.warn(message));
  const running = await startDocuments({ ...opts, signatures: signatures.verifier, registry, lookups: config.lookups });
  return { ...running, stop: async () => { await running.stop(); signatures.stop(); } };
}).catch(failedToStart('documents'));
