import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { DocumentNode, ExecutionResult, FragmentDefinitionNode, GraphQLError, GraphQLSchema, getOperationAST, Kind, parse, SelectionSetNode, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { unstorableArgument } from './argument-guard';
import { HubContext, requestIdFrom } from './context';
import { isDatabaseReachable } from './db';
import { ErrorCode } from './errors';
import { BadRequest, guardRequests, requestUrl } from './http-guard';
import { publicError } from './public-errors';
import { refusalStatus, UpstreamChecks, upstreamGuard } from './upstream-guard';
import { UpstreamParams } from './upstream-signature';
import { GOING_AWAY } from './telemetry/lifecycle';
import { createLogger, Logger, telemetryDefaults } from './telemetry/logger';
import { createServiceMetrics, ServiceMetrics } from './telemetry/metrics';
import { ANY_LOOPBACK_PORT, MetricsListen, RunningMetricsServer, startMetricsServer } from './telemetry/metrics-server';
import { currentRequestId } from './telemetry/scope';
import { subgraphTelemetry } from './telemetry/subgraph';
import { TRACER_NAME } from './telemetry/tracing';
import type { TracerProvider } from '@opentelemetry/api';

export interface SubgraphOptions<C extends HubContext> {
  name: string;
  schema: GraphQLSchema;
  dataSource: DataSource;
  upstreamSecret: string;
  /** the window and replay cache for the gateway's requests (defaults: UPSTREAM_DEFAULTS) */
  upstream?: Partial<UpstreamChecks>;
  port: number;
  host?: string;
  /** Serve subscriptions over graphql-ws on the same path. */
  subscriptions?: boolean;
  /** Adds what this subgraph's resolvers need beyond the common context. */
  extendContext?: (base: HubContext) => C;
  /** Called when stopping begins, while requests under way finish (e.g. a worker stops fetching). */
  onStopping?: () => Promise<void>;
  /** Called once no request is under way any more. */
  onStop?: () => Promise<void>;
  /** the process's telemetry defaults (telemetry/logger.ts) unless given */
  logger?: Logger;
  metrics?: ServiceMetrics;
  tracerProvider?: TracerProvider;
  /** where GET /metrics is served: a port of its own (<NAME>_METRICS_PORT, METRICS_HOST); any free loopback port unless told */
  metricsAt?: MetricsListen;
}

/** A running HTTP service of the hub (a subgraph, or the gateway). */
export interface RunningService {
  url: string;
  port: number;
  server: Server;
  logger: Logger;
  /** what GET /metrics serves */
  metrics: ServiceMetrics;
  /** the port GET /metrics is served on (never the public one) */
  metricsPort: number;
  stop(): Promise<void>;
}

export interface RunningSubgraph extends RunningService {
  name: string;
}

/** A request still running this long after stopping began is cut off (the process exits at 8 s). */
export const DRAIN_GRACE_MS = 5000;

/**
 * A request body from the gateway: it takes what the gateway takes (GATEWAY_MAX_REQUEST_BYTES,
 * 8 MiB: an application carries attachments of up to 5 MB as base64 inside JSON, about 6.7 MB),
 * with room for what the gateway adds (the query plan's query, the JWT payload, the signature).
 */
const MAX_BODY = 9 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A GET's query, variables and extensions (JSON in the URL); a SyntaxError when they do not parse. */
function getParams(url: URL): UpstreamParams {
  return {
    query: url.searchParams.get('query') ?? undefined,
    variables: JSON.parse(url.searchParams.get('variables') || 'null'),
    extensions: JSON.parse(url.searchParams.get('extensions') || 'null'),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

function fragmentsOf(document: DocumentNode): Map<string, SelectionSetNode> {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, (d as FragmentDefinitionNode).selectionSet);
  return fragments;
}

/** Refuses, before any resolver runs, an operation whose arguments hold text the database cannot store (argument-guard.ts). */
const argumentGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, document, request }) {
        const refused = operation && unstorableArgument(operation, fragmentsOf(document), request.variables);
        if (refused) throw refused;
      },
    };
  },
};

