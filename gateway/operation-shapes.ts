import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLSchema,
  GraphQLType,
  isCompositeType,
  isListType,
  isNamedType,
  isUnionType,
  Kind,
  OperationDefinitionNode,
  OperationTypeNode,
  SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../platform/errors';

/*
 * Depth, aliases, cost, fields and fragment spreads of a document, and the refusals of the
 * operations over the limits: plain functions of the schema and the document (useOperationLimits.ts
 * calls them before validation).
 */

/** The cost estimate assumes this many items in every list. */
export const ASSUMED_LIST_SIZE = 10;
/** What a mutation's root field adds to the cost estimate, beside what it selects. */
export const MUTATION_COST = 10;

/** What one operation asks for, fragments expanded. */
export interface Shape {
  /** a root field is 1 deep */
  depth: number;
  aliases: number;
  /** estimated objects returned (see operationShapes) */
  cost: number;
  /** every field of the expanded selection: scalars, __typename and introspection fields too */
  fields: number;
  /** fragment spreads, each counted every time it is expanded */
  spreads: number;
}
const NOTHING: Shape = { depth: 0, aliases: 0, cost: 0, fields: 0, spreads: 0 };

/**
 * Counts stop growing here: a fragment bomb of a thousand levels (2^1000 fields) is measured as
 * this many rather than as Infinity (or NaN, once multiplied), and every limit refuses it.
 */
export const SATURATED = Number.MAX_SAFE_INTEGER;
const sat = (n: number) => (n > SATURATED || Number.isNaN(n) ? SATURATED : n);

/**
 * Depth, aliases, estimated cost, fields and fragment spreads of each operation, fragments counted
 * where they are spread, all before anything is validated, planned or executed.
 *
 * Linear in the document: each fragment is measured once (memoised by name) and its numbers are
 * added wherever it is spread, so that a fragment bomb (Fi spreading F(i-1) twice) is measured in
 * as many steps as it has fragments, never by expanding it. (The query planner does expand it:
 * 2^18 fields took it 4 s, 2^20 about 20 s and 870 MB.)
 *
 * The cost: a field returning an object costs 1, a scalar nothing; a field returning a list
 * multiplies its own cost and everything selected under it by ASSUMED_LIST_SIZE (per level of
 * list); a mutation's root field adds MUTATION_COST. Branches on abstract types are added up.
 * (The runtime's demand control is not used: in 2.12.1 it gives a non-null list, [T!]! as this
 * schema declares them, no list factor, and it checks each subgraph request as it is sent, so a
 * mutation may already have run when a later fetch is refused.)
 *
 * Introspection fields (__schema, __type) cost nothing and are not counted in the depth:
 * introspection has its own switch, and GraphiQL's introspection query is deeper than any real
 * operation. They are fields, though, and count as such.
 */
