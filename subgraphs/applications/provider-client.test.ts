import { createServer, Server } from 'node:http';
import { DeliveryConfig, DEV_PROVIDER_TOKEN } from '../../platform/config';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { postToProvider } from './provider-client';

const config: DeliveryConfig = { maxAttempts: 3, maxAgeSeconds: 3600, probeSeconds: 1, retryBaseSeconds: 1, retryMaxSeconds: 5, timeoutMs: 300, pollMs: 100, concurrency: 1, batchSize: 10, expireSeconds: 5, maintenanceSeconds: 1, worker: true, providerTokens: { PROVIDER_TOKEN_X: 'real-token' } };

let server: Server;
let url: string;
let answer: (res: import('node:http').ServerResponse, auth: string | undefined) => void;

beforeAll(async () => {
  server = createServer((req, res) => { req.resume(); req.on('end', () => answer(res, req.headers.authorization)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/requests`;
});
afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

const org = (overrides: Partial<OrganisationRow> = {}): OrganisationRow => ({ bin: '010840004568', name: 'x', nameKk: null, hasOwnSystem: true, systemEndpoint: url, systemAuth: 'NONE', systemSecretEnv: null, ...overrides });
const json = (status: number, body: unknown) => (res: import('node:http').ServerResponse) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('where a request is delivered', () => {
  it('goes to PROVIDER_ENDPOINT_<BIN> over the catalogue\'s endpoint', async () => {
    answer = json(200, { accepted: true });
    const elsewhere = org({ systemEndpoint: 'http://127.0.0.1:1/not-here' });
    expect(await postToProvider(elsewhere, { messageId: 'm' }, { ...config, providerEndpoints: { '010840004568': url } }, false)).toEqual({ ok: true, httpStatus: 200 });
  });

  it('goes to the demo provider system wherever PROVIDER_STAND_URL puts it', async () => {
    answer = json(200, { accepted: true });
    const demo = org({ systemEndpoint: '{PROVIDER_STAND_URL}/requests' });
    expect(await postToProvider(demo, { messageId: 'm' }, { ...config, standUrl: url.replace(/\/requests$/, '') }, false)).toEqual({ ok: true, httpStatus: 200 });
  });

  it('is a permanent PROVIDER_NOT_CONFIGURED naming the variable when the catalogue names the demo stand and there is none (production)', async () => {
    const demo = org({ systemEndpoint: '{PROVIDER_STAND_URL}/requests' });
    expect(await postToProvider(demo, { messageId: 'm' }, config, false)).toMatchObject({ ok: false, code: 'PROVIDER_NOT_CONFIGURED', permanent: true, detail: expect.stringContaining('PROVIDER_ENDPOINT_010840004568 is not set') });
  });
});

describe('one attempt to deliver a request', () => {
  it('succeeds when the provider accepts it', async () => {
    answer = json(200, { accepted: true });
    expect(await postToProvider(org(), { messageId: 'm' }, config, false)).toEqual({ ok: true, httpStatus: 200 });
  });

  it('is a permanent PROVIDER_REJECTED when the provider refuses the request', async () => {
    answer = json(200, { accepted: false, code: 'INVALID_REQUEST', reason: 'no' });
    expect(await postToProvider(org(), { messageId: 'm' }, config, false)).toMatchObject({ ok: false, code: 'PROVIDER_REJECTED', permanent: true, detail: 'INVALID_REQUEST: no' });
  });

  it('is a transient PROVIDER_HTTP_ERROR on a 503 and a permanent one on a 404', async () => {
    answer = json(503, {});
    expect(await postToProvider(org(), { messageId: 'm' }, config, false)).toMatchObject({ code: 'PROVIDER_HTTP_ERROR', httpStatus: 503, permanent: false });
    answer = json(404, {});
    expect(await postToProvider(org(), { messageId: 'm' }, config, false)).toMatchObject({ code: 'PROVIDER_HTTP_ERROR', httpStatus: 404, permanent: true });
  });

  it('is PROVIDER_TIMEOUT when the provider does not answer in time', async () => {
    answer = (res) => setTimeout(() => json(200, { accepted: true })(res), 1000);
    expect(await postToProvider(org(), { messageId: 'm' }, config, false)).toMatchObject({ ok: false, code: 'PROVIDER_TIMEOUT', permanent: false });
  });

  it('is PROVIDER_UNREACHABLE when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await postToProvider(org({ systemEndpoint: `http://127.0.0.1:${port}/requests` }), { messageId: 'm' }, config, false)).toMatchObject({ ok: false, code: 'PROVIDER_UNREACHABLE', permanent: false });
  });

  it('sends the configured bearer token, and the test-only one only where demo tokens are allowed', async () => {
    let seen: string | undefined;
    answer = (res, auth) => { seen = auth; json(200, { accepted: true })(res); };
    await postToProvider(org({ systemAuth: 'BEARER', systemSecretEnv: 'PROVIDER_TOKEN_X' }), { messageId: 'm' }, config, false);
    expect(seen).toBe('Bearer real-token');
    await postToProvider(org({ systemAuth: 'BEARER', systemSecretEnv: 'PROVIDER_TOKEN_Y' }), { messageId: 'm' }, config, true);
    expect(seen).toBe(`Bearer ${DEV_PROVIDER_TOKEN}`);
    expect(await postToProvider(org({ systemAuth: 'BEARER', systemSecretEnv: 'PROVIDER_TOKEN_Y' }), { messageId: 'm' }, config, false)).toMatchObject({ code: 'PROVIDER_NOT_CONFIGURED', permanent: true });
  });
});
