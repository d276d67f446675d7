import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { Gauge } from 'prom-client';
import { DatabasePoolConfig } from '../../platform/config';
import { buildFederatedSchema } from '../../platform/schema';
import type { UpstreamChecks } from '../../platform/upstream-guard';
import { RunningSubgraph, startSubgraphServer } from '../../platform/subgraph-server';
import type { MetricsListen } from '../../platform/telemetry/metrics-server';
import { createLogger, entryLog, Logger } from '../../platform/telemetry/logger';
import { createServiceMetrics } from '../../platform/telemetry/metrics';
import { ApplicationStagesResolver } from './application.resolver';
import { SignatureVerifier } from '../../lib/ecp/verifier';
import { StatusesContext } from './statuses.deps';
import { StageEventBus } from './stage-events';
import { activeSubscriptions } from './stage-subscription';
import { statusesReferences } from './stage-record.reference';
import { StageRecordResolver } from './stage-record.resolver';
import { RefusalResolver } from './refusal.resolver';
import { IncidentResolver } from './incident.resolver';
import { OperationsResolver } from './operations.resolver';
import { ReportResolver } from './report.resolver';
import { startReportScheduler } from './report.scheduler';
import { ExchangeLogResolver } from './log/log.resolver';
import { StageLogResolver } from './log/stage-log.resolver';
import { startExchangeLog, ExchangeLogOptions } from './log/log.start';

export const SUBGRAPH_NAME = 'statuses';

export function buildStatusesSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [StageRecordResolver, ApplicationStagesResolver, RefusalResolver, ReportResolver, IncidentResolver, OperationsResolver, ExchangeLogResolver, StageLogResolver] }, statusesReferences);
}

export interface StatusesOptions {
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
  /** false: this instance does not run the monthly report's schedule (default: it does) */
  reportSchedule?: boolean;
  /** the process's default logger (telemetry/logger.ts) unless given */
  logger?: Logger;
  /** "now" for the rules: the system clock unless given (a test of a year's end sets its date) */
  clock?: () => Date;
  /** the LISTEN connection's and the report schedule's waits for a connection (the defaults unless given) */
  database?: DatabasePoolConfig;
  /** the exchange log's sequencer (issue 18): the hub's signer and LOG_*; without it this instance only serves proofs */
  exchangeLog?: ExchangeLogOptions;
}

export async function startStatuses(opts: StatusesOptions): Promise<RunningSubgraph> {
  const logger = opts.logger ?? createLogger(SUBGRAPH_NAME);
  const metrics = createServiceMetrics(SUBGRAPH_NAME);
  const stageEvents = new StageEventBus(opts.dataSource, opts.databaseUrl, opts.database?.connectTimeoutMs);
  new Gauge({
    name: 'qyzmet_active_subscriptions',
    help: 'stageChanged subscriptions this instance holds (one whose client left is let go at its next matching event)',
    registers: [metrics.registry],
    collect() { this.set(activeSubscriptions(stageEvents)); },
  });
  await stageEvents.start();
  const sequencer = opts.exchangeLog && startExchangeLog(opts.databaseUrl, opts.exchangeLog, (message) => logger.info(message), opts.database?.connectTimeoutMs);
  const scheduler = opts.reportSchedule === false ? undefined : await startReportScheduler(opts.dataSource, opts.databaseUrl, entryLog(logger), { pool: opts.database });
  return startSubgraphServer<StatusesContext>({
    name: SUBGRAPH_NAME,
    schema: await buildStatusesSchema(),
    dataSource: opts.dataSource,
    upstreamSecret: opts.upstreamSecret,
    upstream: opts.upstream,
    port: opts.port,
    host: opts.host,
    metricsAt: opts.metricsAt,
    subscriptions: true,
    logger,
    metrics,
    extendContext: (base) => ({ ...base, stageEvents, signatures: opts.signatures, clock: opts.clock ?? (() => new Date()) }),
    onStop: async () => {
      await scheduler?.stop();
      await sequencer?.stop();
      await stageEvents.stop();
    },
  });
}
