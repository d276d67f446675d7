import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors';

/**
 * What a client may see of an error. The hub's own coded errors pass as they are; an error of the
 * database or its driver becomes a coded error in the hub's words (the driver's text names tables,
 * types and values, and helps only an attacker); anything else unexpected is INTERNAL_SERVER_ERROR
 * with a neutral message, and the whole error goes to the log.
 */

/** Data exceptions (SQLSTATE class 22): a value the database cannot take, sent by the client. */
const DATA_EXCEPTION = /^22/;
/** Connection exceptions (08), operator intervention (57P01-57P05: shutdown, cannot connect now), insufficient resources (53): the database is away or full. */
const UNAVAILABLE_STATE = /^(08|57P0|53)/;
const QUERY_CANCELED = '57014';
const UNAVAILABLE_SYSCALL = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What pg and its pool say, without a code, when a connection cannot be had or is lost. */
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Connection ended unexpectedly|connect ECONNREFUSED|Client has encountered a connection error|the database system is (starting up|shutting down|in recovery mode)|Driver not Connected/i;

interface DriverErrorLike { code?: unknown; message?: unknown; severity?: unknown; driverError?: unknown; cause?: unknown }

/** The hub's code for an error of the database or its driver, or undefined for any other error. */
export function databaseErrorCode(error: unknown): ErrorCode.InvalidArgument | ErrorCode.DatabaseUnavailable | undefined {
  for (let e = error as DriverErrorLike | undefined, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    // a SQLSTATE comes with a severity; a system call's code with none
    if (code && typeof e.severity === 'string') {
      if (DATA_EXCEPTION.test(code)) return ErrorCode.InvalidArgument;
      if (UNAVAILABLE_STATE.test(code) || code === QUERY_CANCELED) return ErrorCode.DatabaseUnavailable;
    }
    if (code && UNAVAILABLE_SYSCALL.has(code)) return ErrorCode.DatabaseUnavailable;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return ErrorCode.DatabaseUnavailable;
    e = (e.driverError ?? e.cause) as DriverErrorLike | undefined;
  }
  return undefined;
}

const MESSAGES: Record<ErrorCode.InvalidArgument | ErrorCode.DatabaseUnavailable, string> = {
  [ErrorCode.InvalidArgument]: 'An argument holds a value the hub cannot take (out of range, or not of its type)',
  [ErrorCode.DatabaseUnavailable]: "The hub's database is unavailable; nothing was recorded by this request, try again later",
};

/** The original error behind a GraphQL error (a resolver's throw is wrapped once, sometimes twice). */
function originalOf(error: unknown): unknown {
  let e = error;
  while (e instanceof GraphQLError && e.originalError && e.originalError !== e) e = e.originalError;
  return e;
}

export interface PublicErrorOptions {
  /** logs an error the client is not shown, with what it was */
  log: (error: unknown, code: string) => void;
}

/**
 * The formatted error a client gets. `formatted` is what GraphQL would send; `error` the error
 * thrown (Apollo Server's formatError arguments).
 */
export function publicError(formatted: GraphQLFormattedError, error: unknown, opts: PublicErrorOptions): GraphQLFormattedError {
  const original = originalOf(error);
  const given = formatted.extensions?.code;
  const hubCode = original instanceof GraphQLError ? original.extensions?.code : undefined;
  // the hub's own errors, and GraphQL's (parse, validation, variables), speak for themselves
  if (typeof given === 'string' && given !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (typeof hubCode === 'string' && hubCode !== 'INTERNAL_SERVER_ERROR') return { ...formatted, extensions: { ...formatted.extensions, code: hubCode } };
  const database = databaseErrorCode(original);
  opts.log(original, database ?? 'INTERNAL_SERVER_ERROR');
  const { extensions: _internal, ...rest } = formatted;
  if (database) return { ...rest, message: MESSAGES[database], extensions: { code: database } };
  return { ...rest, message: 'An internal error occurred; it has been logged', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
