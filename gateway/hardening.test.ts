import { readFileSync } from 'node:fs';
import path from 'node:path';
import { transformSupergraphToPublicSchema } from '@theguild/federation-composition';
import { buildASTSchema, getIntrospectionQuery, GraphQLSchema, parse } from 'graphql';
import { GATEWAY_DEFAULTS } from '../platform/config';
import { repoRoot } from '../platform/paths';
import { operationLimitErrors, operationShapes, SATURATED, Shape } from './hardening';

let schema: GraphQLSchema;
beforeAll(() => {
  const supergraph = parse(readFileSync(path.join(repoRoot(), 'schema', 'supergraph.graphql'), 'utf8'));
  schema = buildASTSchema(transformSupergraphToPublicSchema(supergraph), { assumeValidSDL: true });
});

/** Fragment Fi spreads F(i-1) twice: 2^levels fields once expanded, selected where `at` says. */
function fragmentBomb(levels: number, at = (spread: string) => `{ services { ${spread} } }`, type = 'Service'): string {
  let document = `${at(`...F${levels}`)} fragment F0 on ${type} { __typename }`;
  for (let i = 1; i <= levels; i++) document += ` fragment F${i} on ${type} { ...F${i - 1} ...F${i - 1} }`;
  return document;
}

const shapeOf = (document: string): Shape => [...operationShapes(schema, parse(document, { noLocation: true })).values()][0];

describe('the shape of an operation', () => {
  it('counts every field of the expanded selection: scalars, __typename and fields of fragments where they are spread', () => {
    expect(shapeOf('{ services { code name __typename } }').fields).toBe(4);
    expect(shapeOf('{ services { ...S ...S ... on Service { ...S } } } fragment S on Service { code name }').fields).toBe(1 + 3 * 2);
    expect(shapeOf('{ services { ...S ...S ... on Service { ...S } } } fragment S on Service { code name }').spreads).toBe(3);
  });

  it('measures a fragment bomb without expanding it: 2^30 fields and 2^31 - 1 spreads', () => {
    expect(shapeOf(fragmentBomb(30))).toMatchObject({ fields: 2 ** 30 + 1, spreads: 2 ** 31 - 1, depth: 2 });
  });

  it('saturates numbers too large to count (a bomb of 1100 levels) instead of reaching Infinity or NaN', () => {
    const shape = shapeOf(fragmentBomb(1100));
    expect(shape.fields).toBe(SATURATED);
    expect(shape.spreads).toBe(SATURATED);
    // a list under the saturated fields multiplies the cost: still a number
    const listed = shapeOf(fragmentBomb(1100, (spread) => `{ stageReports { edges { node { application { timeline { ${spread} } } } } } }`, 'StageRecord'));
    expect(Number.isFinite(listed.cost)).toBe(true);
    expect(listed.fields).toBe(SATURATED);
  });

  it('refuses nothing of GraphiQL\'s introspection query with the default limits', () => {
    expect(operationLimitErrors(schema, parse(getIntrospectionQuery()), GATEWAY_DEFAULTS)).toEqual([]);
  });

  it('refuses a bomb with MAX_FIELDS_EXCEEDED and MAX_FRAGMENT_SPREADS_EXCEEDED, naming the counts', () => {
    const errors = operationLimitErrors(schema, parse(fragmentBomb(30)), GATEWAY_DEFAULTS);
    expect(errors.map((e) => e.extensions)).toEqual([
      { code: 'MAX_FIELDS_EXCEEDED', fields: { counted: 2 ** 30 + 1, max: GATEWAY_DEFAULTS.maxFields } },
      { code: 'MAX_FRAGMENT_SPREADS_EXCEEDED', spreads: { counted: 2 ** 31 - 1, max: GATEWAY_DEFAULTS.maxFragmentSpreads } },
    ]);
  });
});