export function operationShapes(schema: GraphQLSchema, document: DocumentNode): Map<OperationDefinitionNode, Shape> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fragmentShapes = new Map<string, Shape>();
  const visiting = new Set<string>();
  const typeNamed = (name: string | undefined, fallback?: GraphQLCompositeType) => {
    const type = name ? schema.getType(name) : fallback;
    return type && isCompositeType(type) ? type : undefined;
  };
  const fragmentShape = (name: string): Shape => {
    const known = fragmentShapes.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // unknown fragments and cycles are refused by the standard validation rules
    if (!fragment || visiting.has(name)) return NOTHING;
    visiting.add(name);
    const shape = selectionShape(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value));
    visiting.delete(name);
    fragmentShapes.set(name, shape);
    return shape;
  };
  const selectionShape = (set: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined, mutationRoot = false): Shape => {
    const sum = { ...NOTHING };
    for (const selection of set?.selections ?? []) {
      let inner: Shape;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const alias = selection.alias ? 1 : 0;
        if (name === '__schema' || name === '__type') {
          const nested = selectionShape(selection.selectionSet, undefined);
          inner = { depth: 0, aliases: sat(alias + nested.aliases), cost: 0, fields: sat(1 + nested.fields), spreads: nested.spreads };
        } else {
          const field = parent && !isUnionType(parent) ? parent.getFields()[name] : undefined;
          let lists = 0;
          for (let type: GraphQLType | undefined = field?.type; type && !isNamedType(type); type = type.ofType) if (isListType(type)) lists++;
          const named = field ? getNamedType(field.type) : undefined;
          const composite = named && isCompositeType(named) ? named : undefined;
          const nested = selectionShape(selection.selectionSet, composite);
          inner = {
            depth: 1 + nested.depth,
            aliases: sat(alias + nested.aliases),
            cost: sat(sat(((composite ? 1 : 0) + nested.cost) * ASSUMED_LIST_SIZE ** lists) + (mutationRoot ? MUTATION_COST : 0)),
            fields: sat(1 + nested.fields),
            spreads: nested.spreads,
          };
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionShape(selection.selectionSet, typeNamed(selection.typeCondition?.name.value, parent), mutationRoot);
      } else {
        const spread = fragmentShape(selection.name.value);
        inner = { ...spread, spreads: sat(1 + spread.spreads) };
      }
      sum.depth = Math.max(sum.depth, inner.depth);
      sum.aliases = sat(sum.aliases + inner.aliases);
      sum.cost = sat(sum.cost + inner.cost);
      sum.fields = sat(sum.fields + inner.fields);
      sum.spreads = sat(sum.spreads + inner.spreads);
    }
    return sum;
  };
  const shapes = new Map<OperationDefinitionNode, Shape>();
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    shapes.set(d, selectionShape(d.selectionSet, schema.getRootType(d.operation) ?? undefined, d.operation === OperationTypeNode.MUTATION));
  }
  return shapes;
}

export interface OperationLimits { maxDepth: number; maxAliases: number; maxCost: number; maxFields: number; maxFragmentSpreads: number }

/** The refusals of each operation deeper, with more aliases, costlier, with more fields or spreads than the limits (0: no limit). */
export function operationLimitErrors(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits): GraphQLError[] {
  const { maxDepth, maxAliases, maxCost, maxFields, maxFragmentSpreads } = limits;
  const errors: GraphQLError[] = [];
  for (const [operation, shape] of operationShapes(schema, document)) {
    const name = operation.name ? ` ${operation.name.value}` : '';
    const refuse = (code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) =>
      errors.push(new GraphQLError(message, { nodes: [operation], extensions: { code, ...extensions } }));
    if (maxDepth && shape.depth > maxDepth) refuse(ErrorCode.MaxDepthExceeded, `Operation${name} is ${shape.depth} fields deep, more than the maximum depth of ${maxDepth}.`);
    if (maxAliases && shape.aliases > maxAliases) refuse(ErrorCode.MaxAliasesExceeded, `Operation${name} has ${shape.aliases} aliases, more than the maximum of ${maxAliases}.`);
    if (maxCost && shape.cost > maxCost) {
      refuse(ErrorCode.MaxCostExceeded, `Operation${name} has an estimated cost of ${shape.cost}, more than the maximum of ${maxCost}.`, { cost: { estimated: shape.cost, max: maxCost } });
    }
    if (maxFields && shape.fields > maxFields) {
      refuse(ErrorCode.MaxFieldsExceeded, `Operation${name} selects ${shape.fields} fields once its fragments are expanded, more than the maximum of ${maxFields}.`, { fields: { counted: shape.fields, max: maxFields } });
    }
    if (maxFragmentSpreads && shape.spreads > maxFragmentSpreads) {
      refuse(ErrorCode.MaxFragmentSpreadsExceeded, `Operation${name} spreads fragments ${shape.spreads} times once expanded, more than the maximum of ${maxFragmentSpreads}.`, { spreads: { counted: shape.spreads, max: maxFragmentSpreads } });
    }
  }
  return errors;
}
