import { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { DocumentNode, ExecutionResult, GraphQLError, Kind, SelectionSetNode, ValueNode } from 'graphql';
import { ErrorCode } from '../platform/errors';

/**
 * A code for the errors GraphQL itself makes without one when it coerces an operation's variables
 * ('Variable "$f" got invalid value … at "f.providerBin"', '… was not provided', '… must not be
 * null'): BAD_USER_INPUT, with `field` the path of the argument the variable was given for
 * (`filter.providerBin`), as the hub names fields in its own errors. Parse and validation errors
 * already come coded (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED).
 */
const VARIABLE_ERROR = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" (?:got invalid value [\s\S]*?(?: at "([^"]+)")?;|of required type "[^"]+" was not provided|of non-null type "[^"]+" must not be null)/;

/** Where a variable is used: the argument path (`input`, `filter.providerBin`) of its first use. */
function argumentPathOf(document: DocumentNode | undefined, variable: string): string | undefined {
  if (!document) return undefined;
  const inValue = (node: ValueNode, path: string): string | undefined => {
    if (node.kind === Kind.VARIABLE) return node.name.value === variable ? path : undefined;
    if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) {
        const found = inValue(field.value, `${path}.${field.name.value}`);
        if (found) return found;
      }
    }
    if (node.kind === Kind.LIST) {
      for (const [i, item] of node.values.entries()) {
        const found = inValue(item, `${path}.${i}`);
        if (found) return found;
      }
    }
    return undefined;
  };
  const seen = new Set<SelectionSetNode>();
  const inSelections = (set: SelectionSetNode | undefined): string | undefined => {
    if (!set || seen.has(set)) return undefined;
    seen.add(set);
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        for (const arg of selection.arguments ?? []) {
          const found = inValue(arg.value, arg.name.value);
          if (found) return found;
        }
      }
      const nested = selection.kind === Kind.FRAGMENT_SPREAD ? undefined : inSelections(selection.selectionSet);
      if (nested) return nested;
    }
    return undefined;
  };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    const found = inSelections(definition.selectionSet);
    if (found) return found;
  }
  return undefined;
}

/** The coded form of an uncoded variable error, or the error as it was. */
export function codedVariableError(error: GraphQLError, document?: DocumentNode): GraphQLError {
  if (error.extensions?.code && error instanceof GraphQLError) return error;
  const match = VARIABLE_ERROR.exec(error.message);
  if (!match) return error;
  const [, variable, at] = match;
  const argument = argumentPathOf(document, variable);
  // "f.items[2].subject" inside the variable: the part after its name, indices as the hub writes them
  const inner = at ? at.slice(variable.length).replace(/\[(\d+)\]/g, '.$1') : '';
  const field = argument ? `${argument}${inner}` : undefined;
  return new GraphQLError(error.message, {
    nodes: error.nodes, source: error.source, positions: error.positions, path: error.path,
    extensions: { ...error.extensions, code: ErrorCode.BadUserInput, ...(field ? { field } : {}) },
  });
}

type Result = ExecutionResult & { errors?: readonly GraphQLError[] };
type Thenable = { then(onFulfilled: undefined, onRejected: (error: unknown) => Result): unknown };
const isThenable = (value: unknown): value is Thenable => typeof (value as Thenable | undefined)?.then === 'function';
// the router may throw it from its own copy of graphql: judged by its shape, not its class
const isVariableError = (error: unknown): error is GraphQLError => typeof (error as GraphQLError | undefined)?.message === 'string' && VARIABLE_ERROR.test((error as GraphQLError).message);
type Run = (args: { document: DocumentNode }) => unknown;

/** The router throws a variable error (an AggregateError for several) instead of answering it: answered, coded. */
function answeringVariableErrors(run: Run): Run {
  return (args) => {
    const refused = (error: unknown): Result => {
      const errors = error instanceof AggregateError ? error.errors : [error];
      if (!errors.every(isVariableError)) throw error;
      return { errors: errors.map((e) => codedVariableError(e, args.document)) };
    };
    try {
      const result = run(args);
      return isThenable(result) ? result.then(undefined, refused) : result;
    } catch (error) {
      return refused(error);
    }
  };
}

/** Over HTTP and graphql-ws alike: executions and subscriptions whose variables do not coerce. */
export function useVariableErrorCodes(): GatewayPlugin {
  return {
    onExecute: ({ executeFn, setExecuteFn }: { executeFn: Run; setExecuteFn: (fn: Run) => void }) => setExecuteFn(answeringVariableErrors(executeFn)),
    onSubscribe: ({ subscribeFn, setSubscribeFn }: { subscribeFn: Run; setSubscribeFn: (fn: Run) => void }) => setSubscribeFn(answeringVariableErrors(subscribeFn)),
  } as unknown as GatewayPlugin;
}
