import { defaultExecutionRequestSerializer, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { ExecutionRequest, getOperationASTFromRequest } from '@graphql-tools/utils';
import { ExecutionResult, GraphQLError, Kind } from 'graphql';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ErrorCode } from '../platform/errors';

/**
 * What the gateway answers when a subgraph is down or restarting.
 *
 * Over HTTP, a subgraph that cannot be reached (connection refused or dropped, or a 502/503/504
 * from in front of it) would be masked as INTERNAL_SERVER_ERROR "Unexpected error."; it becomes
 * SUBGRAPH_UNAVAILABLE with the subgraph's name, so a client knows to try again later (a report
 * resent with the same message id is recorded once).
 *
 * A subscription's upstream connection would be retried silently by the runtime's graphql-ws
 * client, which then subscribes again with the original arguments: a subscriber without a cursor
 * loses what happened meanwhile, one with a cursor gets it all again, and neither is told. Here a
 * subscription to a subgraph goes over a graphql-ws client that never retries: when that
 * connection drops, the client's subscription ends with SUBGRAPH_UNAVAILABLE, and the client
 * subscribes again with the cursor of the last event it received (as after SUBSCRIBER_TOO_SLOW).
 *
 * And an error of a subscription's event is sent with that event only, not with every later one.
 */
export function useUpstreamErrors(): GatewayPlugin {
  const clients = new Map<string, UpstreamClient>();
  return {
    onSubgraphExecute({ subgraphName, transportEntry, executionRequest, setExecutor }) {
      const wsUrl = subscriptionsUrl(transportEntry as TransportEntryLike | undefined);
      if (wsUrl && operationType(executionRequest) === 'subscription') {
        let upstream = clients.get(wsUrl);
        if (!upstream) clients.set(wsUrl, (upstream = new UpstreamClient(wsUrl, subgraphName)));
        const client = upstream;
        setExecutor(((request: ExecutionRequest) => client.subscribe(request)) as never);
        return undefined;
      }
      return ({ result, setResult }) => {
        if (isAsyncIterable(result)) return undefined;
        const mapped = mapResult(result as ExecutionResult, subgraphName);
        if (mapped !== result) setResult(mapped);
        return undefined;
      };
    },
    // The router keeps one list of errors for the whole of a subscription and sends all of it with
    // every event: after one failed fetch (a subgraph down for a moment), every later event would
    // still carry that error. Each error goes out once, with the event it belongs to.
    onSubscribe: () => {
      const sent = new WeakSet<object>();
      return {
        onSubscribeResult: () => ({
          onNext: ({ result, setResult }: { result: ExecutionResult; setResult: (r: ExecutionResult) => void }) => {
            if (!result.errors?.length) return;
            const fresh = result.errors.filter((e) => !sent.has(e));
            for (const e of result.errors) sent.add(e);
            if (fresh.length === result.errors.length) return;
            const { errors: _stale, ...rest } = result;
            setResult(fresh.length ? { ...rest, errors: fresh } : rest);
          },
        }),
      };
    },
    onDispose: () => Promise.all([...clients.values()].map((c) => c.dispose())).then(() => clients.clear()),
  } as GatewayPlugin;
}

/** The error a client gets for a subgraph that is down. */
export function subgraphUnavailable(serviceName: string, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(`The ${serviceName} service is unavailable; try again later`, {
    path,
    extensions: { code: ErrorCode.SubgraphUnavailable, serviceName },
  });
}

interface TransportEntryLike {
  kind?: string;
  location?: string;
  options?: { subscriptions?: { kind?: string; location?: string } };
}

/** Where the subgraph takes subscriptions over graphql-ws, if it does (gateway/server.ts transportEntries). */
function subscriptionsUrl(entry: TransportEntryLike | undefined): string | undefined {
  const subscriptions = entry?.options?.subscriptions;
  if (!entry?.location || (subscriptions?.kind ?? entry.kind) !== 'ws') return undefined;
  return new URL(subscriptions?.location ?? '', entry.location).toString().replace(/^http/, 'ws');
}

