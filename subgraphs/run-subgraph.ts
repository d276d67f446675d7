import { loadConfig, HubConfig } from '../platform/config';
import { createDataSource } from './database';
import { RunningSubgraph } from '../platform/subgraph-server';
import type { MetricsListen } from '../platform/telemetry/metrics-server';
import { stopOnSignals } from '../platform/telemetry/lifecycle';
import { createLogger, Logger, setTelemetryDefaults } from '../platform/telemetry/logger';
import { startTracing } from '../platform/telemetry/tracing';

type Starter = (opts: {
  dataSource: ReturnType<typeof createDataSource>; databaseUrl: string; database: HubConfig['database']; upstreamSecret: string; upstream: HubConfig['upstream'];
  port: number; host: string; metricsAt: MetricsListen; config: HubConfig; logger: Logger;
}) => Promise<RunningSubgraph>;

/**
 * What every subgraph's index.ts does: read the configuration, set up logs and traces for the
 * process, connect, listen, and stop cleanly on SIGTERM or Ctrl-C (requests under way finish,
 * subscriptions are closed with 1001, then the database pool and the span exporter). The database
 * must already be migrated (npm start does that first).
 */
export async function runSubgraph(name: keyof HubConfig['ports'], start: Starter): Promise<void> {
  const config = loadConfig();
  const tracing = startTracing(config.telemetry.tracing, name);
  setTelemetryDefaults({ logLevel: config.telemetry.logLevel, tracerProvider: tracing.provider });
  const logger = createLogger(name);
  if (!config.databaseUrl) throw new Error(`${name}: DATABASE_URL is not set (npm start sets it for the embedded PostgreSQL)`);
  const dataSource = createDataSource(config.databaseUrl, `qyzmet-${name}`, config.database);
  await dataSource.initialize();
  const metricsAt = { port: config.metrics.ports[name], host: config.metrics.host };
  const running = await start({ dataSource, databaseUrl: config.databaseUrl, database: config.database, upstreamSecret: config.upstreamSecret, upstream: config.upstream, port: config.ports[name], host: config.bindHost, metricsAt, config, logger });
  logger.info({ url: running.url, metrics: `http://${metricsAt.host}:${running.metricsPort}/metrics`, tracing: config.telemetry.tracing.exporter }, 'listening');
  stopOnSignals(logger, async () => {
    await running.stop();
    await dataSource.destroy();
    await tracing.shutdown();
  });
}
