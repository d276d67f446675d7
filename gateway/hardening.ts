import { readFileSync } from 'node:fs';
import { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import {
  DocumentNode,
  ExecutionResult,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLSchema,
  GraphQLType,
  isCompositeType,
  isListType,
  isNamedType,
  isUnionType,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  parse,
  SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../platform/errors';
import type { RateLimitBuckets } from './shared-rate-limit';

/**
 * The gateway's limits on what one client may ask, beside the runtime's own features (disabled
 * introspection, CSRF prevention, persisted documents, which server.ts configures). Every refusal
 * is a GraphQL error with a code of ErrorCode's "gateway limits" section.
 */

/** The cost estimate assumes this many items in every list. */
export const ASSUMED_LIST_SIZE = 10;
/** What a mutation's root field adds to the cost estimate, beside what it selects. */
export const MUTATION_COST = 10;

/** Browsers cannot send these headers without a CORS preflight: one of them makes a GET or a form POST acceptable. */
export const CSRF_HEADERS = ['x-graphql-csrf', 'x-graphql-yoga-csrf', 'apollo-require-preflight'];

const limitError = (code: ErrorCode, message: string, status: number, headers?: Record<string, string>) =>
  new GraphQLError(message, { extensions: { code, http: { status, ...(headers ? { headers } : {}) } } });

// ---------------------------------------------------------------------------------------------
// depth, aliases, cost, fields, fragment spreads and tokens of a document

/** What one operation asks for, fragments expanded. */
export interface Shape {
  /** a root field is 1 deep */
  depth: number;
  aliases: number;
  /** estimated objects returned (see operationShapes) */
  cost: number;
  /** every field of the expanded selection: scalars, __typename and introspection fields too */
  fields: number;
  /** fragment spreads, each counted every time it is expanded */
  spreads: number;
}
const NOTHING: Shape = { depth: 0, aliases: 0, cost: 0, fields: 0, spreads: 0 };

/**
 * Counts stop growing here: a fragment bomb of a thousand levels (2^1000 fields) is measured as
 * this many rather than as Infinity (or NaN, once multiplied), and every limit refuses it.
 */
export const SATURATED = Number.MAX_SAFE_INTEGER;
const sat = (n: number) => (n > SATURATED || Number.isNaN(n) ? SATURATED : n);

/**
 * Depth, aliases, estimated cost, fields and fragment spreads of each operation, fragments counted
 * where they are spread, all before anything is validated, planned or executed.
 *
 * Linear in the document: each fragment is measured once (memoised by name) and its numbers are
 * added wherever it is spread, so that a fragment bomb (Fi spreading F(i-1) twice) is measured in
 * as many steps as it has fragments, never by expanding it. (The query planner does expand it:
 * 2^18 fields took it 4 s, 2^20 about 20 s and 870 MB.)
 *
 * The cost: a field returning an object costs 1, a scalar nothing; a field returning a list
 * multiplies its own cost and everything selected under it by ASSUMED_LIST_SIZE (per level of
 * list); a mutation's root field adds MUTATION_COST. Branches on abstract types are added up.
 * (The runtime's demand control is not used: in 2.12.1 it gives a non-null list, [T!]! as this
 * schema declares them, no list factor, and it checks each subgraph request as it is sent, so a
 * mutation may already have run when a later fetch is refused.)
 *
 * Introspection fields (__schema, __type) cost nothing and are not counted in the depth:
 * introspection has its own switch, and GraphiQL's introspection query is deeper than any real
 * operation. They are fields, though, and count as such.
 */
export function operationShapes(schema: GraphQLSchema, document: DocumentNode): Map<OperationDefinitionNode, Shape> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fragmentShapes = new Map<string, Shape>();
  const visiting = new Set<string>();
  const typeNamed = (name: string | undefined, fallback?: GraphQLCompositeType) => {
    const type = name ? schema.getType(name) : fallback;
    return type && isCompositeType(type) ? type : undefined;
  };
  const fragmentShape = (name: string): Shape => {
    const known = fragmentShapes.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // unknown fragments and cycles are refused by the standard validation rules
    if (!fragment || visiting.has(name)) return NOTHING;
    visiting.add(name);
    const shape = selectionShape(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value));
    visiting.delete(name);
    fragmentShapes.set(name, shape);
    return shape;
  };
  const selectionShape = (set: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined, mutationRoot = false): Shape => {
    const sum = { ...NOTHING };
    for (const selection of set?.selections ?? []) {
      let inner: Shape;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const alias = selection.alias ? 1 : 0;
        if (name === '__schema' || name === '__type') {
          const nested = selectionShape(selection.selectionSet, undefined);
          inner = { depth: 0, aliases: sat(alias + nested.aliases), cost: 0, fields: sat(1 + nested.fields), spreads: nested.spreads };
        } else {
          const field = parent && !isUnionType(parent) ? parent.getFields()[name] : undefined;
          let lists = 0;
          for (let type: GraphQLType | undefined = field?.type; type && !isNamedType(type); type = type.ofType) if (isListType(type)) lists++;
          const named = field ? getNamedType(field.type) : undefined;
          const composite = named && isCompositeType(named) ? named : undefined;
          const nested = selectionShape(selection.selectionSet, composite);
          inner = {
            depth: 1 + nested.depth,
            aliases: sat(alias + nested.aliases),
            cost: sat(sat(((composite ? 1 : 0) + nested.cost) * ASSUMED_LIST_SIZE ** lists) + (mutationRoot ? MUTATION_COST : 0)),
            fields: sat(1 + nested.fields),
            spreads: nested.spreads,
          };
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionShape(selection.selectionSet, typeNamed(selection.typeCondition?.name.value, parent), mutationRoot);
      } else {
        const spread = fragmentShape(selection.name.value);
        inner = { ...spread, spreads: sat(1 + spread.spreads) };
      }
      sum.depth = Math.max(sum.depth, inner.depth);
      sum.aliases = sat(sum.aliases + inner.aliases);
      sum.cost = sat(sum.cost + inner.cost);
      sum.fields = sat(sum.fields + inner.fields);
      sum.spreads = sat(sum.spreads + inner.spreads);
    }
    return sum;
  };
  const shapes = new Map<OperationDefinitionNode, Shape>();
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    shapes.set(d, selectionShape(d.selectionSet, schema.getRootType(d.operation) ?? undefined, d.operation === OperationTypeNode.MUTATION));
  }
  return shapes;
}

