import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { plainPayload } from '../../lib/ecp/plain-payload';
import { startSignatureVerifier, RunningVerifier } from '../../subgraphs/signatures/signature-verifier';
import { canonicalBytes as hubBytes } from '../../lib/ecp/canonical';
import { signCms } from '../../lib/ecp/pki';
import { ApiError } from './api/errors';
import { canonicalBytes, NcaLayerSigner } from './signing';

// The page signs what the hub verifies: the same bytes, and NCALayer's protocol as the page speaks it.

const AKIMAT_BIN = '050140007891';
const report = {
  providerBin: AKIMAT_BIN, applicationNumber: 'ARM-1', stage: 'ACCEPTED', occurredAt: '2026-09-02T10:00:00+05:00', messageId: 'm-1',
  recipient: { surname: 'Сейткали', name: 'Айгерим', patronymic: undefined, iinOrBin: '900101300126' }, executor: undefined, plannedDate: null, signature: '',
};

/** A stand-in for NCALayer on its local websocket: it signs with a demo key, or answers what the test says. */
async function fakeNcaLayer(answer: (request: any) => unknown) {
  const requests: any[] = [];
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (socket) => {
    socket.send(JSON.stringify({ result: { version: '1.4' } })); // its greeting, which the page must skip
    socket.on('message', (data) => {
      const request = JSON.parse(String(data));
      requests.push(request);
      socket.send(JSON.stringify(answer(request)));
    });
  });
  return { wss, requests, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/` };
}

let verifier: RunningVerifier;
let servers: WebSocketServer[] = [];
const signer = () => {
  const signers = JSON.parse(readFileSync(path.join(process.env.TEST_PKI_DIR!, 'demo', 'signers.json'), 'utf8')) as { bin: string; role: string; certFile: string; keyFile: string }[];
  return signers.find((s) => s.role === 'provider' && s.bin === AKIMAT_BIN)!;
};

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
  const pki = process.env.TEST_PKI_DIR!;
  verifier = await startSignatureVerifier({ trustStoreDir: path.join(pki, 'trust'), crlDir: path.join(pki, 'crl'), crlUrls: [], crlRefreshMinutes: 60, demo: true });
});
afterEach(async () => {
  for (const wss of servers) await new Promise((resolve) => wss.close(resolve));
  servers = [];
});
afterAll(() => verifier.stop());

it("computes the same bytes as the hub: RFC 8785, absent fields left out, no signature", () => {
  const { signature: _s, ...payload } = report;
  expect(Buffer.from(canonicalBytes(report))).toEqual(hubBytes(plainPayload(payload)));
});

describe('signing through NCALayer', () => {
  it('asks for a detached CMS over the decoded canonical bytes, with signing certificates only, and the hub verifies it', async () => {
    const { cert, key } = { cert: readFileSync(signer().certFile, 'utf8'), key: createPrivateKey(readFileSync(signer().keyFile)) };
    const layer = await fakeNcaLayer((request) => ({
      status: true,
      body: { result: [signCms({ payload: Buffer.from(request.args.data, 'base64'), cert, key, detached: !request.args.signingParams.encapsulate })] },
    }));
    servers.push(layer.wss);
    const { signature } = await new NcaLayerSigner(() => 'kk', layer.url).sign(report);
    expect(layer.requests).toEqual([expect.objectContaining({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: expect.objectContaining({
        format: 'cms',
        locale: 'kk',
        signingParams: expect.objectContaining({ decode: true, encapsulate: false }),
        signerParams: expect.objectContaining({ extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'] }),
      }),
    })]);
    const { signature: _s, ...payload } = report;
    const verified = await verifier.verifier.verify({ signature, payload: hubBytes(plainPayload(payload)), receivedAt: new Date() });
    expect(verified.signerBin).toBe(AKIMAT_BIN);
  });

  it("reports NCALayer's refusal, e.g. the user cancelled", async () => {
    const layer = await fakeNcaLayer(() => ({ status: false, code: '500', message: 'action.canceled' }));
    servers.push(layer.wss);
    const refused = new NcaLayerSigner(() => 'ru', layer.url).sign(report);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ code: 'NCALAYER_ERROR', message: expect.stringContaining('action.canceled') });
  });

  it('says NCALayer is not running', async () => {
    await expect(new NcaLayerSigner(() => 'ru', 'ws://127.0.0.1:1/').sign(report)).rejects.toMatchObject({ code: 'NCALAYER_UNAVAILABLE' });
  });
});
