import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { buildFederatedSchema } from '../shared/schema';
import { RunningSubgraph, startSubgraphServer } from '../shared/subgraph-server';
import { documentsReferences } from './document.reference';
import { DocumentResolver } from './document.resolver';

export const SUBGRAPH_NAME = 'documents';

export function buildDocumentsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [DocumentResolver] }, documentsReferences);
}

export async function startDocuments(opts: { dataSource: DataSource; upstreamSecret: string; port: number; host?: string }): Promise<RunningSubgraph> {
  return startSubgraphServer({ name: SUBGRAPH_NAME, schema: await buildDocumentsSchema(), dataSource: opts.dataSource, upstreamSecret: opts.upstreamSecret, port: opts.port, host: opts.host });
}
