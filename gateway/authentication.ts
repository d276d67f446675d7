import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { ExecutionResult, GraphQLError } from 'graphql';
import jsonwebtoken, { JwtPayload } from 'jsonwebtoken';
import { HubConfig, JWT_MAX_LIFETIME_DEFAULT } from '../platform/config';
import { ErrorCode } from '../platform/errors';
import { connectionToken } from './ws-authentication';

/** How far a token's iat may be ahead of this clock (the identity provider's clock may run ahead). */
export const CLOCK_SKEW_SECONDS = 60;

/** A verified token, as the context carries it (`context.jwt`) and the subgraphs get its payload. */
export interface VerifiedToken {
  payload: JwtPayload & { exp: number };
  token: { value: string; prefix?: string };
}

/** Why the hub does not take a token: the error the client gets, over HTTP with 401. */
export function authenticationError(code: ErrorCode.TokenExpired | ErrorCode.InvalidToken, message: string): GraphQLError {
  // RFC 6750 3.1: a refused bearer token is answered with WWW-Authenticate
  return new GraphQLError(message, {
    extensions: { code, http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } },
  });
}

const invalid = (message: string) => authenticationError(ErrorCode.InvalidToken, message);

/**
 * Verifies tokens by the hub's rules: the signature (HS256 secret or RS256 key, made into a key
 * once: jsonwebtoken would otherwise try to parse a string secret as a public key on every call),
 * issuer and audience when configured, and exp: required, not passed; iat not ahead of this clock
 * by more than CLOCK_SKEW_SECONDS; and a lifetime (exp - iat, or exp - now without iat) of at most
 * maxLifetimeSeconds. Throws the coded error the client gets.
 */
export function tokenVerifier(jwt: HubConfig['jwt']): (token: string, nowMs?: number) => VerifiedToken['payload'] {
  const key: KeyObject = jwt.publicKey ? createPublicKey(jwt.publicKey) : createSecretKey(Buffer.from(jwt.secret ?? '', 'utf8'));
  const algorithms: jsonwebtoken.Algorithm[] = [jwt.publicKey ? 'RS256' : 'HS256'];
  const maxLifetime = jwt.maxLifetimeSeconds ?? JWT_MAX_LIFETIME_DEFAULT;
  return (token, nowMs = Date.now()) => {
    const now = Math.floor(nowMs / 1000);
    let payload: string | JwtPayload;
    try {
      payload = jsonwebtoken.verify(token, key, { algorithms, issuer: jwt.issuer, audience: jwt.audience, clockTimestamp: now });
    } catch (error) {
      // jsonwebtoken checks the signature first: only a genuine token is told it expired
      if (error instanceof jsonwebtoken.TokenExpiredError) throw authenticationError(ErrorCode.TokenExpired, `The token expired at ${error.expiredAt.toISOString()}; sign in again`);
      throw invalid(`The token is not valid: ${(error as Error).message}`);
    }
    if (typeof payload !== 'object' || payload === null) throw invalid('The token is not valid: its payload is not a JSON object');
    if (typeof payload.exp !== 'number') throw invalid('The token is not valid: it has no exp (expiry)');
    if (payload.iat !== undefined && typeof payload.iat !== 'number') throw invalid('The token is not valid: its iat is not a time');
    if (payload.iat !== undefined && payload.iat > now + CLOCK_SKEW_SECONDS) throw invalid('The token is not valid: its iat (issued at) is in the future');
    const lifetime = payload.exp - (payload.iat ?? now);
    if (lifetime > maxLifetime) throw invalid(`The token is not valid: its lifetime (${lifetime} s) is longer than the ${maxLifetime} s the hub takes`);
    return payload as VerifiedToken['payload'];
  };
}

