import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { DatabasePoolConfig, DeliveryConfig } from '../../platform/config';
import { createQueue, DELIVERY_QUEUE } from '../../platform/queue';
import { buildFederatedSchema } from '../../platform/schema';
import type { UpstreamChecks } from '../../platform/upstream-guard';
import { RunningSubgraph, startSubgraphServer } from '../../platform/subgraph-server';
import type { MetricsListen } from '../../platform/telemetry/metrics-server';
import { createLogger, Logger } from '../../platform/telemetry/logger';
import { createServiceMetrics } from '../../platform/telemetry/metrics';
import { deliveriesCounter, registerQueueMetrics } from '../../platform/telemetry/queue-metrics';
import { HubSigner } from '../signatures/api';
import { SignatureVerifier } from '../../lib/ecp/verifier';
import { applicationsReferences } from './application.reference';
import { ApplicationResolver, ApplicationServiceResolver, ServiceResolver } from './application.resolver';
import { ApplicationsContext, ApplicationsDeps } from './applications.deps';
import { DeliveryWorker } from './delivery.worker';
import { ApplicationResultResolver, AttachmentResolver, MessageJournalResolver, SubmissionResolver, SurveyResolver } from './submission.resolver';

export const SUBGRAPH_NAME = 'applications';

export function buildApplicationsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [ApplicationResolver, ServiceResolver, ApplicationServiceResolver, SubmissionResolver, MessageJournalResolver, SurveyResolver, AttachmentResolver, ApplicationResultResolver] },
    applicationsReferences,
  );
}

export interface ApplicationsOptions {
  dataSource: DataSource;
  databaseUrl: string;
  upstreamSecret: string;
  /** the window and replay cache for the gateway's requests (UPSTREAM_*) */
  upstream?: Partial<UpstreamChecks>;
  port: number;
  host?: string;
  /** where GET /metrics is served (a port of its own) */
  metricsAt?: MetricsListen;
  signatures: SignatureVerifier;
  hubSigner: HubSigner;
  delivery: DeliveryConfig;
  allowDemoTokens: boolean;
  /** false: take submissions but leave delivery to another process */
  deliver?: boolean;
  /** the process's default logger (telemetry/logger.ts) unless given */
  logger?: Logger;
  /** "now" for the rules: the system clock unless given (a test of a year's end sets its date) */
  clock?: () => Date;
  /** the queue's pool's waits for a connection (the defaults unless given) */
  database?: DatabasePoolConfig;
}

export interface RunningApplications extends RunningSubgraph {
  worker?: DeliveryWorker;
}

export async function startApplications(opts: ApplicationsOptions): Promise<RunningApplications> {
  const logger = opts.logger ?? createLogger(SUBGRAPH_NAME);
  const metrics = createServiceMetrics(SUBGRAPH_NAME);
  registerQueueMetrics(metrics, opts.dataSource, DELIVERY_QUEUE, logger);
  const boss = createQueue(opts.databaseUrl, opts.delivery, { supervise: opts.deliver !== false, pool: opts.database });
  boss.on('error', (error) => logger.error({ err: error }, 'queue error'));
  await boss.start();
  const deps: ApplicationsDeps = { dataSource: opts.dataSource, verifier: opts.signatures, hubSigner: opts.hubSigner, boss, delivery: opts.delivery, allowDemoTokens: opts.allowDemoTokens, clock: opts.clock ?? (() => new Date()) };
  const worker = opts.deliver === false ? undefined : new DeliveryWorker(deps, { logger, metrics, deliveries: deliveriesCounter(metrics) });
  const running = await startSubgraphServer<ApplicationsContext>({
    name: SUBGRAPH_NAME,
    schema: await buildApplicationsSchema(),
    dataSource: opts.dataSource,
    upstreamSecret: opts.upstreamSecret,
    upstream: opts.upstream,
    port: opts.port,
    host: opts.host,
    metricsAt: opts.metricsAt,
    logger,
    metrics,
    extendContext: (base) => ({ ...base, deps }),
    // the worker stops fetching and finishes its attempts while requests under way finish;
    // the queue closes after both (a submission enqueues in its own transaction)
    onStopping: async () => { await worker?.stop(); },
    onStop: async () => {
      await boss.stop({ graceful: true, close: true, wait: true, timeout: 5000 });
    },
  });
  worker?.start();
  return { ...running, worker };
}
