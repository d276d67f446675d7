import { launchChromium } from '../../support/browser';
import { startHub, TestHub } from '../../support/hub';

// The schema's documentation at /docs (production too, where introspection is off) and the hub's
// own explorer at /explorer (development), both from this repository: nothing loaded from a CDN.

const base = (hub: TestHub) => hub.gateways[0].url.replace(/\/graphql$/, '');
/** Every address a page loads something from (scripts, styles, images, frames). */
const loads = (html: string) => [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)=["']?([^"' >]+)/g)].map((m) => m[1]);

describe('in production', () => {
  let hub: TestHub;
  beforeAll(async () => { hub = await startHub({ gateway: { production: true } }); });
  afterAll(async () => { await hub.stop(); });

  it('serves the schema docs at /docs, generated from the supergraph, with nothing loaded from elsewhere', async () => {
    const response = await fetch(`${base(hub)}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    for (const name of ['reportStage', 'submitApplication', 'stageChanged', 'lookupDocument', 'id="Application"', 'id="Stage"']) expect(html).toContain(name);
    expect(html).not.toMatch(/join__|link__/);
    expect(loads(html).filter((url) => !url.startsWith('data:') && !url.startsWith('/'))).toEqual([]);
  });

  it('has no explorer (and introspection stays off)', async () => {
    expect((await fetch(`${base(hub)}/explorer`)).status).toBe(404);
    const answer = await hub.query('{ __schema { types { name } } }');
    expect(answer.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
  });
});

describe('in development', () => {
  let hub: TestHub;
  beforeAll(async () => { hub = await startHub({ gateway: { graphiql: true } }); });
  afterAll(async () => { await hub.stop(); });

  it('serves an explorer whose every asset comes from the gateway itself', async () => {
    const html = await (await fetch(`${base(hub)}/explorer`)).text();
    const assets = loads(html).filter((url) => !url.startsWith('data:'));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const url of assets) {
      expect(url).toMatch(/^\/explorer\//);
      expect((await fetch(`${base(hub)}${url}`)).status).toBe(200);
    }
  });

  it('runs an operation in a browser that can reach nothing but the hub (offline)', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      // any request that is not to this gateway is refused, as it would be offline
      await page.route('**/*', (route) => {
        if (route.request().url().startsWith(base(hub))) return route.continue();
        elsewhere.push(route.request().url());
        return route.abort();
      });
      await page.goto(`${base(hub)}/explorer`);
      await page.getByTestId('query').fill('{ services { code } }');
      await page.getByTestId('run').click();
      await page.getByTestId('result').filter({ hasText: '"services"' }).waitFor();
      expect(await page.getByTestId('result').textContent()).toContain('"code"');
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
