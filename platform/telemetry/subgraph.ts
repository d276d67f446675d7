import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Span, Tracer } from '@opentelemetry/api';
import { Kind, OperationDefinitionNode } from 'graphql';
import { requestIdFrom } from '../context';
import { Logger } from './logger';
import { ServiceMetrics } from './metrics';
import { currentScope, inRequestScope, RequestScope } from './scope';
import { endOperationSpan, nameOperationSpan, parentFrom, startOperationSpan } from './tracing';

/** What Apollo tells about one request while it is served: its operation and the errors' codes. */
interface OperationInfo {
  operation?: string;
  type?: string;
  errorCodes: string[];
  span?: Span;
}

export interface SubgraphTelemetry {
  /** Serves one /graphql request in its request scope, and counts, times, traces and logs it. */
  serve(req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): Promise<void>;
  /** Tells `serve` the operation and the errors (Apollo knows them, the HTTP layer does not). */
  apolloPlugin: ApolloServerPlugin<BaseContext>;
}

const INTERNAL = 'INTERNAL_SERVER_ERROR';

export function subgraphTelemetry(service: string, logger: Logger, metrics: ServiceMetrics, tracer?: Tracer): SubgraphTelemetry {
  const served = new WeakMap<RequestScope, OperationInfo>();
  const infoOf = () => {
    const scope = currentScope();
    return scope && served.get(scope);
  };

  return {
    async serve(req, res, handle) {
      const started = process.hrtime.bigint();
      const requestId = requestIdFrom(req.headers['x-request-id']);
      const span = tracer && startOperationSpan(tracer, service, parentFrom(req.headers), { 'qyzmet.request_id': requestId });
      const scope: RequestScope = { requestId, traceId: span?.spanContext().traceId, metrics };
      const info: OperationInfo = { errorCodes: [], span };
      served.set(scope, info);
      await inRequestScope(scope, async () => {
        try {
          await handle();
        } finally {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const failed = res.statusCode >= 400 || info.errorCodes.length > 0;
          const labels = { operation: metrics.operation(info.operation), outcome: failed ? 'error' : 'ok' };
          metrics.requests.inc(labels);
          metrics.duration.observe(labels, seconds);
          if (span) endOperationSpan(span, failed, res.statusCode);
          logger.info({
            operation: info.operation ?? null, operationType: info.type, outcome: labels.outcome, status: res.statusCode,
            durationMs: Math.round(seconds * 1000), ...(info.errorCodes.length ? { errorCodes: info.errorCodes } : {}),
          }, 'graphql request');
        }
      });
    },

    apolloPlugin: {
      async requestDidStart() {
        return {
          async didResolveOperation({ operationName, operation }) {
            const info = infoOf();
            if (!info) return;
            info.operation = operationName ?? (operation ? rootFields(operation) : undefined);
            info.type = operation?.operation;
            if (info.span) nameOperationSpan(info.span, info.type, metrics.operation(info.operation));
          },
          async didEncounterErrors({ errors }) {
            const info = infoOf();
            for (const error of errors) {
              const code = typeof error.extensions?.code === 'string' ? error.extensions.code : INTERNAL;
              info?.errorCodes.push(code);
              // a coded error is the caller's (refused, invalid); anything else is the service's own failure
              if (code === INTERNAL) logger.error({ err: error.originalError ?? error, path: error.path }, 'operation failed');
            }
          },
        };
      },
    },
  };
}

/**
 * What an operation the gateway sent asks for: the gateway's query plans are anonymous, so a
 * subgraph names them by their root fields (submitApplication, _entities, stageReports+…).
 */
function rootFields(operation: OperationDefinitionNode): string {
  const names = new Set(operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '_fragment')));
  return [...names].sort().join('+');
}
