import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ProviderStand } from '../../../provider-stand/stand';
import { startHub, TestHub } from '../../support/hub';
import { demoSigners } from '../../support/reports';

/**
 * No request may take a process down: whatever a client sends (bad percent-encoding, a path that
 * is no URL, bad JSON, bad GET parameters, a method nobody serves), the server answers it with a
 * 4xx and goes on serving. Each request is written raw on a socket, as an attacker would send it:
 * fetch would normalise the very paths that matter here.
 */
interface RawAnswer { status: number; body: string }

function raw(port: number, method: string, target: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error(`${method} ${target}: no answer in 10 s`)));
    socket.on('data', (chunk) => { text += chunk.toString('latin1'); });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      if (!status) reject(new Error(`${method} ${target}: no HTTP answer (the connection closed after ${JSON.stringify(text.slice(0, 100))})`));
      else resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    const body = opts.body ?? '';
    const headers = { host: 'localhost', connection: 'close', ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...opts.headers };
    socket.end(`${method} ${target} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);
  });
}

const json = { 'content-type': 'application/json' };

/** What every server gets: a path that does not decode, paths that are no URL, a method nobody serves. */
const ANY_SERVER: [string, string, { headers?: Record<string, string>; body?: string }?][] = [
  ['GET', '/%'],
  ['GET', '/%E0%A4%A'],
  ['GET', '//'],
  ['GET', '///etc/passwd'],
  ['GET', '//a:b@'],
  ['HEAD', '/%'],
  ['PROPFIND', '/'],
  ['DELETE', '/%'],
];

/** What a GraphQL endpoint gets: broken bodies and GET parameters. */
const GRAPHQL = (endpoint: string): typeof ANY_SERVER => [
  ['GET', `${endpoint}%`],
  ['GET', `${endpoint}?query=%`],
  ['GET', `${endpoint}?query=%7B&variables=%7Bbroken`, { headers: { 'x-graphql-csrf': '1', 'apollo-require-preflight': '1' } }],
  ['GET', `${endpoint}?query=%7B__typename%7D&variables=%7Bbroken&extensions=%5B`, { headers: { 'x-graphql-csrf': '1', 'apollo-require-preflight': '1' } }],
  ['GET', `${endpoint}?query=%7B__typename%7D&extensions=nope`, { headers: { 'x-graphql-csrf': '1', 'apollo-require-preflight': '1' } }],
  ['POST', endpoint, { headers: json, body: '{"query":' }],
  ['POST', endpoint, { headers: json, body: 'null' }],
  ['POST', endpoint, { headers: json, body: '[1, "two"]' }],
  ['POST', endpoint, { headers: json, body: '{"query": 42, "variables": "x"}' }],
  ['POST', endpoint, { headers: { 'content-type': 'application/json; charset=klingon', accept: 'application/graphql-response+json' }, body: '{"query": "{ __typename"}' }],
  ['PATCH', endpoint, { headers: json, body: '{}' }],
  ['PROPFIND', endpoint],
];

/** Every request is answered with a 4xx: the list of those that were not (with what they got) is empty. */
async function expectAllRefused(port: number, requests: typeof ANY_SERVER): Promise<void> {
  const notRefused: string[] = [];
  for (const [method, target, opts] of requests) {
    const answer = await raw(port, method, target, opts);
    if (answer.status < 400 || answer.status >= 500) notRefused.push(`${method} ${target} ${opts?.body ?? ''} → ${answer.status} ${answer.body.slice(0, 200)}`);
  }
  expect(notRefused).toEqual([]);
}

describe('a hub sent malformed requests', () => {
  let hub: TestHub;
  let stand: ProviderStand;

  beforeAll(async () => {
    const consoleDir = mkdtempSync(path.join(tmpdir(), 'console-malformed-'));
    writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    hub = await startHub({ gateway: { console: { dir: consoleDir } } });
    stand = await new ProviderStand({ signers: demoSigners() }).start();
  });
  afterAll(async () => {
    await stand?.stop();
    await hub?.stop();
  });

  it('the gateway answers each with a 4xx (console, GraphQL, health) and still serves', async () => {
    const port = hub.gateways[0].port;
    await expectAllRefused(port, [
      ...ANY_SERVER,
      ...GRAPHQL('/graphql'),
      ['GET', '/console/%'],
      ['GET', '/console/assets/%C0%AF'],
      ['POST', '/console/api/demo/token', { headers: json, body: '{"role":' }],
      ['GET', '/console/api/%'],
      ['GET', '/healthz%'],
      ['GET', '/metrics%'],
    ]);
    const served = await hub.query('{ services { code } }');
    expect(served.errors).toBeUndefined();
    expect(served.data.services.length).toBeGreaterThan(0);
  });

  it('every subgraph answers each with a 4xx and still serves', async () => {
    for (const subgraph of hub.subgraphs) {
      await expectAllRefused(subgraph.port, [...ANY_SERVER, ...GRAPHQL('/graphql'), ['GET', '/readyz%'], ['GET', '/metrics%']]);
      const health = await fetch(`http://127.0.0.1:${subgraph.port}/healthz`);
      expect(health.status).toBe(200);
    }
    // and through the gateway, signed as ever
    const served = await hub.query('{ services { code } }');
    expect(served.errors).toBeUndefined();
  });

  it('the demo provider system answers each with a 4xx and still serves', async () => {
    await expectAllRefused(stand.port, [
      ...ANY_SERVER,
      ['POST', '/control', { headers: json, body: '{"mode":' }],
      ['POST', '/control', { headers: json, body: 'null' }],
      ['POST', '/control', { headers: json, body: '{"mode":"sideways"}' }],
      ['POST', '/control', { headers: json, body: '{"downForSeconds":"soon"}' }],
      ['POST', '/registers/identity-documents', { headers: { ...json, authorization: 'Bearer test-only-demo-provider-token' }, body: 'null' }],
      ['POST', `/providers/010840004568/requests`, { headers: { ...json, authorization: 'Bearer test-only-demo-provider-token' }, body: 'null' }],
    ]);
    const health = await fetch(`${stand.url}/healthz`);
    expect(health.status).toBe(200);
    expect(stand.mode).toBe('normal');
  });
});
