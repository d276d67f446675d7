import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { DeliveryConfig } from '../shared/config';
import { createQueue } from '../shared/queue';
import { buildFederatedSchema } from '../shared/schema';
import { RunningSubgraph, startSubgraphServer } from '../shared/subgraph-server';
import { HubSigner } from '../signatures/hub-signer';
import { SignatureVerifier } from '../signatures/verification/verifier';
import { applicationsReferences } from './application.reference';
import { ApplicationResolver, ApplicationServiceResolver, ServiceResolver } from './application.resolver';
import { ApplicationsContext, ApplicationsDeps } from './applications.deps';
import { DeliveryWorker } from './delivery.worker';
import { AttachmentResolver, MessageJournalResolver, SubmissionResolver, SurveyResolver } from './submission.resolver';

export const SUBGRAPH_NAME = 'applications';

export function buildApplicationsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [ApplicationResolver, ServiceResolver, ApplicationServiceResolver, SubmissionResolver, MessageJournalResolver, SurveyResolver, AttachmentResolver] },
    applicationsReferences,
  );
}

export interface ApplicationsOptions {
  dataSource: DataSource;
  databaseUrl: string;
  upstreamSecret: string;
  port: number;
  host?: string;
  signatures: SignatureVerifier;
  hubSigner: HubSigner;
  delivery: DeliveryConfig;
  allowDemoTokens: boolean;
  /** false: take submissions but leave delivery to another process */
  deliver?: boolean;
  log?: (entry: Record<string, unknown>) => void;
}

export interface RunningApplications extends RunningSubgraph {
  worker?: DeliveryWorker;
}

export async function startApplications(opts: ApplicationsOptions): Promise<RunningApplications> {
  const boss = createQueue(opts.databaseUrl, opts.delivery, { supervise: opts.deliver !== false });
  boss.on('error', (error) => opts.log?.({ level: 'error', msg: 'queue error', error: String(error) }));
  await boss.start();
  const deps: ApplicationsDeps = { dataSource: opts.dataSource, verifier: opts.signatures, hubSigner: opts.hubSigner, boss, delivery: opts.delivery, allowDemoTokens: opts.allowDemoTokens };
  const worker = opts.deliver === false ? undefined : new DeliveryWorker(deps, opts.log);
  const running = await startSubgraphServer<ApplicationsContext>({
    name: SUBGRAPH_NAME,
    schema: await buildApplicationsSchema(),
    dataSource: opts.dataSource,
    upstreamSecret: opts.upstreamSecret,
    port: opts.port,
    host: opts.host,
    extendContext: (base) => ({ ...base, deps }),
    onStop: async () => {
      await worker?.stop();
      await boss.stop({ graceful: true, close: true, wait: true, timeout: 5000 });
    },
  });
  worker?.start();
  return { ...running, worker };
}
