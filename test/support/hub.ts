import { createClient, Client } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { GatewayOptions, RunningGateway } from '../../gateway/server';
import { assembleHub, registryWithout } from '../../harness/assemble-hub';
import { DeliveryConfig, ExchangeLogConfig, PkiConfig } from '../../platform/config';
import { RunningSubgraph } from '../../platform/subgraph-server';
import { setTelemetryDefaults, TelemetryDefaults } from '../../platform/telemetry/logger';
import { RunningApplications } from '../../subgraphs/applications/server';
import { RunningDocuments } from '../../subgraphs/documents/server';
import { readRegistryFile } from '../../subgraphs/documents/source.registry';
import { HubSigner } from '../../subgraphs/signatures/hub-signer';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string; [key: string]: unknown } }[];
}

export interface TestHub {
  dataSource: DataSource;
  databaseUrl: string;
  gateways: RunningGateway[];
  subgraphs: RunningSubgraph[];
  /** the in-process applications subgraph, with its delivery worker (absent with applicationsUrl) */
  applications?: RunningApplications;
  /** the documents subgraph, with its sources' call counts */
  documents: RunningDocuments;
  hubSigner: HubSigner;
  /** POST an operation to a gateway (the first unless told), giving up after `timeoutMs` (30 s unless told). */
  query<T = any>(query: string, variables?: Record<string, unknown>, token?: string, gateway?: number, timeoutMs?: number): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client on a gateway. */
  wsClient(token?: string, gateway?: number): Client;
  stop(): Promise<void>;
}

/**
 * The whole hub in this process on free ports, over the run's real PostgreSQL: the four subgraphs
 * and a gateway (from the committed supergraph, subgraph URLs replaced). With
 * `statusesInstances: 2` a second statuses instance gets a gateway of its own, to show events
 * crossing instances through PostgreSQL.
 */
/** Delivery tuned for tests: quick retries and a short expiry, so that outages and crashes play out in seconds. */
export const TEST_DELIVERY: DeliveryConfig = {
  maxAttempts: 40, maxAgeSeconds: 7 * 24 * 3600, probeSeconds: 1, retryBaseSeconds: 0.2, retryMaxSeconds: 1, timeoutMs: 2000, pollMs: 100, concurrency: 32, batchSize: 100,
  expireSeconds: 3, maintenanceSeconds: 1, worker: true, providerTokens: {},
};

export interface HubOptions {
  /** the database every service of this hub uses (the run's own unless given: a proxy in front of it, say) */
  databaseUrl?: string;
  statusesInstances?: 1 | 2;
  jwt?: { secret?: string; publicKey?: string };
  delivery?: Partial<DeliveryConfig>;
  /** an applications subgraph running elsewhere (a child process the test kills), instead of one in this process */
  applicationsUrl?: string;
  /** where document sources are (SOURCE_URL_<CODE>); an http source not given here is unreachable in the test */
  sourceUrls?: Record<string, string>;
  /** the registry to use instead of reference/document-sources.json */
  registryFile?: ReturnType<typeof readRegistryFile>;
  /** the gateway's settings (production, limits); the limits are production's except the rate limit, off unless given */
  gateway?: Partial<GatewayOptions>;
  /** every service's logs (level info unless given) and traces, for this hub only; default: no logs, no traces */
  telemetry?: Partial<TelemetryDefaults>;
  /** "now" for the subgraphs' rules (a test of a year's end sets the date); the system clock unless given */
  clock?: () => Date;
  /** the signature verifier's PKI (trust store, CRLs, OCSP, TSA trust); default: the run's demo PKI, CRLs only, fail-open */
  pki?: Partial<PkiConfig>;
  /** the exchange log's LOG_* (a tree head every second unless told) */
  exchangeLog?: Partial<ExchangeLogConfig>;
}

export async function startHub(opts: HubOptions = {}): Promise<TestHub> {
  const databaseUrl = opts.databaseUrl ?? process.env.TEST_DATABASE_URL!;
  const restoreTelemetry = opts.telemetry ? setTelemetryDefaults({ logLevel: 'info', ...opts.telemetry }) : undefined;
  const hub = await assembleHub({
    databaseUrl,
    pkiDir: process.env.TEST_PKI_DIR!,
    applicationName: 'qyzmet-test',
    external: opts.applicationsUrl ? { applications: opts.applicationsUrl } : undefined,
    statusesInstances: opts.statusesInstances,
    pki: opts.pki,
    exchangeLog: { sthSeconds: 1, hash: 'sha-256', ...opts.exchangeLog },
    delivery: { ...TEST_DELIVERY, ...opts.delivery },
    clock: opts.clock,
    registry: registryWithout(databaseUrl, opts.sourceUrls, opts.registryFile),
    jwt: opts.jwt,
    gateway: opts.gateway,
  }).catch((error) => { restoreTelemetry?.(); throw error; });
  const access = gatewayAccess(hub.gateways);
  return {
    dataSource: hub.dataSource,
    databaseUrl,
    gateways: hub.gateways,
    subgraphs: hub.subgraphs,
    applications: hub.applications,
    documents: hub.documents!,
    hubSigner: hub.hubSigner,
    query: access.query,
    wsClient: access.wsClient,
    async stop() {
      await access.dispose();
      await hub.stop();
      restoreTelemetry?.();
    },
  };
}

/**
 * POSTs an operation to a gateway. An answer that is not JSON (a gateway that is going down, a
 * proxy's error page) comes back as a coded error, so that a test can assert on it.
 */
export async function postOperation(url: string, query: string, variables?: Record<string, unknown>, token?: string, timeoutMs = 30_000): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLResponse;
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}`, extensions: { code: `HTTP_${response.status}` } }] };
  }
}

/** How a test reaches a set of gateways: operations over HTTP, graphql-ws clients (disposed together). */
export function gatewayAccess(gateways: RunningGateway[]) {
  const clients: Client[] = [];
  return {
    query: <T = any>(query: string, variables?: Record<string, unknown>, token?: string, gateway = 0, timeoutMs?: number) =>
      postOperation(gateways[gateway].url, query, variables, token, timeoutMs) as Promise<GraphQLResponse<T>>,
    wsClient(token?: string, gateway = 0): Client {
      const client = wsClientOn(gateways[gateway].url, token);
      clients.push(client);
      return client;
    },
    dispose: () => Promise.all(clients.map((c) => c.dispose())),
  };
}

/** A graphql-ws client on a gateway that never retries by itself (a test resumes by cursor when it means to). */
export function wsClientOn(url: string, token?: string): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { token } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects a subscription's events; `next(n)` waits until n have arrived. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of [...waiters]) if (events.length >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  };
  const unsubscribe = client.subscribe<T>({ query, variables }, {
    next: (result) => {
      if (result.errors) errors.push(...result.errors);
      if (result.data) events.push(result.data as T);
      notify();
    },
    error: (error) => { errors.push(error); },
    complete: () => undefined,
  });
  return {
    events,
    errors,
    unsubscribe,
    next(n: number, timeoutMs = 10_000): Promise<T[]> {
      if (events.length >= n) return Promise.resolve(events.slice(0, n));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${n} events arrived; errors: ${JSON.stringify(errors)}`)), timeoutMs);
        waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(events.slice(0, n)); } });
      });
    },
  };
}
