import path from 'node:path';
import { loadConfig } from '../subgraphs/shared/config';
import { repoRoot } from '../subgraphs/shared/paths';
import { startGateway } from './server';

/**
 * The gateway process. The embedded runtime does not exit on SIGTERM by itself (it only disposes
 * its own resources), so the process stops its servers and exits here.
 */
async function main() {
  const config = loadConfig();
  const gateway = await startGateway({
    supergraphPath: path.join(repoRoot(), 'schema', 'supergraph.graphql'),
    port: config.ports.gateway,
    jwt: config.jwt,
    upstreamSecret: config.upstreamSecret,
    host: config.bindHost,
    subgraphUrls: config.subgraphUrls,
    graphiql: config.env !== 'production',
    production: config.env === 'production',
    limits: config.gateway,
    logging: 'warn',
  });
  console.log(JSON.stringify({ level: 'info', service: 'gateway', msg: 'listening', url: gateway.url }));
  const stop = async (signal: string) => {
    console.log(JSON.stringify({ level: 'info', service: 'gateway', msg: `${signal}: stopping` }));
    setTimeout(() => process.exit(1), 8000).unref();
    await gateway.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
