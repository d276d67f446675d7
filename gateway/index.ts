import path from 'node:path';
import { loadConfig } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { stopOnSignals } from '../platform/telemetry/lifecycle';
import { createLogger, failedToStart, setTelemetryDefaults } from '../platform/telemetry/logger';
import { startTracing } from '../platform/telemetry/tracing';
import { builtConsoleDir, demoConsole } from './console';
import { startGateway } from './server';

/**
 * The gateway process. The embedded runtime does not exit on SIGTERM by itself (it only disposes
 * its own resources), so the process stops its servers, flushes its spans and exits here.
 */
async function main() {
  const config = loadConfig();
  const tracing = startTracing(config.telemetry.tracing, 'gateway');
  setTelemetryDefaults({ logLevel: config.telemetry.logLevel, tracerProvider: tracing.provider });
  const logger = createLogger('gateway');
  const consoleDir = builtConsoleDir();
  if (!consoleDir) logger.warn('the web console is not built (npm run build); /console is not served');
  const demo = demoConsole(config);
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
    logger,
    metricsAt: { port: config.metrics.ports.gateway, host: config.metrics.host },
    knownOperations: config.metrics.operations,
    ...(consoleDir ? { console: { dir: consoleDir, demo } } : {}),
  });
  logger.info({ url: gateway.url, console: consoleDir ? gateway.url.replace(/\/graphql$/, '/console/') : undefined, metrics: `http://${config.metrics.host}:${gateway.metricsPort}/metrics`, tracing: config.telemetry.tracing.exporter }, 'listening');
  stopOnSignals(logger, async () => {
    await gateway.stop();
    await tracing.shutdown();
  });
}

main().catch(failedToStart('gateway'));
