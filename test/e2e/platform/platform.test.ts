import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../../../scripts/supergraph';
import { repoRoot } from '../../../platform/paths';
import { DEV_UPSTREAM_SECRET } from '../../../platform/config';
import { HMAC_EXTENSION, signUpstream, STAMP_EXTENSION, stampFor } from '../../../platform/upstream-signature';
import { startHub, TestHub } from '../../support/hub';
import { tokenFor } from '../../support/tokens';

describe('the supergraph', () => {
  it('is composed without errors and the committed schema/supergraph.graphql is up to date (run npm run compose)', async () => {
    const composed = await composeSupergraph();
    const committed = readFileSync(path.join(repoRoot(), 'schema', 'supergraph.graphql'), 'utf8');
    expect(committed).toBe(composed);
  });
});

describe('the running hub', () => {
  let hub: TestHub;
  beforeAll(async () => { hub = await startHub(); });
  afterAll(async () => { await hub.stop(); });

  it('answers /healthz and /readyz on the gateway and on every subgraph', async () => {
    const base = hub.gateways[0].url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    for (const subgraph of hub.subgraphs) {
      const root = subgraph.url.replace('/graphql', '');
      expect((await fetch(`${root}/healthz`)).status).toBe(200);
      const ready = await fetch(`${root}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ database: true });
    }
  });

  it('serves the public catalogue to anyone, in three languages', async () => {
    const result = await hub.query('{ services { code nameKk nameRu nameEn termDays termKind agency { bin } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.services.length).toBeGreaterThanOrEqual(6);
    expect(result.data.services.find((s: { code: string }) => s.code === 'PASSPORT')).toMatchObject({ termDays: 15, termKind: 'CALENDAR_DAYS' });
  });

  it("names each agency in Kazakh and Russian", async () => {
    const result = await hub.query('{ services { code agency { bin name nameKk nameRu } } }');
    const landPlot = result.data.services.find((s: { code: string }) => s.code === 'LAND-PLOT');
    expect(landPlot.agency).toEqual({ bin: '050140007891', name: 'Акимат города Астаны (demo)', nameKk: 'Астана қаласының әкімдігі (demo)', nameRu: 'Акимат города Астаны (demo)' });
  });

  describe('a subgraph reached without the gateway', () => {
    const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const query = '{ stageReports { edges { cursor } } }';

    it('refuses an unsigned request', async () => {
      const statuses = hub.subgraphs.find((s) => s.name === 'statuses')!;
      const response = await post(statuses.url, { query });
      expect(response.status).toBe(401);
      expect((await response.json()).errors[0].extensions.code).toBe('UPSTREAM_SIGNATURE_INVALID');
    });

    it('answers a request signed with the gateway secret', async () => {
      const statuses = hub.subgraphs.find((s) => s.name === 'statuses')!;
      const extensions: Record<string, unknown> = { jwt: { payload: { sub: 'x', role: 'analyst', exp: Math.floor(Date.now() / 1000) + 60 } }, [STAMP_EXTENSION]: stampFor('statuses') };
      extensions[HMAC_EXTENSION] = signUpstream({ query, extensions }, DEV_UPSTREAM_SECRET);
      const response = await post(statuses.url, { query, extensions });
      expect(response.status).toBe(200);
      expect((await response.json()).errors).toBeUndefined();
    });

    it('refuses a captured signature replayed with another identity', async () => {
      const statuses = hub.subgraphs.find((s) => s.name === 'statuses')!;
      const exp = Math.floor(Date.now() / 1000) + 60;
      const stamp = stampFor('statuses');
      const signed: Record<string, unknown> = { jwt: { payload: { sub: 'x', role: 'citizen', iin: '900101300126', exp } }, [STAMP_EXTENSION]: stamp };
      const signature = signUpstream({ query, extensions: signed }, DEV_UPSTREAM_SECRET);
      const forged = { jwt: { payload: { sub: 'x', role: 'admin', exp } }, [STAMP_EXTENSION]: stamp, [HMAC_EXTENSION]: signature };
      const response = await post(statuses.url, { query, extensions: forged });
      expect(response.status).toBe(401);
    });
  });

  it('forwards the identity from the token to the subgraphs', async () => {
    const anonymous = await hub.query('{ myApplications { id } }');
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const citizen = await hub.query('{ myApplications { id recipient { iinOrBin } } }', {}, tokenFor('citizen', { iin: '850625401118' }));
    expect(citizen.errors).toBeUndefined();
    for (const app of citizen.data.myApplications) expect(app.recipient.iinOrBin).toBe('850625401118');
  });
});
