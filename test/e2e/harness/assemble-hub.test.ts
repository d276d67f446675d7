import { assembleHub, disposeLeftovers } from '../../../harness/assemble-hub';
import { TEST_DELIVERY } from '../../support/hub';

/**
 * The one harness (tests, fault tests, benchmarks): a scenario gets the services it names and no
 * others, and nothing it started is left running.
 */
const base = () => ({ databaseUrl: process.env.TEST_DATABASE_URL!, pkiDir: process.env.TEST_PKI_DIR!, delivery: TEST_DELIVERY, applicationName: 'qyzmet-harness-test' });

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}', signal: AbortSignal.timeout(2000) });
    return response.status > 0;
  } catch {
    return false;
  }
}

describe('assembleHub', () => {
  afterAll(() => disposeLeftovers());

  it('starts only the services a scenario names', async () => {
    const hub = await assembleHub({ ...base(), services: ['signatures', 'statuses'] });
    try {
      expect(hub.subgraphs.map((s) => s.name).sort()).toEqual(['signatures', 'statuses']);
      expect(hub.applications).toBeUndefined();
      expect(hub.documents).toBeUndefined();
      expect(hub.gateways).toEqual([]);
      expect(await answers(hub.subgraphUrls[0].statuses)).toBe(true);
    } finally {
      await hub.stop();
    }
  });

  it('leaves nothing listening once stopped, and a second stop does nothing', async () => {
    const hub = await assembleHub({ ...base(), services: ['signatures'] });
    const url = hub.subgraphUrls[0].signatures;
    expect(await answers(url)).toBe(true);
    await hub.stop();
    await hub.stop();
    expect(await answers(url)).toBe(false);
    expect(hub.dataSource.isInitialized).toBe(false);
  });

  it('stops the hubs a scenario left running', async () => {
    const hub = await assembleHub({ ...base(), services: ['signatures'] });
    await disposeLeftovers();
    expect(await answers(hub.subgraphUrls[0].signatures)).toBe(false);
  });

  it('gives each statuses its own gateway, and points the gateway at a service running elsewhere', async () => {
    const hub = await assembleHub({ ...base(), services: ['signatures', 'gateway'], external: { statuses: ['http://127.0.0.1:1/a', 'http://127.0.0.1:1/b'] } });
    try {
      expect(hub.gateways).toHaveLength(2);
      expect(hub.subgraphUrls.map((u) => u.statuses)).toEqual(['http://127.0.0.1:1/a', 'http://127.0.0.1:1/b']);
    } finally {
      await hub.stop();
    }
  });
});
