import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServiceMetrics } from './metrics';

/**
 * What is known about the request being served, wherever its work goes (resolvers, the database,
 * the queue): its id, and the service serving it. Kept in AsyncLocalStorage so that code that
 * knows nothing of requests (enqueueDelivery, the signature verifier, log lines) still finds it,
 * without threading it through every call.
 */
export interface RequestScope {
  requestId: string;
  /** the trace the request's work belongs to, when tracing is on */
  traceId?: string;
  /** the metrics of the service serving it (in tests several services share one process) */
  metrics?: ServiceMetrics;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function inRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
