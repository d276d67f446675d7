import jwt from 'jsonwebtoken';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { stopOnSignals } from '../platform/telemetry/lifecycle';
import { createLogger, failedToStart, setTelemetryDefaults } from '../platform/telemetry/logger';
import { ensureDemoPki } from '../subgraphs/signatures/demo-pki';
import { ProviderStand } from './stand';

/**
 * npm start runs this in development: the demo provider system behind the catalogue's demo
 * endpoints. It reports back through the gateway with test-only provider tokens.
 */
async function main() {
  const config = loadConfig();
  setTelemetryDefaults({ logLevel: config.telemetry.logLevel });
  const logger = createLogger('provider-stand');
  if (config.env === 'production' || !config.jwt.secret) throw new Error('The provider stand is a development and test tool (it signs its own demo tokens)');
  const { signers } = await ensureDemoPki(path.join(config.dataDir, 'pki'));
  const secret = config.jwt.secret;
  const stand = await new ProviderStand({
    port: config.providerStand.port,
    host: config.bindHost,
    hub: { url: config.providerStand.hubUrl, tokenFor: (bin) => jwt.sign({ sub: `provider-stand:${bin}`, role: 'provider', bin }, secret, { expiresIn: '1h' }) },
    signers,
    processing: { acceptAfterMs: config.providerStand.acceptAfterMs, resultAfterMs: config.providerStand.resultAfterMs },
    logger,
  }).start();
  logger.info({ url: stand.url, control: `${stand.url}/control` }, 'listening');
  // the demo system drops its connections and its pending stage reports and results (as a
  // provider's system that goes down would): the hub delivers again and nothing is lost there
  stopOnSignals(logger, () => stand.stop());
}

main().catch(failedToStart('provider-stand'));
