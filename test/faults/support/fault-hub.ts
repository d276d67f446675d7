import { Client } from 'graphql-ws';
import { DataSource } from 'typeorm';
import { RunningGateway } from '../../../gateway/server';
import { assembleHub } from '../../../harness/assemble-hub';
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
  // no document source is called in these tests: the http ones point nowhere
  const hub = await assembleHub({
    databaseUrl: opts.databaseUrl,
    pkiDir: process.env.TEST_PKI_DIR!,
    applicationName: 'qyzmet-faults',
    external: { applications: opts.applicationsUrl, statuses: opts.statusesUrls },
    delivery: TEST_DELIVERY,
    deliver: false,
    reportSchedule: false,
  });
  const access = gatewayAccess(hub.gateways);
  return {
    dataSource: hub.dataSource,
    gateways: hub.gateways,
    query: access.query,
    wsClient: access.wsClient,
    async stop() {
      stopAllSubscribers();
      await access.dispose();
      await hub.stop();
    },
  };
}
