import { GraphQLError } from 'graphql';
import { ErrorCode } from '../platform/errors';

/*
 * The gateway's limits on what one client may ask, one plugin per limit (use<Limit>.ts), beside the
 * runtime's own features (disabled introspection, CSRF prevention, persisted documents, which
 * server.ts configures). Every refusal is a GraphQL error with a code of ErrorCode's "gateway
 * limits" section, made here.
 */

/** A refusal of a gateway limit: its code, and the HTTP status (and headers) it is answered with. */
export const limitError = (code: ErrorCode, message: string, status: number, headers?: Record<string, string>) =>
  new GraphQLError(message, { extensions: { code, http: { status, ...(headers ? { headers } : {}) } } });

const SUGGESTION = /\s*Did you mean [\s\S]*$/;

/** The error without its "Did you mean …?" hint, which would reveal the schema to a caller without introspection. */
export function withoutSuggestions<E extends GraphQLError | { message: string }>(error: E): E {
  if (!SUGGESTION.test(error.message)) return error;
  const message = error.message.replace(SUGGESTION, '');
  if (!(error instanceof GraphQLError)) return { ...error, message };
  return new GraphQLError(message, {
    nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions: error.extensions,
  }) as E;
}
