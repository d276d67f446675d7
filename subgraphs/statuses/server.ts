import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { buildFederatedSchema } from '../shared/schema';
import { RunningSubgraph, startSubgraphServer } from '../shared/subgraph-server';
import { ApplicationStagesResolver } from './application.resolver';
import { SignatureVerifier } from '../signatures/verification/verifier';
import { StatusesContext } from './context';
import { StageEventBus } from './stage-events';
import { statusesReferences } from './stage-record.reference';
import { StageRecordResolver } from './stage-record.resolver';
import { RefusalResolver } from './refusal.resolver';

export const SUBGRAPH_NAME = 'statuses';

export function buildStatusesSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [StageRecordResolver, ApplicationStagesResolver, RefusalResolver] }, statusesReferences);
}

export interface StatusesOptions {
  dataSource: DataSource;
  databaseUrl: string;
  upstreamSecret: string;
  port: number;
  host?: string;
  signatures: SignatureVerifier;
}

export async function startStatuses(opts: StatusesOptions): Promise<RunningSubgraph> {
  const stageEvents = new StageEventBus(opts.dataSource, opts.databaseUrl);
  await stageEvents.start();
  return startSubgraphServer<StatusesContext>({
    name: SUBGRAPH_NAME,
    schema: await buildStatusesSchema(),
    dataSource: opts.dataSource,
    upstreamSecret: opts.upstreamSecret,
    port: opts.port,
    host: opts.host,
    subscriptions: true,
    extendContext: (base) => ({ ...base, stageEvents, signatures: opts.signatures }),
    onStop: () => stageEvents.stop(),
  });
}
