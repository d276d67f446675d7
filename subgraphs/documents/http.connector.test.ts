import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { HttpConnector } from './http.connector';
import { DocumentTypeDefinition, ResolvedSource } from './source.registry';

let server: Server;
let url: string;
let answer: (req: IncomingMessage, res: ServerResponse, body: any) => void;
let active = 0;
let peak = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      active++;
      peak = Math.max(peak, active);
      res.on('close', () => { active--; });
      answer(req, res, JSON.parse(Buffer.concat(chunks).toString() || '{}'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/documents`;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

const source = (overrides: Partial<ResolvedSource> = {}): ResolvedSource => ({
  code: 'TEST_SERVICE', nameRu: 'test', ownerBin: '121240003216', connector: 'http', timeoutMs: 300, concurrency: 2, classification: 'OPEN', url, token: 'test-only-token', ...overrides,
});
const type: DocumentTypeDefinition = { code: 'IDENTITY', nameRu: 'i', nameKk: 'i', source: 'TEST_SERVICE', records: 'one', cacheSeconds: 0, classification: 'OPEN' };
const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));

describe("calling a provider's REST service", () => {
  it('posts the document type and every subject at once, with its token, and maps the answer by subject', async () => {
    let seen: any;
    answer = (req, res, body) => { seen = { auth: req.headers.authorization, body }; json(200, { documents: [{ subject: 'a', data: { n: 1 } }] })(req, res); };
    const records = await new HttpConnector(source()).fetch(type, ['a', 'b'], 'req-1');
    expect(seen).toEqual({ auth: 'Bearer test-only-token', body: { documentType: 'IDENTITY', subjects: ['a', 'b'], requestId: 'req-1' } });
    expect(records.get('a')).toEqual({ n: 1 });
    expect(records.has('b')).toBe(false);
  });

  it.each([
    ['not JSON', json(200, 'oops')],
    ['no documents list', json(200, { rows: [] })],
    ['a document without data', json(200, { documents: [{ subject: 'a', data: 'x' }] })],
    ['a subject that was not asked for', json(200, { documents: [{ subject: 'z', data: {} }] })],
  ])('gives SOURCE_MALFORMED for an answer with %s', async (_name, reply) => {
    answer = reply;
    await expect(new HttpConnector(source()).fetch(type, ['a'], 'r')).rejects.toMatchObject({ code: 'SOURCE_MALFORMED' });
  });

  it('gives SOURCE_UNAVAILABLE for an HTTP error or a refused connection', async () => {
    answer = json(503, { error: 'down' });
    await expect(new HttpConnector(source()).fetch(type, ['a'], 'r')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
    await expect(new HttpConnector(source({ url: 'http://127.0.0.1:1/x' })).fetch(type, ['a'], 'r')).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' });
  });

  it('gives SOURCE_TIMEOUT when the answer does not come within the source timeout', async () => {
    answer = (req, res) => setTimeout(() => json(200, { documents: [] })(req, res), 1000);
    await expect(new HttpConnector(source()).fetch(type, ['a'], 'r')).rejects.toMatchObject({ code: 'SOURCE_TIMEOUT' });
  });

  it('makes at most its concurrency limit of calls at a time', async () => {
    peak = 0;
    answer = (req, res) => setTimeout(() => json(200, { documents: [] })(req, res), 50);
    const connector = new HttpConnector(source({ concurrency: 2, timeoutMs: 2000 }));
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((s) => connector.fetch(type, [s], 'r')));
    expect(peak).toBe(2);
  });
});