function operationType(request: ExecutionRequest): string | undefined {
  if (request.operationType) return request.operationType;
  try {
    return getOperationASTFromRequest(request).operation;
  } catch {
    return undefined;
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  !!value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';

/**
 * The HTTP executor reports a request that got no usable answer as SUBREQUEST_HTTP_ERROR: with no
 * response at all when the connection failed, or with the status a proxy in front answered.
 */
function isUnavailable(error: GraphQLError): boolean {
  const extensions = error.extensions as { code?: unknown; response?: { status?: number } } | undefined;
  if (extensions?.code !== 'SUBREQUEST_HTTP_ERROR') return false;
  const status = extensions.response?.status;
  return status === undefined || status === 502 || status === 503 || status === 504;
}

function mapResult(result: ExecutionResult, serviceName: string): ExecutionResult {
  if (!result?.errors?.some((e) => e instanceof GraphQLError && isUnavailable(e))) return result;
  return { ...result, errors: result.errors.map((e) => (e instanceof GraphQLError && isUnavailable(e) ? subgraphUnavailable(serviceName, e.path) : e)) };
}

/** The operation's root fields (by response key), each null. */
function rootFieldsAsNull(request: ExecutionRequest): Record<string, null> {
  const data: Record<string, null> = {};
  try {
    for (const selection of getOperationASTFromRequest(request).selectionSet.selections) {
      if (selection.kind === Kind.FIELD) data[selection.alias?.value ?? selection.name.value] = null;
    }
  } catch {
    // no operation to read: an empty object
  }
  return data;
}

interface ActiveSubscription {
  end(error?: GraphQLError): void;
}

/** One graphql-ws connection to a subgraph, shared by the subscriptions to it, never retried. */
class UpstreamClient {
  private readonly client: Client;
  private readonly active = new Set<ActiveSubscription>();

  constructor(url: string, private readonly serviceName: string) {
    this.client = createClient({ url, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
    // the connection dropped (the subgraph stopped, was killed, or restarts): every subscription on
    // it ends now, including any the client would otherwise have resumed on a new connection
    this.client.on('closed', () => {
      for (const subscription of [...this.active]) subscription.end(subgraphUnavailable(this.serviceName));
    });
  }

  subscribe(request: ExecutionRequest): AsyncIterable<ExecutionResult> {
    // exactly what the HMAC plugin signed (gateway/server.ts signs this serializer's query and variables)
    const { query, variables } = JSON.parse(defaultExecutionRequestSerializer(request as never) ?? '{}') as { query: string; variables?: Record<string, unknown> };
    const payload = { query, variables, operationName: request.operationName, extensions: request.extensions };
    const queue: ExecutionResult[] = [];
    let ended = false;
    let wake: (() => void) | undefined;
    // the router keeps the previous event's data for a result without any: the root fields are
    // set to null, so that the last message is an error and never a repeat of the last event
    const nothing = rootFieldsAsNull(request);
    let unsubscribe: () => void = () => undefined;
    const subscription: ActiveSubscription = {
      end: (error) => {
        if (ended) return;
        if (error) queue.push({ data: nothing, errors: [error] });
        ended = true;
        this.active.delete(subscription);
        unsubscribe();
        wake?.();
      },
    };
    this.active.add(subscription);
    unsubscribe = this.client.subscribe(payload, {
      next: (value) => {
        if (ended) return;
        queue.push(value as ExecutionResult);
        wake?.();
      },
      error: (error) => {
        // the subgraph refused it (GraphQL errors: FORBIDDEN, INVALID_CURSOR, ...), or the connection failed
        if (!Array.isArray(error)) return subscription.end(subgraphUnavailable(this.serviceName));
        if (!ended) queue.push({ data: nothing, errors: error as GraphQLError[] });
        subscription.end();
      },
      complete: () => subscription.end(),
    });
    const signal = request.signal ?? (request.info as { signal?: AbortSignal } | undefined)?.signal;
    signal?.addEventListener('abort', () => subscription.end(), { once: true });
    return {
      [Symbol.asyncIterator]: () => ({
        async next(): Promise<IteratorResult<ExecutionResult>> {
          for (;;) {
            if (queue.length) return { value: queue.shift()!, done: false };
            if (ended) return { value: undefined, done: true };
            await new Promise<void>((resolve) => { wake = resolve; });
            wake = undefined;
          }
        },
        async return(): Promise<IteratorResult<ExecutionResult>> {
          subscription.end();
          queue.length = 0;
          return { value: undefined, done: true };
        },
      }),
    };
  }

  dispose(): Promise<void> {
    for (const subscription of [...this.active]) subscription.end();
    return this.client.dispose() as Promise<void>;
  }
}
