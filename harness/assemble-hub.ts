import path from 'node:path';
import { DataSource } from 'typeorm';
import { GatewayOptions, RunningGateway, startGateway } from '../gateway/server';
import { DeliveryConfig, DEV_JWT_SECRET, DEV_PROVIDER_TOKEN, DEV_UPSTREAM_SECRET, ExchangeLogConfig, HubConfig, PkiConfig } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { RunningSubgraph } from '../platform/subgraph-server';
import { UpstreamChecks } from '../platform/upstream-guard';
import { RunningApplications, startApplications } from '../subgraphs/applications/server';
import { createDataSource } from '../subgraphs/database';
import { RunningDocuments, startDocuments } from '../subgraphs/documents/server';
import { readRegistryFile, resolveRegistry, SourceRegistry } from '../subgraphs/documents/source.registry';
import { HubSigner } from '../subgraphs/signatures/hub-signer';
import { startSignatures } from '../subgraphs/signatures/server';
import { RunningVerifier, startSignatureVerifier } from '../subgraphs/signatures/signature-verifier';
import { startStatuses } from '../subgraphs/statuses/server';

/** What a scenario can ask for: each subgraph, and the gateway in front of them. */
export type HubService = 'applications' | 'documents' | 'signatures' | 'statuses' | 'gateway';
export const ALL_SERVICES: readonly HubService[] = ['applications', 'documents', 'signatures', 'statuses', 'gateway'];

export interface AssembleHubOptions {
  /** the (migrated) database every service uses */
  databaseUrl: string;
  /** the demo PKI: trust/ and crl/ for the verifier, demo/hub.pem and demo/hub.key for the hub's own signer */
  pkiDir: string;
  /** the services this scenario needs, started in this process on free ports; all unless told */
  services?: readonly HubService[];
  /** services running elsewhere (a child process a test kills): the gateways reach them there instead */
  external?: { applications?: string; statuses?: string[] };
  /** statuses instances started here, each with a gateway of its own (1 unless told) */
  statusesInstances?: number;
  /** a connection pool per subgraph, as each has in production (a process of its own); one shared pool unless true */
  poolPerSubgraph?: boolean;
  /** names the hub's connections in pg_stat_activity */
  applicationName?: string;
  host?: string;
  upstream?: Partial<UpstreamChecks>;
  /** the verifier's PKI beyond the directories (OCSP, TSA, fail-closed); CRLs only and fail-open unless given */
  pki?: Partial<PkiConfig>;
  delivery: DeliveryConfig;
  /** each statuses runs a candidate sequencer of the exchange log (issue 18) with these LOG_*, signing with the hub's signer; none unless given */
  exchangeLog?: ExchangeLogConfig;
  /** false: the applications subgraph takes submissions but does not deliver them */
  deliver?: boolean;
  /** false: statuses does not run the monthly report's schedule */
  reportSchedule?: boolean;
  /** "now" for the subgraphs' rules; the system clock unless given */
  clock?: () => Date;
  /** the document sources with addresses resolved; unless given, the reference registry with every http source unreachable */
  registry?: SourceRegistry;
  jwt?: HubConfig['jwt'];
  /** the gateway's settings; its limits are production's except the rate limit, off unless given */
  gateway?: Partial<GatewayOptions>;
}

export interface AssembledHub {
  /** the hub's own connection (the scenario's setup and checks; shared by the subgraphs unless poolPerSubgraph) */
  dataSource: DataSource;
  databaseUrl: string;
  verifier: RunningVerifier;
  hubSigner: HubSigner;
  applications?: RunningApplications;
  documents?: RunningDocuments;
  signatures?: RunningSubgraph;
  statuses: RunningSubgraph[];
  /** every subgraph started here */
  subgraphs: RunningSubgraph[];
  /** one per statuses (started here or external), when the gateway was asked for */
  gateways: RunningGateway[];
  /** what each gateway calls each subgraph at */
  subgraphUrls: Record<'applications' | 'documents' | 'signatures' | 'statuses', string>[];
  /** stops everything it started, in reverse order; twice is once */
  stop(): Promise<void>;
}

/** Hubs started and not yet stopped in this process (what a failed scenario may leave behind). */
const running = new Set<AssembledHub>();

/** Stops every hub of this process still running: a scenario's afterAll, or a run's end, calls it for what an earlier one left. */
export async function disposeLeftovers(): Promise<void> {
  for (const hub of [...running]) await hub.stop();
}

/** Where a service that is not part of this scenario would be: nothing answers there. */
const NOT_STARTED = 'http://127.0.0.1:1/not-started-in-this-scenario';

/** loopback by address, not by name (localhost may resolve to ::1 first) */
const loopback = (s: RunningSubgraph, host = '127.0.0.1') => `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${s.port}/graphql`;

/** The reference registry as outside production, with every http source unreachable unless given. */
export function registryWithout(databaseUrl: string, sourceUrls: Record<string, string> = {}, file = readRegistryFile()): SourceRegistry {
  const unreachable = Object.fromEntries(file.sources.filter((s) => s.connector === 'http').map((s) => [s.code, 'http://127.0.0.1:1/not-in-this-scenario']));
  return resolveRegistry(file, { production: false, hubDatabaseUrl: databaseUrl, sourceUrls: { ...unreachable, ...sourceUrls }, tokens: {}, demoToken: DEV_PROVIDER_TOKEN });
}

