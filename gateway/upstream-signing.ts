import { defaultExecutionRequestSerializer, GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { DocumentNode } from 'graphql';
import { HMAC_EXTENSION, signUpstream, STAMP_EXTENSION, stampFor } from '../platform/upstream-signature';

interface UpstreamRequest {
  document: DocumentNode;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/**
 * The query text a subgraph receives for a plan's document, as the HTTP and WS executors print it
 * (the runtime's serializer prints with the same function). A plan's documents live as long as the
 * plan is cached, so each is printed once, not once per request.
 */
export function upstreamQueryText(): (document: DocumentNode) => string {
  const printed = new WeakMap<DocumentNode, string>();
  return (document) => {
    let query = printed.get(document);
    if (query === undefined) {
      query = (JSON.parse(defaultExecutionRequestSerializer({ document } as never) ?? '{}') as { query?: string }).query ?? '';
      printed.set(document, query);
    }
    return query;
  };
}

/**
 * Stamps and signs every upstream request (each request of a query plan, and each subscribe over
 * graphql-ws): its own id, time and subgraph (platform/upstream-signature.ts), then the HMAC over
 * query, variables, the forwarded JWT payload and that stamp, which platform/upstream-guard.ts
 * checks. Placed after the authentication, which attaches the payload.
 *
 * In place of the runtime's useHmacUpstreamSignature: that one signs with WebCrypto (an async job
 * per request, a fifth of the gateway's CPU under load), asks its serializer to print the plan's
 * document again each time, and makes a child logger per request. The bytes and the HMAC are the same.
 */
export function useUpstreamSigning(secret: string): GatewayPlugin {
  const queryOf = upstreamQueryText();
  return {
    onSubgraphExecute({ subgraphName, executionRequest, setExecutionRequest }: { subgraphName: string; executionRequest: UpstreamRequest; setExecutionRequest: (request: UpstreamRequest) => void }) {
      const extensions: Record<string, unknown> = { ...executionRequest.extensions, [STAMP_EXTENSION]: stampFor(subgraphName) };
      extensions[HMAC_EXTENSION] = signUpstream({ query: queryOf(executionRequest.document), variables: executionRequest.variables, extensions }, secret);
      setExecutionRequest({ ...executionRequest, extensions });
    },
  } as GatewayPlugin;
}
