import { GraphQLError } from 'graphql';
import { useRequestSizeLimit } from './useRequestSizeLimit';

const plugin = useRequestSizeLimit(10) as any;
const fetchAPI = { Request, TransformStream };

/** What the plugin's parser makes of a request: the parsed body, or the refusal. */
async function parsed(request: Request): Promise<unknown> {
  let parser = (r: Request) => r.text();
  try {
    plugin.onRequestParse({ request, requestParser: parser, setRequestParser: (p: typeof parser) => { parser = p; }, fetchAPI });
    return await parser(request);
  } catch (error) {
    return (error as GraphQLError).extensions;
  }
}

const tooLarge = { code: 'REQUEST_TOO_LARGE', http: { status: 413, headers: { Connection: 'close' } } };

describe('the request size limit', () => {
  it('refuses a body whose Content-Length is over the limit before reading it', async () => {
    expect(await parsed(new Request('http://gateway/graphql', { method: 'POST', body: '0123456789A', headers: { 'content-length': '11' } }))).toEqual(tooLarge);
  });

  it('refuses a streamed body without Content-Length once it grows over the limit', async () => {
    const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('012345')); c.enqueue(new TextEncoder().encode('6789AB')); c.close(); } });
    expect(await parsed(new Request('http://gateway/graphql', { method: 'POST', body, duplex: 'half' } as RequestInit))).toEqual(tooLarge);
  });

  it('passes a body at the limit', async () => {
    expect(await parsed(new Request('http://gateway/graphql', { method: 'POST', body: '0123456789' }))).toBe('0123456789');
  });
});
