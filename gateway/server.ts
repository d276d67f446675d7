import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  createGatewayRuntime,
  GatewayPlugin,
  getGraphQLWSOptions,
} from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import wsTransport from '@graphql-mesh/transport-ws';
import { normalizeNodeRequest } from '@whatwg-node/server';
import { ExecutionResult, GraphQLError, Kind, parse } from 'graphql';
import { Extra, useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { TracerProvider } from '@opentelemetry/api';
import { GATEWAY_DEFAULTS, GatewayConfig, HubConfig } from '../platform/config';
import { gatewayTelemetry, runtimeLogger } from './telemetry';
import { GOING_AWAY } from '../platform/telemetry/lifecycle';
import { createLogger, Logger, telemetryDefaults } from '../platform/telemetry/logger';
import { createServiceMetrics } from '../platform/telemetry/metrics';
import { ANY_LOOPBACK_PORT, MetricsListen, RunningMetricsServer, startMetricsServer } from '../platform/telemetry/metrics-server';
import { TRACER_NAME } from '../platform/telemetry/tracing';
import { guardRequests } from '../platform/http-guard';
import { DRAIN_GRACE_MS, KEEP_ALIVE_MS, RunningService } from '../platform/subgraph-server';
import { loadTrustedOperations, trustedDocuments } from './trusted-operations';
import { useCorsAllowlist } from './useCorsAllowlist';
import { CSRF_HEADERS, useLimitErrorCodes } from './useLimitErrorCodes';
import { useMalformedRequests } from './useMalformedRequests';
import { useOperationLimits } from './useOperationLimits';
import { RateLimiter, useRateLimit } from './useRateLimit';
import { useRequestSizeLimit } from './useRequestSizeLimit';
import { tokenVerifier, useAuthentication } from './authentication';
import { operationRequest, refuseBadTokens } from './ws-authentication';
import { ConsoleOptions, consoleHandler, consoleOperations } from './console';
import { docsAndExplorer } from './docs-routes';
import { useVariableErrorCodes } from './error-codes';
import { sharedRateLimit } from './shared-rate-limit';
import { SharedSubscriptionStats, useSharedSubscriptions } from './shared-subscriptions';
import { useUpstreamErrors } from './upstream-errors';
import { useUpstreamSigning } from './upstream-signing';

export const SUBGRAPHS_WITH_SUBSCRIPTIONS = ['statuses'];

export interface GatewayOptions {
  /** Path of the composed supergraph (schema/supergraph.graphql). */
  supergraphPath: string;
  port: number;
  host?: string;
  jwt: HubConfig['jwt'];
  upstreamSecret: string;
  /** Subgraph URLs that replace the supergraph's (tests start subgraphs on free ports). */
  subgraphUrls?: Record<string, string>;
  /** the hub's explorer at /explorer (development); /docs is served either way */
  graphiql?: boolean;
  /** the runtime's own log lines, at this level and above, through `logger` (default warn; false: none) */
  logging?: boolean | 'debug' | 'info' | 'warn' | 'error';
  /** the process's telemetry defaults (telemetry/logger.ts) unless given */
  logger?: Logger;
  tracerProvider?: TracerProvider;
  /** production: no introspection, and no field suggestions ("Did you mean …?") in errors */
  production?: boolean;
  /** what one client may ask (HubConfig.gateway); a limit not given takes its production default */
  limits?: Partial<GatewayConfig>;
  /** the web console under /console (gateway/console.ts) */
  console?: ConsoleOptions;
  /** where GET /metrics is served: a port of its own (METRICS_PORT, METRICS_HOST); any free loopback port unless told */
  metricsAt?: MetricsListen;
  /**
   * operation names the metrics label as themselves (METRICS_OPERATIONS), beside those of the
   * trusted manifest and the console's; any other is labelled "other"
   */
  knownOperations?: string[];
}

export interface RunningGateway extends RunningService {
  /** subscriptions executed for many subscribers at once (gateway/shared-subscriptions.ts) */
  sharedSubscriptions(): SharedSubscriptionStats;
}

/**
 * Errors in a subscription's events arrive from the subgraph's graphql-ws as plain objects, which
 * the runtime would mask as unexpected (and graphql-ws cannot serialise). Revived as GraphQL
 * errors, their codes (FORBIDDEN, INVALID_CURSOR, ...) reach the client as they do over HTTP.
 */
const useUpstreamSubscriptionErrors = (): GatewayPlugin => ({
  onSubscribe: () => ({
    onSubscribeResult: () => ({
      onNext: ({ result, setResult }: { result: ExecutionResult; setResult: (r: ExecutionResult) => void }) => {
        if (!result.errors?.some((e) => !(e instanceof GraphQLError))) return;
        setResult({ ...result, errors: result.errors.map(reviveError) });
      },
    }),
  }),
}) as GatewayPlugin;

function reviveError(error: GraphQLError | { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}

/** The names of the operations of these documents (a document that does not parse names none). */
function knownOperationNames(documents: Iterable<string>): string[] {
  const names: string[] = [];
  for (const document of documents) {
    try {
      for (const d of parse(document, { noLocation: true }).definitions) if (d.kind === Kind.OPERATION_DEFINITION && d.name) names.push(d.name.value);
    } catch {
      // a manifest's documents were checked when it was loaded; the console's are built by us
    }
  }
  return names;
}

function transportEntries(opts: GatewayOptions) {
  const names = new Set([...Object.keys(opts.subgraphUrls ?? {}), ...SUBGRAPHS_WITH_SUBSCRIPTIONS]);
  return Object.fromEntries([...names].map((name) => [name, {
    ...(opts.subgraphUrls?.[name] ? { location: opts.subgraphUrls[name] } : {}),
    // subscriptions reach the subgraph over graphql-ws; queries and mutations stay on HTTP
    ...(SUBGRAPHS_WITH_SUBSCRIPTIONS.includes(name) ? { options: { subscriptions: { kind: 'ws', location: '/graphql' } } } : {}),
  }]));
}

/**
 * The gateway: Hive Gateway runtime with the Rust query planner, in a plain Node HTTP server, with
 * graphql-ws on the same path. It verifies the caller's JWT, forwards its payload to the subgraphs
 * in extensions.jwt, and stamps and signs every upstream request (HMAC over query, variables, that
 * payload and the stamp; platform/upstream-guard.ts checks it).
 */
export async function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  // anonymous callers may read the public catalogue; every other operation asks for an identity;
  // a token that is given must be valid, and each refusal is coded (gateway/authentication.ts)
  const jwt = useAuthentication(opts.jwt);
  // one execution per (subscription, variables, visibility scope), its requests signed for the scope
  const shared = useSharedSubscriptions();
  const production = opts.production ?? false;
  const limits: GatewayConfig = { ...GATEWAY_DEFAULTS, ...opts.limits };
  const trusted = limits.trustedOperationsFile ? loadTrustedOperations(limits.trustedOperationsFile) : undefined;
  // the console served here is one of the hub's own clients: its build's operations are trusted too
  if (trusted && opts.console) for (const [id, document] of consoleOperations(opts.console.dir)) trusted.set(id, document);
  const logger = opts.logger ?? createLogger('gateway');
  const metrics = createServiceMetrics('gateway', { knownOperations: knownOperationNames([...(opts.knownOperations ?? []).map((name) => `query ${name} { __typename }`), ...(trusted?.values() ?? []), ...(opts.console ? consoleOperations(opts.console.dir).values() : [])]) });
  const tracer = (opts.tracerProvider ?? telemetryDefaults().tracerProvider)?.getTracer(TRACER_NAME);
  const telemetry = gatewayTelemetry({ graphqlPath: '/graphql', logger, metrics, tracer });
  const logging = opts.logging ?? 'warn';
  // each client's allowance: in Redis when configured (shared by every instance), else this instance's
  const { perMinute, redis } = limits.rateLimit;
  const rateLimit = !perMinute ? undefined : redis ? sharedRateLimit(perMinute, redis, logger, metrics) : new RateLimiter(perMinute);

  const gateway = createGatewayRuntime({
    supergraph: opts.supergraphPath,
    unifiedGraphHandler,
    transports: { http: httpTransport, ws: wsTransport } as never,
    transportEntries: transportEntries(opts) as never,
    // after the authentication: the rate limit counts a signed-in client by its verified token
    plugins: () => [
      // first: it times and counts everything the plugins after it refuse too
      telemetry.plugin,
      jwt,
      // before the signing: a shared execution's requests carry the scope's claims (shared-subscriptions.ts)
      shared,
      // after the authentication, which attaches the JWT payload the signature binds (upstream-signing.ts)
      useUpstreamSigning(opts.upstreamSecret),
      useUpstreamSubscriptionErrors(),
      ...(rateLimit ? [useRateLimit(limits.rateLimit.perMinute, rateLimit)] : []),
      useCorsAllowlist(limits.corsOrigins),
      useRequestSizeLimit(limits.maxRequestBytes),
      useMalformedRequests(),
      useOperationLimits({
        maxTokens: limits.maxTokens, maxDepth: limits.maxDepth, maxAliases: limits.maxAliases, maxCost: limits.maxCost,
        maxFields: limits.maxFields, maxFragmentSpreads: limits.maxFragmentSpreads, production,
      }),
      useLimitErrorCodes({ production }),
      useVariableErrorCodes(),
      // a subgraph that is down answers SUBGRAPH_UNAVAILABLE; a subscription to it ends, to be resumed by cursor
      useUpstreamErrors(),
    ],
    // with a manifest only its operations are executed, by id
    ...(trusted ? { persistedDocuments: trustedDocuments(trusted) } : {}),
    ...(production ? { disableIntrospection: {} } : {}),
    // a GET or a form POST needs one of these headers, so a browser cannot send it cross-site without a preflight
    csrfPrevention: { requestHeaders: CSRF_HEADERS },
    // cross-origin browsers only from CORS_ORIGINS (useCorsAllowlist); the runtime's own reflects any origin
    cors: false,
    healthCheckEndpoint: '/healthz',
    readinessCheckEndpoint: '/readyz',
    // GraphiQL loads its assets from a public CDN (a blank page offline): the hub serves its own explorer instead
    graphiql: false,
    landingPage: false,
    logging: runtimeLogger(logger, logging === true ? 'info' : logging),
    // the telemetry plugin gives requests their ids (checked, unlike the runtime's own)
    requestId: false,
  });
  if (gateway.graphqlEndpoint !== '/graphql') throw new Error(`the gateway serves ${gateway.graphqlEndpoint}, telemetry expects /graphql`);

  const handle = telemetry.handler(gateway);
  const handleConsole = opts.console ? consoleHandler({ ...opts.console, trustedOperations: !!trusted }, (error) => logger.error({ err: error }, 'console: request failed')) : undefined;
  // /docs always; the hub's own explorer at /explorer where GraphiQL was (outside production)
  const handleDocs = docsAndExplorer({ supergraphPath: opts.supergraphPath, explorer: opts.graphiql ?? false });
  let closing = false;
  // whatever a request carries fails that request only (http-guard.ts), never the process
  const server = createServer(guardRequests((req, res) => {
    // once stopping, a kept-alive connection closes after its answer instead of idling on
    res.once('finish', () => { if (closing) req.socket.end(); });
    if (handleConsole?.(req, res)) return;
    if (handleDocs(req, res)) return;
    return handle(req, res);
  }, (error) => logger.error({ err: error }, 'request failed')));
  // clients close their idle connections first (KEEP_ALIVE_MS), as the subgraphs do for the gateway
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  const wsServer = new WebSocketServer({ server, path: gateway.graphqlEndpoint, maxPayload: limits.maxRequestBytes });
  const ws = useServer(
    {
      ...getGraphQLWSOptions<Record<string, unknown>, Extra>(gateway, (ctx) => ({
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        // queries and mutations run over the socket as they do over POST (ws-authentication.ts)
        request: operationRequest(normalizeNodeRequest(ctx.extra.request, gateway.fetchAPI), gateway.fetchAPI),
      })),
      // a token the hub does not take closes the connection: 4403 Forbidden, with the code and why
      onConnect: refuseBadTokens(tokenVerifier(opts.jwt)),
    },
    wsServer,
  );
  // the runtime loads the supergraph on its first HTTP request; a first operation over
  // graphql-ws would find no schema, so load it before listening
  await gateway.getSchema();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let metricsServer: RunningMetricsServer;
  try {
    metricsServer = await startMetricsServer(metrics, opts.metricsAt ?? ANY_LOOPBACK_PORT, logger);
  } catch (error) {
    server.close();
    await gateway.dispose();
    await rateLimit?.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}${gateway.graphqlEndpoint}`,
    port,
    server,
    logger,
    metrics,
    metricsPort: metricsServer.port,
    sharedSubscriptions: shared.stats,
    // stop accepting at once; subscriptions are told why they end; requests under way finish
    // (cut off after DRAIN_GRACE_MS); then the runtime lets go of its upstream connections
    stop: () => (stopping ??= (async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      for (const client of wsServer.clients) client.close(GOING_AWAY.code, GOING_AWAY.reason);
      await ws.dispose();
      const force = setTimeout(() => server.closeAllConnections(), DRAIN_GRACE_MS);
      await closed;
      clearTimeout(force);
      await gateway.dispose();
      await rateLimit?.close();
      await metricsServer.stop();
    })()),
  };
}
