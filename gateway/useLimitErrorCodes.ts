import { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { ExecutionResult, GraphQLError } from 'graphql';
import { ErrorCode } from '../platform/errors';
import { limitError, withoutSuggestions } from './limit-error';

/** Browsers cannot send these headers without a CORS preflight: one of them makes a GET or a form POST acceptable. */
export const CSRF_HEADERS = ['x-graphql-csrf', 'x-graphql-yoga-csrf', 'apollo-require-preflight'];

/** The message of the runtime's CSRF prevention, which comes without a code. */
const CSRF_REFUSED = /^Required CSRF header/;

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