export interface OperationLimits { maxDepth: number; maxAliases: number; maxCost: number; maxFields: number; maxFragmentSpreads: number }

/** The refusals of each operation deeper, with more aliases, costlier, with more fields or spreads than the limits (0: no limit). */
export function operationLimitErrors(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): GraphQLError[] {
  const { maxDepth, maxAliases, maxCost, maxFields, maxFragmentSpreads } = limits;
  const errors: GraphQLError[] = [];
  for (const [operation, shape] of operationShapes(schema, document)) {
    const name = operation.name ? ` ${operation.name.value}` : '';
    const refuse = (code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) =>
      errors.push(new GraphQLError(message, { nodes: [operation], extensions: { code, ...extensions } }));
    if (maxDepth && shape.depth > maxDepth) refuse(ErrorCode.MaxDepthExceeded, `Operation${name} is ${shape.depth} fields deep, more than the maximum depth of ${maxDepth}.`);
    if (maxAliases && shape.aliases > maxAliases) refuse(ErrorCode.MaxAliasesExceeded, `Operation${name} has ${shape.aliases} aliases, more than the maximum of ${maxAliases}.`);
    if (maxCost && shape.cost > maxCost) {
      refuse(ErrorCode.MaxCostExceeded, `Operation${name} has an estimated cost of ${shape.cost}, more than the maximum of ${maxCost}.`, { cost: { estimated: shape.cost, max: maxCost } });
    }
    if (maxFields && shape.fields > maxFields) {
      refuse(ErrorCode.MaxFieldsExceeded, `Operation${name} selects ${shape.fields} fields once its fragments are expanded, more than the maximum of ${maxFields}.`, { fields: { counted: shape.fields, max: maxFields } });
    }
    if (maxFragmentSpreads && shape.spreads > maxFragmentSpreads) {
      refuse(ErrorCode.MaxFragmentSpreadsExceeded, `Operation${name} spreads fragments ${shape.spreads} times once expanded, more than the maximum of ${maxFragmentSpreads}.`, { spreads: { counted: shape.spreads, max: maxFragmentSpreads } });
    }
  }
  return errors;
}

const SUGGESTION = /\s*Did you mean [\s\S]*$/;

/** The error without its "Did you mean …?" hint, which would reveal the schema to a caller without introspection. */
function withoutSuggestions<E extends GraphQLError | { message: string }>(error: E): E {
  if (!SUGGESTION.test(error.message)) return error;
  const message = error.message.replace(SUGGESTION, '');
  if (!(error instanceof GraphQLError)) return { ...error, message };
  return new GraphQLError(message, {
    nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: error.extensions,
  }) as E;
}

