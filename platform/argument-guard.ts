import { ArgumentNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';
import { ErrorCode, hubError } from './errors';

/**
 * Text PostgreSQL cannot store as it was sent: a NUL character (the server refuses it, "invalid
 * byte sequence") or a lone surrogate (the driver would silently store U+FFFD instead). Such an
 * argument is refused before any resolver runs, naming the argument's path (`input.recipient.name`),
 * so that nothing is half-done and no driver text reaches the client.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point: PostgreSQL refuses it
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** True when no string anywhere inside the JSON value holds unstorable text. */
export function isStorableValue(value: unknown): boolean {
  return inValue(value, '') === undefined;
}

/** The dotted path of the first unstorable string inside a JSON value, if any. */
function inValue(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isStorable(value) ? undefined : path;
  if (Array.isArray(value)) {
    // a list item by its index, as the hub names fields elsewhere (input.attachments.0.documentType)
    for (const [i, item] of value.entries()) {
      const found = inValue(item, `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = inValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** The same, inside a value written in the document (literals, or variables within an input object). */
function inLiteral(node: ValueNode, path: string, variables: Record<string, unknown>): string | undefined {
  switch (node.kind) {
    case Kind.STRING: return isStorable(node.value) ? undefined : path;
    case Kind.VARIABLE: return inValue(variables[node.name.value], path);
    case Kind.LIST:
      for (const [i, item] of node.values.entries()) {
        const found = inLiteral(item, `${path}.${i}`, variables);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = inLiteral(field.value, `${path}.${field.name.value}`, variables);
        if (found) return found;
      }
      return undefined;
    default: return undefined;
  }
}

function inArguments(args: readonly ArgumentNode[] | undefined, variables: Record<string, unknown>): string | undefined {
  for (const arg of args ?? []) {
    const found = inLiteral(arg.value, arg.name.value, variables);
    if (found) return found;
  }
  return undefined;
}

function inSelections(set: SelectionSetNode | undefined, variables: Record<string, unknown>, fragments: Map<string, SelectionSetNode>, seen: Set<string>): string | undefined {
  for (const selection of set?.selections ?? []) {
    let found: string | undefined;
    if (selection.kind === Kind.FIELD) {
      found = inArguments(selection.arguments, variables) ?? inSelections(selection.selectionSet, variables, fragments, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found = inSelections(selection.selectionSet, variables, fragments, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      found = inSelections(fragments.get(selection.name.value), variables, fragments, seen);
    }
    if (found) return found;
  }
  return undefined;
}

/**
 * The error for an operation whose arguments hold text the database cannot store, or undefined.
 * Linear in the document: each fragment is walked once.
 */
export function unstorableArgument(operation: OperationDefinitionNode, fragments: Map<string, SelectionSetNode>, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  const field = inSelections(operation.selectionSet, variables ?? {}, fragments, new Set());
  if (!field) return undefined;
  return hubError(ErrorCode.InvalidArgument, `${field} holds a NUL character or malformed Unicode text, which cannot be stored`, field);
}
