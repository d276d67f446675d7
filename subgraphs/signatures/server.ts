import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { buildFederatedSchema } from '../../platform/schema';
import { RunningSubgraph, startSubgraphServer } from '../../platform/subgraph-server';
import type { MetricsListen } from '../../platform/telemetry/metrics-server';
import type { UpstreamChecks } from '../../platform/upstream-guard';
import { signaturesReferences } from './signature.reference';
import { SignatureResolver } from './signature.resolver';

export const SUBGRAPH_NAME = 'signatures';

export function buildSignaturesSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [SignatureResolver] }, signaturesReferences);
}

export async function startSignatures(opts: { dataSource: DataSource; upstreamSecret: string; upstream?: Partial<UpstreamChecks>; port: number; host?: string; metricsAt?: MetricsListen }): Promise<RunningSubgraph> {
  return startSubgraphServer({
    name: SUBGRAPH_NAME, schema: await buildSignaturesSchema(), dataSource: opts.dataSource, upstreamSecret: opts.upstreamSecret, upstream: opts.upstream,
    port: opts.port, host: opts.host, metricsAt: opts.metricsAt,
  });
}