/**
 * The hub in this process for one scenario (tests, fault tests, benchmarks): only the services it
 * names, on free ports, over an already migrated database, with the demo PKI's verifier and the
 * hub's signer; a gateway per statuses (started here or running elsewhere) from the committed
 * supergraph. What started is stopped if a later start fails, and by stop() in reverse order.
 * On the model of graphql-hive/gateway's e2e `createTenv`.
 */
export async function assembleHub(opts: AssembleHubOptions): Promise<AssembledHub> {
  const services = new Set(opts.services ?? ALL_SERVICES);
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length) throw new AggregateError(errors, `${errors.length} service(s) did not stop cleanly`);
  };
  try {
    const { databaseUrl, host = '127.0.0.1' } = opts;
    const name = opts.applicationName ?? 'qyzmet-hub';
    const dataSource = createDataSource(databaseUrl, name);
    await dataSource.initialize();
    stops.push(() => dataSource.destroy());
    const poolFor = async (subgraph: string): Promise<DataSource> => {
      if (!opts.poolPerSubgraph) return dataSource;
      const own = createDataSource(databaseUrl, `${name}-${subgraph}`);
      await own.initialize();
      stops.push(() => own.destroy());
      return own;
    };
    const verifier = await startSignatureVerifier({
      trustStoreDir: path.join(opts.pkiDir, 'trust'), crlDir: path.join(opts.pkiDir, 'crl'), crlUrls: [], crlRefreshMinutes: 60, demo: true, ...opts.pki,
    });
    stops.push(() => verifier.stop());
    const hubSigner = HubSigner.load({ certFile: path.join(opts.pkiDir, 'demo', 'hub.pem'), keyFile: path.join(opts.pkiDir, 'demo', 'hub.key') }, verifier.verifier);
    const common = { upstreamSecret: DEV_UPSTREAM_SECRET, upstream: opts.upstream, port: 0, host };
    const started = <T extends RunningSubgraph>(s: T): T => { stops.push(() => s.stop()); return s; };

    const applications = services.has('applications') && !opts.external?.applications ? started(await startApplications({
      ...common, dataSource: await poolFor('applications'), databaseUrl, signatures: verifier.verifier, hubSigner,
      delivery: opts.delivery, allowDemoTokens: true, deliver: opts.deliver, clock: opts.clock,
    })) : undefined;
    const documents = services.has('documents') ? started(await startDocuments({
      ...common, dataSource: await poolFor('documents'), signatures: verifier.verifier, registry: opts.registry ?? registryWithout(databaseUrl),
    })) : undefined;
    const signatures = services.has('signatures') ? started(await startSignatures({ ...common, dataSource: await poolFor('signatures') })) : undefined;
    const statuses: RunningSubgraph[] = [];
    if (services.has('statuses') && !opts.external?.statuses) {
      for (let i = 0; i < (opts.statusesInstances ?? 1); i++) {
        statuses.push(started(await startStatuses({
          ...common, dataSource: await poolFor('statuses'), databaseUrl, signatures: verifier.verifier, clock: opts.clock, reportSchedule: opts.reportSchedule,
          exchangeLog: opts.exchangeLog && { signer: hubSigner, config: opts.exchangeLog },
        })));
      }
    }

    const statusesUrls = opts.external?.statuses ?? (statuses.length ? statuses.map((s) => loopback(s, host)) : [NOT_STARTED]);
    const subgraphUrls = statusesUrls.map((statusesUrl) => ({
      applications: opts.external?.applications ?? (applications ? loopback(applications, host) : NOT_STARTED),
      documents: documents ? loopback(documents, host) : NOT_STARTED,
      signatures: signatures ? loopback(signatures, host) : NOT_STARTED,
      statuses: statusesUrl,
    }));
    const gateways: RunningGateway[] = [];
    if (services.has('gateway')) {
      for (const urls of subgraphUrls) {
        const gateway = await startGateway({
          supergraphPath: path.join(repoRoot(), 'schema', 'supergraph.graphql'),
          port: 0,
          host: '127.0.0.1',
          jwt: opts.jwt ?? { secret: DEV_JWT_SECRET },
          upstreamSecret: DEV_UPSTREAM_SECRET,
          subgraphUrls: urls,
          logging: false,
          ...opts.gateway,
          limits: { rateLimit: { perMinute: 0 }, ...opts.gateway?.limits },
        });
        stops.push(() => gateway.stop());
        gateways.push(gateway);
      }
    }

    const hub: AssembledHub = {
      dataSource, databaseUrl, verifier, hubSigner, applications, documents, signatures, statuses, gateways, subgraphUrls,
      subgraphs: [...(applications ? [applications] : []), ...(documents ? [documents] : []), ...(signatures ? [signatures] : []), ...statuses],
      async stop() {
        running.delete(hub);
        await stopAll();
      },
    };
    running.add(hub);
    return hub;
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