/** Errors that refuse the whole request carry their HTTP status. */
function asRequestError(error: unknown): unknown {
  const status = refusalStatus(error);
  if (status === undefined) return error;
  return new GraphQLError((error as GraphQLError).message, { extensions: { ...(error as GraphQLError).extensions, http: { status } } });
}

/**
 * How long a server of the hub keeps an idle connection: longer than its clients keep one (undici's
 * fetch, the gateway's agents, a load balancer's 60 s), so that the client always closes first and
 * never sends a request on a connection the server is just closing (a reset, ECONNRESET).
 */
export const KEEP_ALIVE_MS = 65_000;

/**
 * One subgraph's HTTP server: /graphql (Apollo Server; graphql-ws on the same path when it has
 * subscriptions), /healthz (alive), /readyz (database reachable, not stopping); and GET /metrics
 * (Prometheus) on a port of its own (metrics-server.ts). Every /graphql request is served in its
 * request scope (request id, trace).
 */
export async function startSubgraphServer<C extends HubContext>(opts: SubgraphOptions<C>): Promise<RunningSubgraph> {
  const httpServer = createServer();
  // The gateway keeps an idle connection to a subgraph for 5 s (Node's global agent), or 1 s less
  // than the subgraph announces. With Node's default of 5 s here too, a busy machine lets the
  // gateway reuse a connection the subgraph is just closing: the request meets a reset and is lost
  // (SUBGRAPH_UNAVAILABLE). The subgraph keeps idle connections far longer, so the gateway ends them.
  httpServer.keepAliveTimeout = KEEP_ALIVE_MS;
  httpServer.headersTimeout = KEEP_ALIVE_MS + 1000;
  const logger = opts.logger ?? createLogger(opts.name);
  const metrics = opts.metrics ?? createServiceMetrics(opts.name);
  const tracer = (opts.tracerProvider ?? telemetryDefaults().tracerProvider)?.getTracer(TRACER_NAME);
  const telemetry = subgraphTelemetry(opts.name, logger, metrics, tracer);
  // an error whose text the client is not shown is logged whole, with the request's id
  const logUnshown = (error: unknown, code: string) => {
    if (code === ErrorCode.DatabaseUnavailable) logger.warn({ err: error, code }, 'database unavailable');
    else logger.error({ err: error, code }, 'unexpected error');
  };
  const publicResult = <R extends ExecutionResult>(result: R): R => (result.errors?.length
    ? { ...result, errors: result.errors.map((e) => publicError(e.toJSON(), e, { log: logUnshown })) }
    : result);
  const apollo = new ApolloServer<C>({
    schema: opts.schema,
    includeStacktraceInErrorResponses: false,
    // the process stops on signals itself (stopOnSignals), in order; Apollo's own handler would
    // stop only this server and then raise the signal again, killing the process mid-stop
    stopOnTerminationSignals: false,
    // no cache hints: nothing caches the subgraphs' answers, and the plugin's per-field hook wraps
    // every resolver of every request
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: DRAIN_GRACE_MS }), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), telemetry.apolloPlugin, argumentGuard],
    formatError: (formatted, error) => publicError(formatted, error, { log: logUnshown }),
  });
  await apollo.start();
  // a subgraph answers only requests the gateway signed for it, once, within a short window
  const upstreamIdentity = upstreamGuard({ secret: opts.upstreamSecret, subgraph: opts.name, checks: opts.upstream });
  const contextFor = (params: UpstreamParams, requestIdHeader?: string | string[]): C => {
    // over HTTP the request scope has the id already (made here too when the gateway sent none)
    const requestId = currentRequestId() ?? requestIdFrom(requestIdHeader);
    const base: HubContext = { identity: upstreamIdentity(params), dataSource: opts.dataSource, requestId };
    return opts.extendContext ? opts.extendContext(base) : (base as C);
  };

  let stopping: Promise<void> | undefined;
  // whatever a request carries fails that request only (http-guard.ts), never the process
  httpServer.on('request', guardRequests(async (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req);
    if (!url) throw new BadRequest('The request target is not a URL');
    if (url.pathname === '/healthz') return json(res, 200, { status: 'ok', service: opts.name });
    if (url.pathname === '/readyz') {
      // a stopping instance says so, so that a load balancer sends it nothing more
      const database = !stopping && await isDatabaseReachable(opts.dataSource);
      return json(res, database ? 200 : 503, { status: database ? 'ready' : stopping ? 'stopping' : 'not ready', service: opts.name, database });
    }
    if (url.pathname !== '/graphql') return json(res, 404, { error: 'not found' });
    await telemetry.serve(req, res, () => serveGraphQL(req, res, url));
  }, (error) => logger.error({ err: error }, 'request failed')));

  const serveGraphQL = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    try {
      const raw = await readBody(req);
      const body = raw && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : raw;
      // what the gateway signed: the body, or a GET's parameters (malformed ones refuse the request, below)
      const params: UpstreamParams = req.method === 'GET' ? getParams(url) : (body ?? {});
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
        context: async () => {
          try {
            return contextFor(params, req.headers['x-request-id']);
          } catch (error) {
            throw asRequestError(error);
          }
        },
      });
      res.statusCode = result.status ?? 200;
      for (const [k, v] of result.headers) res.setHeader(k, v);
      if (result.body.kind === 'complete') {
        res.end(result.body.string);
        return;
      }
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (!res.headersSent) json(res, 400, { errors: [{ message: (error as Error).message, extensions: { code: 'BAD_REQUEST' } }] });
      else res.end();
    }
  };

  let wsCleanup: { dispose: () => void | Promise<void> } | undefined;
  let wsServer: WebSocketServer | undefined;
  if (opts.subscriptions) {
    wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
    wsCleanup = useServer({
      schema: opts.schema,
      // the gateway may carry several clients' subscriptions on one connection, so each
      // subscription gets its own context, built from its own signed payload
      onSubscribe: (ctx, _id, payload) => {
        let contextValue: C;
        let document;
        try {
          contextValue = contextFor(payload as UpstreamParams, ctx.extra.request?.headers['x-request-id']);
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message)];
        }
        const errors = validate(opts.schema, document);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName);
        const refused = operation && unstorableArgument(operation, fragmentsOf(document), payload.variables ?? undefined);
        if (refused) return [refused];
        return { schema: opts.schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
      },
      // an event's errors are shown as over HTTP: coded, and without the database driver's words
      onNext: (_ctx, _id, _payload, _args, result) => publicResult(result as ExecutionResult),
    }, wsServer);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  let metricsServer: RunningMetricsServer;
  try {
    metricsServer = await startMetricsServer(metrics, opts.metricsAt ?? ANY_LOOPBACK_PORT, logger);
  } catch (error) {
    await apollo.stop();
    throw error;
  }
  return {
    name: opts.name,
    url: `http://localhost:${port}/graphql`,
    port,
    server: httpServer,
    logger,
    metrics,
    metricsPort: metricsServer.port,
    // subscriptions are told why they end; Apollo's drain stops accepting, lets requests under way
    // finish (cut off after DRAIN_GRACE_MS), and only then is what they use (queue, sources) closed
    stop: () => (stopping ??= (async () => {
      for (const client of wsServer?.clients ?? []) client.close(GOING_AWAY.code, GOING_AWAY.reason);
      await wsCleanup?.dispose();
      await Promise.all([apollo.stop(), opts.onStopping?.()]);
      await opts.onStop?.();
      await metricsServer.stop();
    })()),
  };
}