/** Messages of errors that come without a code: graphql-js's, and the runtime's CSRF prevention's. */
const INTROSPECTION_DISABLED = /introspection has been disabled/i;
const TOO_MANY_TOKENS = /Document contains more th(?:an|at) \d+ tokens/;
const CSRF_REFUSED = /^Required CSRF header/;

/**
 * Tokens, depth, aliases, cost, fields and fragment spreads of every document (over HTTP and graphql-ws alike), the codes of
 * refused introspection, and in production no field suggestions in validation errors.
 */
export function useOperationLimits(opts: OperationLimits & { maxTokens: number; production: boolean }): GatewayPlugin {
  const limited = !!(opts.maxDepth || opts.maxAliases || opts.maxCost || opts.maxFields || opts.maxFragmentSpreads);
  return {
    onParse({ parseFn, setParseFn }: { parseFn: typeof parse; setParseFn: (fn: typeof parse) => void }) {
      if (!opts.maxTokens) return;
      setParseFn((source, options) => {
        try {
          return parseFn(source, { ...options, maxTokens: opts.maxTokens });
        } catch (error) {
          if (error instanceof GraphQLError && TOO_MANY_TOKENS.test(error.message)) {
            throw limitError(ErrorCode.MaxTokensExceeded, `The document has more than the maximum of ${opts.maxTokens} tokens.`, 400);
          }
          throw error;
        }
      });
    },
    // Measured before the standard rules run, and refused without running them: nothing that may
    // grow with the expanded document (validation, the query planner) sees an operation over a limit.
    onValidate({ params, setResult }: { params: { schema: GraphQLSchema; documentAST: DocumentNode }; setResult: (errors: GraphQLError[]) => void }) {
      const refused = limited ? operationLimitErrors(params.schema, params.documentAST, opts) : [];
      if (refused.length) setResult(refused);
      return ({ result, setResult }: { result: readonly GraphQLError[]; setResult: (errors: GraphQLError[]) => void }) => {
        if (!result.length) return;
        setResult(result.map((error) => {
          if (INTROSPECTION_DISABLED.test(error.message) && !error.extensions.code) {
            error = new GraphQLError('Introspection is disabled on this gateway.', { nodes: error.nodes, extensions: { code: ErrorCode.IntrospectionDisabled } });
          }
          return opts.production ? withoutSuggestions(error) : error;
        }));
      };
    },
  } as GatewayPlugin;
}

/**
 * Codes for the runtime's errors that come without one (CSRF prevention), and in production no
 * field suggestions in any error of an HTTP response (variables' coercion, subgraphs' errors).
 */
export function useLimitErrorCodes(opts: { production: boolean }): GatewayPlugin {
  type Result = ExecutionResult & { errors?: readonly (GraphQLError | { message: string; extensions?: Record<string, unknown> })[] };
  const mapResult = (result: Result): Result => {
    if (!result?.errors?.length) return result;
    return {
      ...result,
      errors: result.errors.map((error) => {
        if (CSRF_REFUSED.test(error.message) && !error.extensions?.code) {
          error = limitError(ErrorCode.CsrfHeaderRequired, `A GET or a form POST must carry one of the headers ${CSRF_HEADERS.join(', ')} (CSRF prevention).`, 403);
        }
        return opts.production ? withoutSuggestions(error) : error;
      }) as GraphQLError[],
    };
  };
  return {
    onResultProcess({ result, setResult }: { result: unknown; setResult: (r: unknown) => void }) {
      if (Array.isArray(result)) setResult(result.map(mapResult));
      else if (result && typeof result === 'object' && 'errors' in result) setResult(mapResult(result as Result));
    },
  } as GatewayPlugin;
}

// ---------------------------------------------------------------------------------------------
// request size

/** A request body larger than maxBytes is refused with 413, by its Content-Length or, streamed without one, as it arrives. */
export function useRequestSizeLimit(maxBytes: number): GatewayPlugin {
  // the rest of the body is left unread: the connection cannot carry another request
  const tooLarge = () => limitError(ErrorCode.RequestTooLarge, `The request body is larger than the maximum of ${maxBytes} bytes.`, 413, { Connection: 'close' });
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }: {
      request: Request;
      requestParser?: (request: Request) => unknown;
      setRequestParser: (parser: (request: Request) => unknown) => void;
      fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream };
    }) {
      const length = request.headers.get('content-length');
      if (length != null && /^\d+$/.test(length) && Number(length) > maxBytes) throw tooLarge();
      if (!requestParser || !request.body) return;
      const parser = requestParser;
      setRequestParser((req) => {
        if (!req.body) return parser(req);
        let read = 0;
        // a native stream needs the native TransformStream (see graphql-yoga's own body limit)
        const Transform = req.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const body = req.body.pipeThrough(new Transform<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            read += chunk.byteLength;
            if (read > maxBytes) controller.error(tooLarge());
            else controller.enqueue(chunk);
          },
        }));
        return parser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body, duplex: 'half' } as RequestInit));
      });
    },
  } as GatewayPlugin;
}

