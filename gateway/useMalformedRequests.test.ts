import { GraphQLError } from 'graphql';
import { useMalformedRequests } from './useMalformedRequests';

/** What the plugin makes of a parser that fails with `error`. */
async function outcome(error: Error, async = false): Promise<unknown> {
  let parser: (r: Request) => unknown = () => (async ? Promise.reject(error) : (() => { throw error; })());
  (useMalformedRequests() as any).onRequestParse({ requestParser: parser, setRequestParser: (p: typeof parser) => { parser = p; } });
  try {
    await parser(new Request('http://gateway/graphql?variables={'));
    return 'parsed';
  } catch (e) {
    return e instanceof GraphQLError ? e.extensions : (e as Error).message;
  }
}

describe('malformed requests', () => {
  it("answers parameters that are not JSON with 400 BAD_REQUEST, not the runtime's 500", async () => {
    const badRequest = { code: 'BAD_REQUEST', http: { status: 400 } };
    expect(await outcome(new SyntaxError('Unexpected end of JSON input'))).toEqual(badRequest);
    expect(await outcome(new SyntaxError('Unexpected end of JSON input'), true)).toEqual(badRequest);
  });

  it('lets any other failure through as it is', async () => {
    expect(await outcome(new Error('socket hang up'))).toBe('socket hang up');
  });
});
