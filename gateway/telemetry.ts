import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayPlugin, Logger as RuntimeLogger, LogLevel as RuntimeLogLevel } from '@graphql-hive/gateway-runtime';
import { Span, Tracer } from '@opentelemetry/api';
import { DocumentNode, getOperationAST } from 'graphql';
import { Gauge } from 'prom-client';
import { requestIdFrom } from '../platform/context';
import { Logger } from '../platform/telemetry/logger';
import { ServiceMetrics } from '../platform/telemetry/metrics';
import { inRequestScope, RequestScope } from '../platform/telemetry/scope';
import { endOperationSpan, nameOperationSpan, parentFrom, startOperationSpan, traceHeaders } from '../platform/telemetry/tracing';

/**
 * The gateway's telemetry. Its Node handler gives each request its id (the client's well-formed
 * x-request-id, or a new one), returns it in x-request-id, and serves the request in its request
 * scope (metrics are served on a port of their own: metrics-server.ts). The plugin times each operation,
 * counts it, traces it, logs it, and sends its request id (and trace context) on every subgraph
 * call. The runtime's own request-id plugin is replaced by this (it would pass any header on).
 */
export interface GatewayTelemetry {
  handler(next: (req: IncomingMessage, res: ServerResponse) => unknown): (req: IncomingMessage, res: ServerResponse) => unknown;
  plugin: GatewayPlugin;
}

interface Served {
  scope: RequestScope;
  started: bigint;
  span?: Span;
  operation?: string;
  type?: string;
  failed: boolean;
}

interface ExecutionArgsLike { document: DocumentNode; operationName?: string | null; contextValue?: { request?: Request } }

export function gatewayTelemetry(opts: { graphqlPath: string; logger: Logger; metrics: ServiceMetrics; tracer?: Tracer }): GatewayTelemetry {
  const { logger, metrics, tracer } = opts;
  const scopes = new WeakMap<IncomingMessage, RequestScope>();
  const served = new WeakMap<Request, Served>();
  const subscriptions = new Gauge({ name: 'qyzmet_active_subscriptions', help: 'Subscriptions open through this gateway (graphql-ws and SSE)', registers: [metrics.registry] });

  /** An operation over graphql-ws has no HTTP request of its own: its id comes from the upgrade request. */
  const servedOf = (request: Request | undefined): Served | undefined => {
    if (!request) return undefined;
    let entry = served.get(request);
    if (!entry) {
      entry = { scope: { requestId: requestIdFrom(request.headers.get('x-request-id') ?? undefined), metrics }, started: process.hrtime.bigint(), failed: false };
      served.set(request, entry);
    }
    return entry;
  };
  const named = (args: ExecutionArgsLike) => {
    const entry = servedOf(args.contextValue?.request);
    if (!entry) return;
    const operation = getOperationAST(args.document, args.operationName);
    entry.operation = operation?.name?.value ?? entry.operation;
    entry.type = operation?.operation;
    if (entry.span) nameOperationSpan(entry.span, entry.type, metrics.operation(entry.operation));
  };

  const plugin = {
    onRequest({ request, url, serverContext }: { request: Request; url: URL; serverContext: { req?: IncomingMessage } }) {
      if (url.pathname !== opts.graphqlPath) return;
      const scope = (serverContext.req && scopes.get(serverContext.req)) ?? { requestId: requestIdFrom(request.headers.get('x-request-id') ?? undefined), metrics };
      const span = tracer && startOperationSpan(tracer, 'gateway', parentFrom(Object.fromEntries(request.headers)), { 'qyzmet.request_id': scope.requestId });
      // the scope is the one the log lines read: from here on they carry the trace id too
      if (span) scope.traceId = span.spanContext().traceId;
      served.set(request, { scope, started: process.hrtime.bigint(), span, failed: false });
    },
    onParams({ request, params }: { request: Request; params: { operationName?: string } }) {
      const entry = served.get(request);
      if (entry && params.operationName) entry.operation = params.operationName;
    },
    // a document that fails validation is never executed: its operation is named here
    onValidate({ params, context }: { params: { documentAST: DocumentNode }; context: { request?: Request; params?: { operationName?: string } } }) {
      named({ document: params.documentAST, operationName: context.params?.operationName, contextValue: context });
    },
    onExecute({ args }: { args: ExecutionArgsLike }) {
      named(args);
    },
    onSubscribe({ args }: { args: ExecutionArgsLike }) {
      named(args);
      return {
        onSubscribeResult({ result }: { result: unknown }) {
          if (!result || typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return undefined;
          subscriptions.inc();
          return { onEnd: () => subscriptions.dec() };
        },
      };
    },
    onResultProcess({ request, result }: { request: Request; result: unknown }) {
      const entry = served.get(request);
      const results = Array.isArray(result) ? result : [result];
      if (entry && results.some((r) => (r as { errors?: unknown[] } | undefined)?.errors?.length)) entry.failed = true;
    },
    onFetch({ context, options, setOptions }: { context: { request?: Request }; options: { headers?: Record<string, string> }; setOptions: (o: unknown) => void }) {
      const entry = servedOf(context.request);
      if (!entry) return;
      setOptions({ ...options, headers: { ...options.headers, 'x-request-id': entry.scope.requestId, ...(entry.span ? traceHeaders(entry.span) : {}) } });
    },
    onResponse({ request, response }: { request: Request; response: Response }) {
      const entry = served.get(request);
      if (!entry) return;
      served.delete(request);
      const seconds = Number(process.hrtime.bigint() - entry.started) / 1e9;
      const failed = entry.failed || response.status >= 400;
      const labels = { operation: metrics.operation(entry.operation), outcome: failed ? 'error' : 'ok' };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, seconds);
      if (entry.span) endOperationSpan(entry.span, failed, response.status);
      inRequestScope(entry.scope, () => logger.info({ operation: entry.operation ?? null, operationType: entry.type, outcome: labels.outcome, status: response.status, durationMs: Math.round(seconds * 1000) }, 'graphql request'));
    },
  } as unknown as GatewayPlugin;

  return {
    plugin,
    handler: (next) => (req, res) => {
      const scope: RequestScope = { requestId: requestIdFrom(req.headers['x-request-id']), metrics };
      scopes.set(req, scope);
      res.setHeader('x-request-id', scope.requestId);
      return inRequestScope(scope, () => next(req, res));
    },
  };
}

/** The runtime's own log lines, through the gateway's logger (false: none). */
export function runtimeLogger(logger: Logger, level: RuntimeLogLevel | false): RuntimeLogger {
  return new RuntimeLogger({ level, writers: [{ write: (at, attrs, msg) => logger[at](attrs ?? {}, msg ?? undefined) }] });
}
