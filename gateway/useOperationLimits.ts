import { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { DocumentNode, GraphQLError, GraphQLSchema, parse } from 'graphql';
import { ErrorCode } from '../platform/errors';
import { limitError, withoutSuggestions } from './limit-error';
import { operationLimitErrors, OperationLimits } from './operation-shapes';

const INTROSPECTION_DISABLED = /introspection has been disabled/i;
const TOO_MANY_TOKENS = /Document contains more th(?:an|at) \d+ tokens/;

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
