import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../subgraphs/shared/config';
import { repoRoot } from '../subgraphs/shared/paths';
import { ensureDemoPki } from '../subgraphs/signatures/demo-pki';
import { prepareDatabase } from './database';
import { SUBGRAPH_NAMES } from './supergraph';

const log = (msg: string) => console.log(`[hub] ${msg}`);

async function waitReady(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/**
 * npm start: the whole hub on this machine. Database (embedded unless DATABASE_URL), migrations
 * and reference data, then the four subgraphs and the gateway as separate processes. Ctrl-C or
 * SIGTERM stops every process, then the database.
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
  const env = { ...process.env, DATABASE_URL: db.url, NODE_ENV: config.env };
  const children: { name: string; child: ChildProcess }[] = [];
  let stopping = false;
  const stopAll = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    // gateway first, so no new request reaches a stopping subgraph
    for (const { name, child } of [...children].reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', (exitCode, signal) => {
            clearTimeout(force);
            // anything but 0 means it did not stop cleanly (its last log lines say why)
            if (exitCode !== 0) log(`${name} exited with ${signal ?? exitCode}`);
            resolve();
          });
        });
      }
    }
    log('services stopped; stopping the database');
    await db.embedded?.stop();
    log('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll('SIGINT'));
  process.once('SIGTERM', () => void stopAll('SIGTERM'));

  const spawnService = (name: string, script: string) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', script)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code, signal) => {
      if (!stopping) void stopAll(`${name} exited (${signal ?? code})`, 1);
    });
    children.push({ name, child });
    return child;
  };

  try {
    await Promise.all(SUBGRAPH_NAMES.map((name) => {
      const child = spawnService(name, `subgraphs/${name}/index.js`);
      return waitReady(`http://localhost:${config.ports[name]}/readyz`, child);
    }));
    const gateway = spawnService('gateway', 'gateway/index.js');
    await waitReady(`http://localhost:${config.ports.gateway}/readyz`, gateway);
    if (config.providerStand.enabled) {
      const stand = spawnService('provider-stand', 'provider-stand/index.js');
      await waitReady(`http://127.0.0.1:${config.providerStand.port}/healthz`, stand);
    }
  } catch (error) {
    console.error(error);
    await stopAll('start failed', 1);
    return;
  }
  log(`gateway: http://localhost:${config.ports.gateway}/graphql (GraphiQL in development; subscriptions over graphql-ws on the same URL)`);
  log(`web console: http://localhost:${config.ports.gateway}/console/${config.pki.demo && config.env !== 'production' ? ' (pick a demo identity to sign in)' : ''}`);
  const metricsPorts = (['gateway', ...SUBGRAPH_NAMES] as const).map((n) => `${n} :${config.metrics.ports[n] || 'any free port (its "listening" line says which)'}`).join(', ');
  log(`metrics: GET /metrics on ports of their own at ${config.metrics.host} (${metricsPorts}), never on the public ports; logs: JSON lines at ${config.telemetry.logLevel} (LOG_LEVEL); traces: ${config.telemetry.tracing.exporter === 'off' ? 'off (TRACING_EXPORTER=otlp|console)' : `${config.telemetry.tracing.exporter}${config.telemetry.tracing.exporter === 'otlp' ? ` to ${config.telemetry.tracing.otlpEndpoint}` : ''}`}`);
  if (config.providerStand.enabled) log(`demo provider system: http://127.0.0.1:${config.providerStand.port} (POST /control {"mode":"reject"|"slow"|"error"|"normal"} or {"downForSeconds":30}; PROVIDER_STAND=off to run without it)`);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
