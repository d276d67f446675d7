import { buildSchema, GraphQLError, parse } from 'graphql';
import { useOperationLimits } from './useOperationLimits';

const schema = buildSchema('type Query { a: A } type A { b: A, n: Int }');
const LIMITS = { maxTokens: 0, maxDepth: 3, maxAliases: 0, maxCost: 5, maxFields: 0, maxFragmentSpreads: 0, production: true };

/** The refusals the plugin sets before validation (none: the document goes on to be validated). */
function refusals(plugin: ReturnType<typeof useOperationLimits>, document: ReturnType<typeof parse>, on = schema): GraphQLError[] {
  let set: GraphQLError[] = [];
  (plugin as any).onValidate({ params: { schema: on, documentAST: document }, setResult: (errors: GraphQLError[]) => { set = errors; } });
  return set;
}

describe('operation limits of a document the parse cache hands out again', () => {
  const plugin = useOperationLimits(LIMITS);
  const deep = parse('{ a { b { b { b { n } } } } }');
  const shallow = parse('{ a { b { n } } }');

  it('refuses an over-limit document every time it comes, each time with errors of its own', () => {
    const first = refusals(plugin, deep);
    const second = refusals(plugin, deep);
    expect(first.map((e) => e.extensions.code)).toEqual(['MAX_DEPTH_EXCEEDED']);
    expect(second.map((e) => e.extensions.code)).toEqual(['MAX_DEPTH_EXCEEDED']);
    expect(second[0]).not.toBe(first[0]);
  });

  it('lets a document within the limits through every time, and measures it again against another schema', () => {
    expect(refusals(plugin, shallow)).toEqual([]);
    expect(refusals(plugin, shallow)).toEqual([]);
    // the same text against a schema where it is deeper: measured anew, not taken from the first
    const nested = buildSchema('type Query { a: A } type A { b: [A] n: Int }');
    expect(refusals(plugin, shallow, nested).map((e) => e.extensions.code)).toEqual(['MAX_COST_EXCEEDED']);
  });
});
