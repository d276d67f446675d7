import { GraphQLError } from 'graphql';
import { withoutSuggestions } from './limit-error';
import { useLimitErrorCodes } from './useLimitErrorCodes';

/** The errors of a result once the plugin has processed it. */
function processed(production: boolean, ...errors: (GraphQLError | { message: string })[]): unknown[] {
  let result: any = { errors };
  (useLimitErrorCodes({ production }) as any).onResultProcess({ result, setResult: (r: unknown) => { result = r; } });
  return result.errors.map((e: GraphQLError) => ({ message: e.message, code: (e as GraphQLError).extensions?.code }));
}

describe("codes for the runtime's uncoded refusals, and no field suggestions in production", () => {
  it("gives the runtime's CSRF refusal a code and 403", () => {
    const [error] = processed(false, new GraphQLError('Required CSRF header(s) not present')) as { code: string }[];
    expect(error.code).toBe('CSRF_HEADER_REQUIRED');
  });

  it('removes "Did you mean …?" in production, keeping the code', () => {
    const suggested = new GraphQLError('Cannot query field "aplication" on type "Query". Did you mean "application"?', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(processed(true, suggested)).toEqual([{ message: 'Cannot query field "aplication" on type "Query".', code: 'GRAPHQL_VALIDATION_FAILED' }]);
    expect(processed(false, suggested)).toEqual([{ message: suggested.message, code: 'GRAPHQL_VALIDATION_FAILED' }]);
  });

  it('removes suggestions from plain error objects too', () => {
    expect(withoutSuggestions({ message: 'Unknown type "Stag". Did you mean "Stage"?' })).toEqual({ message: 'Unknown type "Stag".' });
  });
});
