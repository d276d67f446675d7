import { loadConfig, HubConfig } from './config';
import { createDataSource } from './db';
import { RunningSubgraph } from './subgraph-server';

type Starter = (opts: { dataSource: ReturnType<typeof createDataSource>; databaseUrl: string; upstreamSecret: string; port: number; host: string; config: HubConfig }) => Promise<RunningSubgraph>;

/**
 * What every subgraph's index.ts does: read the configuration, connect, listen, and stop cleanly
 * on SIGTERM or Ctrl-C. The database must already be migrated (npm start does that first).
 */
export async function runSubgraph(name: keyof HubConfig['ports'], start: Starter): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error(`${name}: DATABASE_URL is not set (npm start sets it for the embedded PostgreSQL)`);
  const dataSource = createDataSource(config.databaseUrl, `qyzmet-${name}`);
  await dataSource.initialize();
  const running = await start({ dataSource, databaseUrl: config.databaseUrl, upstreamSecret: config.upstreamSecret, port: config.ports[name], host: config.bindHost, config });
  console.log(JSON.stringify({ level: 'info', service: name, msg: 'listening', url: running.url }));
  const stop = async (signal: string) => {
    console.log(JSON.stringify({ level: 'info', service: name, msg: `${signal}: stopping` }));
    // a connection that will not drain must not keep the process alive
    setTimeout(() => process.exit(1), 8000).unref();
    await running.stop();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
