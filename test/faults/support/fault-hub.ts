import path from 'node:path';
import { Client } from 'graphql-ws';
import { DataSource } from 'typeorm';
import { RunningGateway, startGateway } from '../../../gateway/server';
import { startApplications } from '../../../subgraphs/applications/server';
import { startDocuments } from '../../../subgraphs/documents/server';
import { readRegistryFile, resolveRegistry } from '../../../subgraphs/documents/source.registry';
import { DEV_JWT_SECRET, DEV_PROVIDER_TOKEN, DEV_UPSTREAM_SECRET } from '../../../platform/config';
import { createDataSource } from '../../../subgraphs/database';
import { repoRoot } from '../../../platform/paths';
import { RunningSubgraph } from '../../../platform/subgraph-server';
import { HubSigner } from '../../../subgraphs/signatures/hub-signer';
import { startSignatures } from '../../../subgraphs/signatures/server';
import { startSignatureVerifier } from '../../../subgraphs/signatures/signature-verifier';
import { startStatuses } from '../../../subgraphs/statuses/server';
import { gatewayAccess, GraphQLResponse, TEST_DELIVERY } from '../../support/hub';
import { stopAllSubscribers } from './subscriber';

/**
 * The hub around subgraphs that run as processes of their own: the gateways (one per statuses
 * URL, all in this process, never restarted by the tests) and the subgraphs the test does not
 * break (documents, signatures; applications and statuses unless their URLs are given) in this process.
 */
export interface FaultHub {
  /** this test's view of the database (for checks; the subgraphs have their own connections) */
  dataSource: DataSource;
  gateways: RunningGateway[];
  /** POST an operation to a gateway (the first unless told); bounded in time, and a refused connection is an answer too */
  query<T = any>(query: string, variables?: Record<string, unknown>, token?: string, gateway?: number, timeoutMs?: number): Promise<GraphQLResponse<T>>;
  /** a graphql-ws client on a gateway, closed by stop() */
  wsClient(token?: string, gateway?: number): Client;
  stop(): Promise<void>;
}

export interface FaultHubOptions {
  databaseUrl: string;
  /** where each gateway reaches statuses: one gateway per URL; without them, one gateway and a statuses in this process */
  statusesUrls?: string[];
  /** an applications subgraph running elsewhere; without it one runs here, taking submissions but not delivering them */
  applicationsUrl?: string;
}

export async function startFaultHub(opts: FaultHubOptions): Promise<FaultHub> {
  const { databaseUrl } = opts;
  const dataSource = createDataSource(databaseUrl, 'qyzmet-faults');
  await dataSource.initialize();
  const common = { dataSource, upstreamSecret: DEV_UPSTREAM_SECRET, port: 0, host: '127.0.0.1' };
  const pkiDir = process.env.TEST_PKI_DIR!;
  const verifier = await startSignatureVerifier({ trustStoreDir: path.join(pkiDir, 'trust'), crlDir: path.join(pkiDir, 'crl'), crlUrls: [], crlRefreshMinutes: 60, demo: true });
  const hubSigner = HubSigner.load({ certFile: path.join(pkiDir, 'demo', 'hub.pem'), keyFile: path.join(pkiDir, 'demo', 'hub.key') }, verifier.verifier);
  // no document source is called in these tests: the http ones point nowhere, as in test/support/hub.ts
  const file = readRegistryFile();
  const unreachable = Object.fromEntries(file.sources.filter((s) => s.connector === 'http').map((s) => [s.code, 'http://127.0.0.1:1/not-in-this-test']));
  const registry = resolveRegistry(file, { production: false, hubDatabaseUrl: databaseUrl, sourceUrls: unreachable, tokens: {}, demoToken: DEV_PROVIDER_TOKEN });
  const [applications, documents, signatures] = await Promise.all([
    opts.applicationsUrl ? undefined : startApplications({
      ...common, databaseUrl, signatures: verifier.verifier, hubSigner, delivery: TEST_DELIVERY, allowDemoTokens: true, deliver: false,
    }),
    startDocuments({ ...common, signatures: verifier.verifier, registry }),
    startSignatures(common),
  ]);
  const statuses = opts.statusesUrls ? undefined : await startStatuses({ ...common, databaseUrl, signatures: verifier.verifier, reportSchedule: false });
  const local: RunningSubgraph[] = [...(applications ? [applications] : []), documents, signatures, ...(statuses ? [statuses] : [])];
  const gateways: RunningGateway[] = [];
  for (const statusesUrl of opts.statusesUrls ?? [statuses!.url]) {
    gateways.push(await startGateway({
      supergraphPath: path.join(repoRoot(), 'schema', 'supergraph.graphql'),
      port: 0,
      host: '127.0.0.1',
      jwt: { secret: DEV_JWT_SECRET },
      upstreamSecret: DEV_UPSTREAM_SECRET,
      subgraphUrls: { applications: opts.applicationsUrl ?? applications!.url, documents: documents.url, signatures: signatures.url, statuses: statusesUrl },
      logging: false,
      limits: { rateLimit: { perMinute: 0 } },
    }));
  }
  const access = gatewayAccess(gateways);
  return {
    dataSource,
    gateways,
    query: access.query,
    wsClient: access.wsClient,
    async stop() {
      stopAllSubscribers();
      await access.dispose();
      for (const g of gateways) await g.stop();
      for (const s of local) await s.stop();
      verifier.stop();
      await dataSource.destroy();
    },
  };
}