// ---------------------------------------------------------------------------------------------
// CORS

/** How long a browser may keep an allowed preflight's answer. */
const CORS_MAX_AGE_SECONDS = 600;

/**
 * Browsers of the listed origins (exact `scheme://host[:port]`) may call the gateway with
 * credentials; any other origin gets no CORS header at all, so a browser keeps its page from
 * reading the answer (and a preflight fails). No list: no cross-origin access. (The runtime's own
 * CORS reflects any origin with credentials when it is given no list, and its one-origin list
 * answers that origin to everyone: it is turned off in server.ts.)
 */
export function useCorsAllowlist(origins: readonly string[]): GatewayPlugin {
  const allowed = new Set(origins);
  const allowedOrigin = (request: Request) => {
    const origin = request.headers.get('origin');
    return origin && allowed.has(origin) ? origin : undefined;
  };
  return {
    onRequest({ request, fetchAPI, endResponse }: { request: Request; fetchAPI: { Response: typeof Response }; endResponse: (response: Response) => void }) {
      // a preflight is answered here; its CORS headers (or none) are added in onResponse
      if (request.method.toUpperCase() === 'OPTIONS') endResponse(new fetchAPI.Response(null, { status: 204, headers: { 'Content-Length': '0' } }));
    },
    onResponse({ request, response }: { request: Request; response: Response }) {
      // the answer differs by origin: a shared cache must not hand one origin's to another
      response.headers.append('Vary', 'Origin');
      const origin = allowedOrigin(request);
      if (!origin) return;
      response.headers.set('Access-Control-Allow-Origin', origin);
      response.headers.set('Access-Control-Allow-Credentials', 'true');
      response.headers.set('Access-Control-Expose-Headers', 'x-request-id, retry-after');
      if (request.method.toUpperCase() !== 'OPTIONS') return;
      response.headers.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      // a listed origin is trusted to send the headers it asks for (authorization, the CSRF ones, a client name)
      const asked = request.headers.get('access-control-request-headers');
      if (asked) {
        response.headers.set('Access-Control-Allow-Headers', asked);
        response.headers.append('Vary', 'Access-Control-Request-Headers');
      }
      response.headers.set('Access-Control-Max-Age', String(CORS_MAX_AGE_SECONDS));
    },
  } as GatewayPlugin;
}

// ---------------------------------------------------------------------------------------------
// malformed requests

/**
 * A request whose parameters do not parse (a GET's `variables` or `extensions` that are not JSON)
 * is the client's mistake: 400 with BAD_REQUEST. The runtime would answer it 500 "Unexpected error".
 */
export function useMalformedRequests(): GatewayPlugin {
  return {
    onRequestParse({ requestParser, setRequestParser }: { requestParser?: (request: Request) => unknown; setRequestParser: (parser: (request: Request) => unknown) => void }) {
      if (!requestParser) return;
      const parser = requestParser;
      const refuse = (error: unknown): never => {
        if (error instanceof GraphQLError || !(error instanceof SyntaxError)) throw error;
        throw limitError(ErrorCode.BadRequest, 'The request\'s parameters are not valid JSON.', 400);
      };
      setRequestParser((request) => {
        try {
          const parsed = parser(request);
          return parsed && typeof (parsed as PromiseLike<unknown>).then === 'function' ? Promise.resolve(parsed).catch(refuse) : parsed;
        } catch (error) {
          return refuse(error);
        }
      });
    },
  } as GatewayPlugin;
}

// ---------------------------------------------------------------------------------------------
// rate limit

/**
 * A token bucket per client: perMinute operations, refilled evenly over the minute, so that a
 * client may spend its minute's allowance at once and then one every 60/perMinute seconds. The
 * buckets are this process's: each gateway instance counts on its own (with REDIS_URL they are
 * shared instead: shared-rate-limit.ts, which falls back to these when Redis does not answer).
 */
export class RateLimiter implements RateLimitBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private sweptAt: number;
  private readonly perMs: number;

  constructor(readonly perMinute: number, private readonly now: () => number = Date.now) {
    this.perMs = perMinute / 60_000;
    this.sweptAt = now();
  }

  /** Takes one operation from the client's allowance: 0 when taken, else the seconds until one is available. */
  take(client: string): number {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1 - 1e-9) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }

  /** A bucket untouched for a minute is full again: forgotten. */
  private sweep(now: number) {
    if (now - this.sweptAt < 60_000) return;
    this.sweptAt = now;
    for (const [client, bucket] of this.buckets) if (now - bucket.at >= 60_000) this.buckets.delete(client);
  }
}

