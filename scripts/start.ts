import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { ensureDemoPki } from '../subgraphs/signatures/demo-pki';
import { prepareDatabase } from './database';
import { Supervisor } from './supervisor';
import { SUBGRAPH_NAMES } from './supergraph';

const log = (msg: string) => console.log(`[hub] ${msg}`);

/**
 * npm start: the whole hub on this machine. Database (embedded unless DATABASE_URL), migrations
 * and reference data, then the four subgraphs and the gateway as separate processes, supervised:
 * one that exits is started again (scripts/supervisor.ts). Ctrl-C or SIGTERM stops every process,
 * the gateway first, then the database.
 */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  log(config.databaseUrl ? 'using DATABASE_URL' : `starting embedded PostgreSQL (data in ${path.join(config.dataDir, 'postgres')})`);
  const db = await prepareDatabase(config);
  log(`database ready: ${db.migrations.length} migration(s) run, ${db.reference.services} services, ${db.reference.calendarDays} calendar days loaded`);

  if (config.pki.demo) {
    const pki = await ensureDemoPki(path.join(config.dataDir, 'pki'));
    log(`${pki.created ? 'made' : 'using'} the test stand's demo CA: trust store ${config.pki.trustStoreDir}, signers' test-only certificates and keys in ${path.join(config.dataDir, 'pki', 'demo')} (signers.json lists them)`);
  }

  const root = repoRoot();
  const services = new Supervisor({ ...process.env, DATABASE_URL: db.url, NODE_ENV: config.env }, log);
  let stopping = false;
  const stopAll = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    // gateway first, so no new request reaches a stopping subgraph
    await services.stopAll(['gateway', 'provider-stand', ...[...SUBGRAPH_NAMES].reverse()]);
    log('services stopped; stopping the database');
    await db.embedded?.stop();
    log('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll('SIGINT'));
  process.once('SIGTERM', () => void stopAll('SIGTERM'));

  const script = (relative: string) => path.join(root, 'dist', relative);
  try {
    await Promise.all(SUBGRAPH_NAMES.map((name) => services.start({ name, script: script(`subgraphs/${name}/index.js`), readyUrl: `http://localhost:${config.ports[name]}/readyz` })));
    await services.start({ name: 'gateway', script: script('gateway/index.js'), readyUrl: `http://localhost:${config.ports.gateway}/readyz` });
    if (config.providerStand.enabled) {
      await services.start({ name: 'provider-stand', script: script('provider-stand/index.js'), readyUrl: `http://127.0.0.1:${config.providerStand.port}/healthz` });
    }
  } catch (error) {
    // a service that cannot start at all is misconfigured: the hub does not start half-way
    console.error(error);
    await stopAll('start failed', 1);
    return;
  }
  log(`gateway: http://localhost:${config.ports.gateway}/graphql (subscriptions over graphql-ws on the same URL); API docs: http://localhost:${config.ports.gateway}/docs${config.env !== 'production' ? `; explorer: http://localhost:${config.ports.gateway}/explorer` : ''}`);
  log(`web console: http://localhost:${config.ports.gateway}/console/${config.pki.demo && config.env !== 'production' ? ' (pick a demo identity to sign in)' : ''}`);
  const metricsPorts = (['gateway', ...SUBGRAPH_NAMES] as const).map((n) => `${n} :${config.metrics.ports[n] || 'any free port (its "listening" line says which)'}`).join(', ');
  log(`metrics: GET /metrics on ports of their own at ${config.metrics.host} (${metricsPorts}), never on the public ports; logs: JSON lines at ${config.telemetry.logLevel} (LOG_LEVEL); traces: ${config.telemetry.tracing.exporter === 'off' ? 'off (TRACING_EXPORTER=otlp|console)' : `${config.telemetry.tracing.exporter}${config.telemetry.tracing.exporter === 'otlp' ? ` to ${config.telemetry.tracing.otlpEndpoint}` : ''}`}`);
  if (config.providerStand.enabled) log(`demo provider system: http://127.0.0.1:${config.providerStand.port} (POST /control {"mode":"reject"|"slow"|"error"|"normal"} or {"downForSeconds":30}; PROVIDER_STAND=off to run without it)`);
  log('a service that exits is started again, after 0.5 s, doubling up to 30 s while it keeps exiting; each exit is logged here');
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
