import { Agent, get } from 'node:http';
import { startHub, TestHub } from '../../support/hub';

/**
 * The gateway reaches each subgraph over kept-alive connections (Node's global agent, which lets an
 * idle one go after 5 s, or 1 s before the server's announced timeout). A subgraph that closed idle
 * connections first would race the gateway reusing one: on a busy machine the gateway's request
 * then meets a reset (ECONNRESET) and the client gets SUBGRAPH_UNAVAILABLE for a request the
 * subgraph never saw. So a subgraph keeps an idle connection well past the gateway's 5 s.
 */
let hub: TestHub;

beforeAll(async () => { hub = await startHub(); });
afterAll(async () => { await hub?.stop(); });

function getOn(agent: Agent, url: string): Promise<{ status: number; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

it('keeps an idle connection from the gateway open longer than the gateway keeps it', async () => {
  // a client that would keep the connection for a minute: only the server can end it in this test
  const agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: 60_000 });
  try {
    for (const subgraph of hub.subgraphs.slice(0, 2)) {
      const health = subgraph.url.replace(/\/graphql$/, '/healthz');
      expect((await getOn(agent, health)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 6500));
      expect(await getOn(agent, health)).toEqual({ status: 200, reusedSocket: true });
    }
  } finally {
    agent.destroy();
  }
}, 60_000);