interface ClientContext {
  jwt?: { payload?: { sub?: unknown } };
  /** the HTTP request, or over graphql-ws the upgrade request (server.ts puts it in the context) */
  req?: { socket?: { remoteAddress?: string } };
  request?: Request;
}

/** A signed-in caller by the verified token's subject; anyone else by the address the connection comes from. */
function clientOf(context: ClientContext): string {
  const sub = context.jwt?.payload?.sub;
  if (typeof sub === 'string' && sub) return `sub:${sub}`;
  return `ip:${context.req?.socket?.remoteAddress ?? 'unknown'}`;
}

/**
 * perMinute operations per client (0: no limit); beyond it 429 with Retry-After and RATE_LIMITED.
 * Over HTTP a request is counted before its body is read, after the JWT plugin has verified the
 * token; over graphql-ws each operation is counted when its context is built.
 */
export function useRateLimit(perMinute: number, buckets: RateLimitBuckets = new RateLimiter(perMinute)): GatewayPlugin {
  const counted = new WeakSet<object>();
  const refuseAfter = (retryAfter: number) => {
    if (retryAfter) {
      throw limitError(ErrorCode.RateLimited, `Too many requests: at most ${perMinute} a minute; try again in ${retryAfter} s.`, 429, { 'Retry-After': String(retryAfter) });
    }
  };
  // the local buckets answer at once, the shared ones (Redis) later
  const take = (context: ClientContext): void | Promise<void> => {
    const retryAfter = buckets.take(clientOf(context));
    return typeof retryAfter === 'number' ? refuseAfter(retryAfter) : retryAfter.then(refuseAfter);
  };
  return {
    onRequestParse({ request, serverContext }: { request: Request; serverContext: ClientContext }) {
      counted.add(request);
      return take(serverContext);
    },
    onContextBuilding({ context }: { context: ClientContext }) {
      if (context.request && counted.has(context.request)) return;
      return take(context);
    },
  } as GatewayPlugin;
}

// ---------------------------------------------------------------------------------------------
// trusted operations

/**
 * A manifest of trusted operations: a JSON object of id → document, or Apollo's persisted query
 * manifest ({ operations: [{ id, body }] }). Every document must parse.
 */
export function loadTrustedOperations(file: string): Map<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`trusted operations ${file}: ${(error as Error).message}`);
  }
  const entries: [unknown, unknown][] = raw && typeof raw === 'object' && Array.isArray((raw as { operations?: unknown }).operations)
    ? (raw as { operations: { id?: unknown; body?: unknown }[] }).operations.map((o) => [o?.id, o?.body])
    : raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.entries(raw) : [];
  if (!entries.length) throw new Error(`trusted operations ${file}: expected a JSON object of id → document with at least one operation`);
  const operations = new Map<string, string>();
  const problems: string[] = [];
  for (const [id, body] of entries) {
    if (typeof id !== 'string' || !id || typeof body !== 'string') {
      problems.push(`an entry ${JSON.stringify(id)} is not a string id with a string document`);
      continue;
    }
    try {
      parse(body);
    } catch (error) {
      problems.push(`${id}: ${(error as Error).message}`);
      continue;
    }
    operations.set(id, body);
  }
  if (problems.length) throw new Error(`trusted operations ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return operations;
}

/**
 * The runtime's persisted documents, from the manifest: a client sends the id (`documentId`, or
 * Apollo's `extensions.persistedQuery.sha256Hash`) and variables; a document is refused.
 */
export function trustedDocuments(operations: Map<string, string>) {
  return {
    getPersistedOperation: (id: string) => operations.get(id) ?? null,
    allowArbitraryDocuments: false,
    customErrors: {
      persistedQueryOnly: { message: 'Only trusted operations are executed here: send the id of an operation of the manifest (documentId), not a document.', extensions: { code: ErrorCode.TrustedOperationRequired, http: { status: 400 } } },
      keyNotFound: { message: 'Only trusted operations are executed here: send the id of an operation of the manifest (documentId).', extensions: { code: ErrorCode.TrustedOperationRequired, http: { status: 400 } } },
      notFound: { message: 'No trusted operation has this id.', extensions: { code: ErrorCode.UnknownTrustedOperation, http: { status: 400 } } },
    },
  };
}
