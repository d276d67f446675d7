import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET, loadConfig } from '../platform/config';
import { plainPayload } from '../lib/ecp/plain-payload';
import { startSignatureVerifier, RunningVerifier } from '../subgraphs/signatures/api';
import { canonicalBytes } from '../lib/ecp/canonical';
import { tokenFor } from '../test/support/tokens';
import { ConsoleOptions, consoleHandler, DemoIdentity, demoConsole } from './console';

const AKIMAT_BIN = '050140007891';
const CITIZEN_IIN = '900101300126';
const OPERATOR_IIN = JSON.parse(readFileSync(path.join(process.env.TEST_PKI_DIR!, 'demo', 'signers.json'), 'utf8')).find((s: { role: string }) => s.role === 'operator')?.iin as string;
const JUSTICE_BIN = '010840004568';
const pkiDir = () => process.env.TEST_PKI_DIR!;

let dir: string;
let verifier: RunningVerifier;
const servers: Server[] = [];

async function serve(opts: Partial<ConsoleOptions> = {}): Promise<string> {
  const handle = consoleHandler({ dir, ...opts });
  const server = createServer((req, res) => {
    if (handle(req, res)) return;
    res.writeHead(418);
    res.end('graphql');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function rawGet(url: string): Promise<{ status: number; body: string }> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    request({ host: hostname, port, path: url.slice(url.indexOf('/', 'http://'.length)) }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject).end();
  });
}

const demo = () => ({ jwtSecret: DEV_JWT_SECRET, signersFile: path.join(pkiDir(), 'demo', 'signers.json') });
const post = (url: string, body: unknown, token?: string) => fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'console-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(tmpdir(), 'outside-console.txt'), 'secret');
  verifier = await startSignatureVerifier({ trustStoreDir: path.join(pkiDir(), 'trust'), crlDir: path.join(pkiDir(), 'crl'), crlUrls: [], crlRefreshMinutes: 60, demo: true });
});
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  verifier.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(path.join(tmpdir(), 'outside-console.txt'), { force: true });
});

