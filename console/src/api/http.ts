import { ApiError, problemOf } from './errors';
import { operationPayload } from './operations';

let graphqlPath = '/graphql';
let unauthenticated: (() => void) | undefined;

export function setGraphqlPath(path: string): void {
  graphqlPath = path;
}

/** Called when the hub rejects the token, so the app can send the user back to sign-in. */
export function onUnauthenticated(handler: (() => void) | undefined): void {
  unauthenticated = handler;
}

/** The codes with which the hub refuses the caller's token (or its absence). */
export const AUTHENTICATION_CODES = ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'INVALID_TOKEN'];

/** Tells the app that the hub refused the token elsewhere (a live feed's subscription). */
export function reportUnauthenticated(): void {
  unauthenticated?.();
}

/** ws:// or wss:// like the page, same origin as the HTTP endpoint. */
export function graphqlWsUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${graphqlPath}`;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: unknown[];
}

/**
 * POSTs one operation. Any GraphQL error fails the call: the console's queries are small and a
 * partial answer would show as silently missing data.
 */
export async function gql<T>(token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(graphqlPath, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(operationPayload(query, variables)),
  });
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError([{ code: response.status >= 500 ? 'SUBGRAPH_UNAVAILABLE' : undefined, message: `HTTP ${response.status}` }]);
  }
  if (body.errors?.length) {
    const problems = body.errors.map(problemOf);
    if (problems.some((p) => p.code && AUTHENTICATION_CODES.includes(p.code))) unauthenticated?.();
    throw new ApiError(problems);
  }
  if (!body.data) throw new ApiError([{ message: `HTTP ${response.status}: no data` }]);
  return body.data;
}

/** The console's own REST endpoints, which answer `{ error: { code, message } }` on failure. */
export async function restJson<T>(path: string, init?: { method?: string; token?: string; body?: unknown }): Promise<T> {
  const response = await fetch(path, {
    method: init?.method ?? 'GET',
    headers: {
      ...(init?.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init?.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  if (!response.ok || !body || body.error) {
    throw new ApiError([{ code: body?.error?.code, message: body?.error?.message ?? `HTTP ${response.status}` }]);
  }
  return body as T;
}