/** The token of an Authorization header ("Bearer <token>"); anything else there is refused, not ignored. */
function bearerToken(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/.exec(header);
  if (!match) throw invalid('The Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Over graphql-ws the error goes in the operation's result: HTTP status and headers mean nothing there. */
function withoutHttp(error: unknown): unknown {
  if (!(error instanceof GraphQLError) || !error.extensions.http) return error;
  const { http: _http, ...extensions } = error.extensions;
  return new GraphQLError(error.message, { extensions });
}

interface AuthContext {
  jwt?: VerifiedToken;
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

/**
 * The gateway's authentication: the caller's token (the Authorization header over HTTP; over
 * graphql-ws that of the upgrade request, else `connectionParams.token`) is verified by the hub's
 * rules and refused with a coded error (TOKEN_EXPIRED, INVALID_TOKEN) whatever the operation.
 * Without a token the caller is anonymous: the subgraphs answer UNAUTHENTICATED where an identity
 * is needed. The verified payload goes to every subgraph in extensions.jwt (signed with the rest
 * of the request, gateway/server.ts), and the context keeps it as `jwt` for the rate limit.
 */
export function useAuthentication(jwt: HubConfig['jwt']): GatewayPlugin {
  const verify = tokenVerifier(jwt);
  const verified = (value: string): VerifiedToken => ({ payload: verify(value), token: { value, prefix: 'Bearer' } });
  return {
    // over HTTP, before the body is read (and before the rate limit, which counts by the token's sub)
    onRequestParse({ request, serverContext }: { request: Request; serverContext: AuthContext }) {
      const token = bearerToken(request.headers.get('authorization'));
      if (token) serverContext.jwt = verified(token);
    },
    // over graphql-ws, for each operation: a token that expired meanwhile is refused
    onContextBuilding({ context, extendContext }: { context: AuthContext; extendContext: (extension: Partial<AuthContext>) => void }) {
      if (context.jwt) return;
      try {
        // connectionParams.token, .Authorization or .headers.Authorization, else the upgrade's header (ws-authentication.ts)
        const token = context.connectionParams ? connectionToken(context.connectionParams, context.request?.headers.get('authorization'))
          : bearerToken(context.request?.headers.get('authorization'));
        if (token) extendContext({ jwt: verified(token) });
      } catch (error) {
        throw withoutHttp(error);
      }
    },
    // a subscription (graphql-ws or SSE) lasts as long as its token: at exp it ends with TOKEN_EXPIRED,
    // and the client subscribes again with a fresh token and after: its last cursor
    onSubscribe({ args }: { args: { contextValue: AuthContext } }) {
      const exp = args.contextValue.jwt?.payload.exp;
      if (exp === undefined) return undefined;
      return {
        onSubscribeResult({ result, setResult }: { result: unknown; setResult: (result: AsyncIterable<ExecutionResult>) => void }) {
          if (isAsyncIterable(result)) setResult(endingAt(result as AsyncIterable<ExecutionResult>, exp * 1000, () => tokenExpiredEvent(exp)));
        },
      };
    },
    onSubgraphExecute({ executionRequest, setExecutionRequest }: { executionRequest: { context?: AuthContext; extensions?: Record<string, unknown> }; setExecutionRequest: (request: unknown) => void }) {
      const payload = executionRequest.context?.jwt?.payload;
      if (!payload) return;
      setExecutionRequest({ ...executionRequest, extensions: { ...executionRequest.extensions, jwt: { payload } } });
    },
  } as GatewayPlugin;
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  !!value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';

function tokenExpiredEvent(exp: number): ExecutionResult {
  const at = new Date(exp * 1000).toISOString();
  return { errors: [new GraphQLError(`The token expired at ${at}; subscribe again with a fresh token and after: the cursor of the last event received`, { extensions: { code: ErrorCode.TokenExpired } })] };
}

/**
 * The events of `source` until `atMs`; then `last()` as the final event, and the source is let go
 * (its upstream subscription ends). An event racing the deadline is not lost to the client: it was
 * not delivered, so the cursor the client resumes after is before it. Nothing is kept per event
 * (a Promise.race against one long-lived expiry promise would keep a reaction per event until the
 * token expires: hours of a busy subscription's events, times every subscriber).
 */
export function endingAt<T>(source: AsyncIterable<T>, atMs: number, last: () => T): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let state: 'running' | 'expired' | 'done' = 'running';
  // the next() waiting on the source, if any: at the deadline it is answered with last() instead
  let waiting: { resolve: (step: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  const letGo = () => {
    clearTimeout(timer);
    // not awaited: a source may settle its pending next() only after return()
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  };
  const timer = setTimeout(() => {
    if (state !== 'running') return;
    letGo();
    state = 'expired';
    if (!waiting) return;
    const answer = waiting;
    waiting = undefined;
    state = 'done';
    answer.resolve({ value: last(), done: false });
  }, Math.max(0, atMs - Date.now()));
  const end = () => {
    if (state === 'running') letGo();
    state = 'done';
    const pending = waiting;
    waiting = undefined;
    return pending;
  };
  return {
    [Symbol.asyncIterator]() { return this; },
    next(): Promise<IteratorResult<T>> {
      if (state === 'done') return Promise.resolve({ value: undefined, done: true });
      if (state === 'expired') {
        state = 'done';
        return Promise.resolve({ value: last(), done: false });
      }
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        const mine = { resolve, reject };
        waiting = mine;
        iterator.next().then((step) => {
          if (waiting !== mine) return; // answered at the deadline, or let go
          waiting = undefined;
          if (step.done) {
            clearTimeout(timer);
            state = 'done';
          }
          resolve(step);
        }, (error) => {
          if (waiting !== mine) return;
          waiting = undefined;
          clearTimeout(timer);
          state = 'done';
          reject(error);
        });
      });
    },
    async return(): Promise<IteratorResult<T>> {
      end()?.resolve({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<T>> {
      end()?.resolve({ value: undefined, done: true });
      throw error;
    },
  };
}
