import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { LOOKUP_DEFAULTS, LookupConfig } from '../../platform/config';
import { buildFederatedSchema } from '../../platform/schema';
import type { UpstreamChecks } from '../../platform/upstream-guard';
import { RunningSubgraph, startSubgraphServer } from '../../platform/subgraph-server';
import type { MetricsListen } from '../../platform/telemetry/metrics-server';
import { SignatureVerifier } from '../../lib/ecp/verifier';
import { documentsReferences } from './document.reference';
import { DocumentResolver } from './document.resolver';
import { DocumentSources } from './document.sources';
import { DocumentStore } from './document.store';
import { DocumentsContext, DocumentsDeps } from './documents.deps';
import { LookupResolver } from './lookup.resolver';
import { SecurityLogResolver } from './security-log.resolver';
import { SourceRegistry } from './source.registry';
import { AccessLogResolver } from './access-log.resolver';

export const SUBGRAPH_NAME = 'documents';

export function buildDocumentsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [DocumentResolver, LookupResolver, SecurityLogResolver, AccessLogResolver] }, documentsReferences);
}

export interface DocumentsOptions {
  dataSource: DataSource;
  upstreamSecret: string;
  /** the window and replay cache for the gateway's requests (UPSTREAM_*) */
  upstream?: Partial<UpstreamChecks>;
  port: number;
  host?: string;
  /** where GET /metrics is served (a port of its own) */
  metricsAt?: MetricsListen;
  signatures: SignatureVerifier;
  /** the registry with every source's address resolved (resolveRegistry) */
  registry: SourceRegistry;
  /** what entitles a lookup (LOOKUP_*); the defaults unless given */
  lookups?: LookupConfig;
}

export interface RunningDocuments extends RunningSubgraph {
  sources: DocumentSources;
}

export async function startDocuments(opts: DocumentsOptions): Promise<RunningDocuments> {
  const sources = DocumentSources.open(opts.registry);
  const deps: DocumentsDeps = { dataSource: opts.dataSource, verifier: opts.signatures, sources, lookups: opts.lookups ?? LOOKUP_DEFAULTS };
  const running = await startSubgraphServer<DocumentsContext>({
    name: SUBGRAPH_NAME,
    schema: await buildDocumentsSchema(),
    dataSource: opts.dataSource,
    upstreamSecret: opts.upstreamSecret,
    upstream: opts.upstream,
    port: opts.port,
    host: opts.host,
    metricsAt: opts.metricsAt,
    extendContext: (base) => ({ ...base, deps, fetchDocument: sources.forRequest(base.requestId), store: new DocumentStore(opts.dataSource) }),
    onStop: () => sources.stop(),
  });
  sources.reportFailure = (failure) => running.logger.warn(failure, 'document source failed');
  return { ...running, sources };
}