describe('the console files', () => {
  it('serves the page at /console/ and sends / and /console there', async () => {
    const base = await serve();
    const page = await fetch(`${base}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<title>console</title>');
    for (const from of ['/', '/console']) {
      const redirect = await fetch(`${base}${from}`, { redirect: 'manual' });
      expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/console/']);
    }
  });

  it('serves hashed assets as immutable and an app path as the page', async () => {
    const base = await serve();
    const asset = await fetch(`${base}/console/assets/index-abc123.js`);
    expect(asset.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    expect(await (await fetch(`${base}/console/board`)).text()).toContain('<title>console</title>');
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
  });

  it('never serves a file outside its folder', async () => {
    const base = await serve();
    // sent raw: fetch would resolve the dots itself before they reach the server
    for (const raw of ['/console/..%2Foutside-console.txt', '/console/assets/..%2F..%2Foutside-console.txt']) {
      const escaped = await rawGet(`${base}${raw}`);
      expect(escaped.status).toBe(404);
      expect(escaped.body).not.toContain('secret');
    }
  });

  it('leaves every other path to the GraphQL runtime', async () => {
    const base = await serve();
    expect((await fetch(`${base}/graphql`)).status).toBe(418);
    expect((await fetch(`${base}/consoles`)).status).toBe(418);
  });

  it('says when it was not built', async () => {
    const base = await serve({ dir: path.join(dir, 'not-built') });
    const page = await fetch(`${base}/console/`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('npm run build');
  });
});

describe('outside the test stand', () => {
  it('offers no demo sign-in or signing', async () => {
    const base = await serve();
    expect(await (await fetch(`${base}/console/api/config`)).json()).toMatchObject({ demo: false, graphqlPath: '/graphql' });
    const identities = await fetch(`${base}/console/api/demo/identities`);
    expect(identities.status).toBe(404);
    const sign = await post(`${base}/console/api/demo/sign`, { payload: { a: 1 } }, tokenFor('provider', { bin: JUSTICE_BIN }));
    expect(sign.status).toBe(404);
  });
});

describe('demo mode', () => {
  const REAL_SECRET = 'a-real-jwt-secret-of-an-identity-provider-0123456789';

  it('is on only on the test stand: outside production, with the development secret and no trust store', () => {
    for (const env of ['development', 'test']) {
      expect(demoConsole(loadConfig({ NODE_ENV: env }))?.jwtSecret).toBe(DEV_JWT_SECRET);
      expect(demoConsole(loadConfig({ NODE_ENV: env, JWT_SECRET: REAL_SECRET }))).toBeUndefined();
      expect(demoConsole(loadConfig({ NODE_ENV: env, TRUST_STORE_DIR: '/etc/nca' }))).toBeUndefined();
    }
  });

  it('never mints a token signed with a real secret', () => {
    // a caller that asks for it anyway is a programming error, refused before anything is served
    expect(() => consoleHandler({ dir, demo: { ...demo(), jwtSecret: REAL_SECRET } })).toThrow('only with the development JWT secret');
  });
});

describe('demo sign-in', () => {
  it('lists every demo organisation, staff role and citizen, marking the providers that use the workstation', async () => {
    const base = await serve({ demo: demo() });
    expect(await (await fetch(`${base}/console/api/config`)).json()).toMatchObject({ demo: true });
    const identities = await (await fetch(`${base}/console/api/demo/identities`)).json() as DemoIdentity[];
    expect(identities.find((i) => i.bin === AKIMAT_BIN)).toMatchObject({ role: 'provider', workstation: true });
    expect(identities.find((i) => i.bin === JUSTICE_BIN)).toMatchObject({ role: 'provider', workstation: false });
    expect(identities.map((i) => i.role)).toEqual(expect.arrayContaining(['contact_centre', 'analyst', 'admin', 'operator', 'citizen']));
    expect(await (await fetch(`${base}/console/api/config`)).json()).toMatchObject({ languages: ['kk', 'ru', 'en'] });
  });

  it('names every demo identity in Cyrillic, in Russian and in Kazakh', async () => {
    const base = await serve({ demo: demo() });
    const identities = await (await fetch(`${base}/console/api/demo/identities`)).json() as DemoIdentity[];
    for (const i of identities) {
      expect(i.name).not.toMatch(/[A-Za-z]/);
      expect(i.nameKk ?? i.name).not.toMatch(/[A-Za-z]/);
    }
  });

  it('mints a token for a listed identity and refuses one that is not listed', async () => {
    const base = await serve({ demo: demo() });
    const answer = await (await post(`${base}/console/api/demo/token`, { role: 'provider', bin: AKIMAT_BIN })).json() as { token: string };
    expect(jwt.verify(answer.token, DEV_JWT_SECRET)).toMatchObject({ role: 'provider', bin: AKIMAT_BIN, sub: `demo-provider-${AKIMAT_BIN}` });
    const admin = await post(`${base}/console/api/demo/token`, { role: 'admin', bin: AKIMAT_BIN });
    expect(admin.status).toBe(400);
    expect(await admin.json()).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('demo signing', () => {
  const report = { providerBin: AKIMAT_BIN, applicationNumber: 'ARM-1', stage: 'ACCEPTED', executor: null, signature: '' };

  it("signs the report's RFC 8785 bytes with the signed-in provider's demo certificate", async () => {
    const base = await serve({ demo: demo() });
    const answer = await post(`${base}/console/api/demo/sign`, { payload: report }, tokenFor('provider', { bin: AKIMAT_BIN }));
    expect(answer.status).toBe(200);
    const { signature, signer } = await answer.json() as { signature: string; signer: { bin: string } };
    expect(signer.bin).toBe(AKIMAT_BIN);
    const { signature: _s, ...payload } = report;
    const verified = await verifier.verifier.verify({ signature, payload: canonicalBytes(plainPayload(payload)), receivedAt: new Date() });
    expect(verified.signerBin).toBe(AKIMAT_BIN);
    await expect(verifier.verifier.verify({ signature, payload: canonicalBytes({ ...report, stage: 'CLOSED' }), receivedAt: new Date() })).rejects.toThrow();
  });

  it("signs a recipient's consent with the demo citizen's certificate at the operator's desk, and for no one else", async () => {
    const base = await serve({ demo: demo() });
    const consent = { kind: 'DATA_CONSENT', subjectIinBin: CITIZEN_IIN, requesterBin: '990340001230', purpose: 'test', givenAt: '2026-11-01T10:00:00+05:00' };
    const operator = tokenFor('operator', { bin: '990340001230', iin: OPERATOR_IIN });
    const answer = await post(`${base}/console/api/demo/sign`, { payload: consent, as: { role: 'citizen', iin: CITIZEN_IIN } }, operator);
    expect(answer.status).toBe(200);
    const { signature } = await answer.json() as { signature: string };
    const verified = await verifier.verifier.verify({ signature, payload: canonicalBytes(plainPayload(consent)), receivedAt: new Date() });
    expect(verified.signerIin).toBe(CITIZEN_IIN);
    // a provider may not sign as a citizen, nor an operator as someone the stand has no key for
    expect((await post(`${base}/console/api/demo/sign`, { payload: consent, as: { role: 'citizen', iin: CITIZEN_IIN } }, tokenFor('provider', { bin: AKIMAT_BIN }))).status).toBe(403);
    expect((await post(`${base}/console/api/demo/sign`, { payload: consent, as: { role: 'citizen', iin: '000000000000' } }, operator)).status).toBe(403);
  });

  it('refuses without a valid token, for a role with no certificate, and without a payload', async () => {
    const base = await serve({ demo: demo() });
    expect((await post(`${base}/console/api/demo/sign`, { payload: report })).status).toBe(401);
    expect((await post(`${base}/console/api/demo/sign`, { payload: report }, jwt.sign({ role: 'provider', bin: AKIMAT_BIN }, 'another-secret'))).status).toBe(401);
    const staff = await post(`${base}/console/api/demo/sign`, { payload: report }, tokenFor('contact_centre'));
    expect([staff.status, (await staff.json()).error.code]).toEqual([403, 'FORBIDDEN']);
    const empty = await post(`${base}/console/api/demo/sign`, { payload: [1] }, tokenFor('provider', { bin: AKIMAT_BIN }));
    expect([empty.status, (await empty.json()).error.code]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});
