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
  // The runtime's parse cache hands the same document object to every request with the same text:
  // one found within the limits (for this schema) is not measured again. A refused one is, each
  // time, so every refusal gets errors of its own.
  const withinLimits = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>();
  const refusalsOf = (schema: GraphQLSchema, document: DocumentNode): GraphQLError[] => {
    let passed = withinLimits.get(schema);
    if (passed?.has(document)) return [];
    const refused = operationLimitErrors(schema, document, opts);
    if (!refused.length) {
      if (!passed) withinLimits.set(schema, (passed = new WeakSet()));
      passed.add(document);
    }
    return refused;
  };
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
      const refused = limited ? refusalsOf(params.schema, params.documentAST) : [];
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
