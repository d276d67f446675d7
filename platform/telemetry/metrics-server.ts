import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { guardRequests, requestUrl } from '../http-guard';
import { Logger } from './logger';
import { metricsText, METRICS_CONTENT_TYPE, ServiceMetrics } from './metrics';

/** Where a service serves its metrics: a port of its own, on loopback unless told (METRICS_HOST). */
export interface MetricsListen {
  port: number;
  host?: string;
}

/** In tests and wherever nothing is said: any free port, on loopback. */
export const ANY_LOOPBACK_PORT: MetricsListen = { port: 0, host: '127.0.0.1' };

export interface RunningMetricsServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * GET /metrics (Prometheus text) on a port of its own, apart from the service's public port: a
 * scraper reaches it on the private network or loopback, a client of the hub never does.
 */
export async function startMetricsServer(metrics: ServiceMetrics, at: MetricsListen, logger: Logger): Promise<RunningMetricsServer> {
  const server: Server = createServer(guardRequests(async (req, res) => {
    if (requestUrl(req)?.pathname !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    const text = await metricsText(metrics);
    res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(req.method === 'HEAD' ? undefined : text);
  }, (error) => logger.error({ err: error }, 'metrics: cannot collect')));
  const host = at.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
