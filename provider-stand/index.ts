import jwt from 'jsonwebtoken';
import path from 'node:path';
import { loadConfig } from '../subgraphs/shared/config';
import { ensureDemoPki } from '../subgraphs/signatures/demo-pki';
import { ProviderStand } from './stand';

/**
 * npm start runs this in development: the demo provider system behind the catalogue's demo
 * endpoints. It reports back through the gateway with test-only provider tokens.
 */
async function main() {
  const config = loadConfig();
  if (config.env === 'production' || !config.jwt.secret) throw new Error('The provider stand is a development and test tool (it signs its own demo tokens)');
  const { signers } = await ensureDemoPki(path.join(config.dataDir, 'pki'));
  const secret = config.jwt.secret;
  const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ level: 'info', service: 'provider-stand', ...entry }));
  const stand = await new ProviderStand({
    port: config.providerStand.port,
    host: '127.0.0.1',
    hub: { url: `http://localhost:${config.ports.gateway}/graphql`, tokenFor: (bin) => jwt.sign({ sub: `provider-stand:${bin}`, role: 'provider', bin }, secret, { expiresIn: '1h' }) },
    signers,
    processing: { acceptAfterMs: config.providerStand.acceptAfterMs, resultAfterMs: config.providerStand.resultAfterMs },
    log,
  }).start();
  log({ msg: 'listening', url: stand.url, control: `${stand.url}/control` });
  const stop = () => void stand.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
