import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { ErrorCode } from '../platform/errors';
import { authenticationError } from './authentication';

/** Where graphql-ws clients put a token: each library has its habit (Apollo, urql, graphql-ws's docs). */
type Params = Record<string, unknown> | undefined;

const invalid = (message: string) => authenticationError(ErrorCode.InvalidToken, message);

/** "Bearer <token>" (or, in connectionParams, the token itself); anything else is refused, not ignored. */
function fromAuthorization(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`${where} must be a string`);
  const match = /^Bearer +(\S+) *$/.exec(value);
  if (!match) throw invalid(`${where} must be "Bearer <token>"`);
  return match[1];
}

/** A header of a plain object, whatever its case (clients send Authorization or authorization). */
function header(headers: unknown, name: string): unknown {
  if (!headers || typeof headers !== 'object') return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (headers as Record<string, unknown>)[key];
}

/**
 * The token of a graphql-ws connection, from the first place that has one: `connectionParams.token`
 * (the token itself), `connectionParams.Authorization` / `authorization`, `connectionParams.headers
 * .Authorization` (each "Bearer <token>"), or the upgrade request's Authorization header. A token
 * given in a wrong form is refused (INVALID_TOKEN), never taken as no token at all: a client that
 * meant to sign in must not silently run as anonymous.
 */
export function connectionToken(params: Params, upgradeAuthorization?: string | null): string | undefined {
  const token = params?.token;
  if (token !== undefined && token !== null && token !== '') {
    if (typeof token !== 'string') throw invalid('connectionParams.token must be a string');
    return token.replace(/^Bearer +/, '');
  }
  return fromAuthorization(header(params, 'authorization'), 'connectionParams.Authorization')
    ?? fromAuthorization(header(params?.headers, 'authorization'), 'connectionParams.headers.Authorization')
    ?? fromAuthorization(upgradeAuthorization, 'The Authorization header');
}

/** A WebSocket close reason is at most 123 bytes (RFC 6455 5.5): "<CODE>: <message>", cut to fit. */
export function closeReason(error: unknown): string {
  const code = error instanceof GraphQLError ? String(error.extensions.code ?? ErrorCode.InvalidToken) : ErrorCode.InvalidToken;
  let reason = `${code}: ${error instanceof Error ? error.message : String(error)}`;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/**
 * graphql-ws's onConnect: a connection whose token the hub does not take is closed at once with
 * graphql-ws's Forbidden close code (4403) and the refusal's code and message as the reason, before
 * any operation (an operation's context checks the token again: it may expire while connected).
 */
export function refuseBadTokens(verify: (token: string) => unknown) {
  return (ctx: { connectionParams?: Params; extra: { request: IncomingMessage; socket: { close(code: number, reason: string): void } } }): boolean => {
    try {
      const token = connectionToken(ctx.connectionParams, ctx.extra.request.headers.authorization);
      if (token) verify(token);
      return true;
    } catch (error) {
      ctx.extra.socket.close(CloseCode.Forbidden, closeReason(error));
      return false;
    }
  };
}

/**
 * The request an operation over graphql-ws runs with: the upgrade request's URL and headers, as a
 * POST. The runtime refuses a mutation of a GET request (an HTTP rule against cross-site GETs); a
 * socket's operations are sent in messages, not in a URL, so that rule has nothing to guard there.
 */
export function operationRequest(upgrade: Request, fetchAPI: { Request: typeof Request }): Request {
  const headers = new Headers(upgrade.headers);
  headers.set('content-type', 'application/json');
  return new fetchAPI.Request(upgrade.url, { method: 'POST', headers });
}
