import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { buildFederatedSchema } from '../shared/schema';
import { RunningSubgraph, startSubgraphServer } from '../shared/subgraph-server';
import { applicationsReferences } from './application.reference';
import { ApplicationResolver, ApplicationServiceResolver, ServiceResolver } from './application.resolver';

export const SUBGRAPH_NAME = 'applications';

export function buildApplicationsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [ApplicationResolver, ServiceResolver, ApplicationServiceResolver] }, applicationsReferences);
}

export async function startApplications(opts: { dataSource: DataSource; upstreamSecret: string; port: number; host?: string }): Promise<RunningSubgraph> {
  return startSubgraphServer({ name: SUBGRAPH_NAME, schema: await buildApplicationsSchema(), dataSource: opts.dataSource, upstreamSecret: opts.upstreamSecret, port: opts.port, host: opts.host });
}
