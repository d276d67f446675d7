import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConsoleStand, fillRegistration, item, signInAs, startConsoleStand } from '../../support/browser';
import { newNumber } from '../../support/reports';
import { AKIMAT_BIN, tokenFor } from '../../support/tokens';

// A gateway that runs only trusted operations (GATEWAY_TRUSTED_OPERATIONS) still serves its own
// console: the build lists the console's operations, the gateway adds them to its manifest, and
// the page sends their ids, over HTTP and graphql-ws alike.

const MANIFEST = path.join(__dirname, '..', 'gateway-hardening', 'trusted-operations.json');

let stand: ConsoleStand;

beforeAll(async () => { stand = await startConsoleStand({ limits: { trustedOperationsFile: MANIFEST } }); }, 120_000);
afterAll(async () => { await stand?.stop(); });

it("registers a request and shows it live on the board with only the console's operations, sent by id", async () => {
  const contactCentre = await signInAs(await stand.browser.newContext(), stand.base, 'contact_centre::');
  await contactCentre.getByTestId('filter-provider').selectOption(AKIMAT_BIN);
  await item(contactCentre, 'live-status', { state: 'live' }).waitFor();

  const provider = await signInAs(await stand.browser.newContext(), stand.base, `provider:${AKIMAT_BIN}:`);
  const sent: { query?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } }[] = [];
  provider.on('request', (request) => {
    if (request.url().endsWith('/graphql') && request.method() === 'POST') sent.push(JSON.parse(request.postData() ?? '{}'));
  });
  const number = `ARM-${newNumber()}`;
  await fillRegistration(provider, { number, surname: 'Сейткали', name: 'Айгерим', iinOrBin: '900101300126', serviceCode: 'LAND-PLOT', place: 'Акимат города Астаны' });
  await provider.getByTestId('register-submit').click();
  await item(provider, 'request-panel', { 'application-number': number, 'current-stage': 'ACCEPTED' }).waitFor();
  await item(contactCentre, 'feed-item', { 'application-number': number, stage: 'ACCEPTED' }).waitFor();

  expect(sent.length).toBeGreaterThan(0);
  for (const body of sent) {
    expect(body.query ?? '').toBe('');
    expect(body.extensions?.persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
  }
});

it('still refuses documents, the console\'s own included', async () => {
  const consoleOperations = JSON.parse(readFileSync(path.join(stand.consoleDir, 'trusted-operations.json'), 'utf8')) as Record<string, string>;
  const services = Object.values(consoleOperations).find((d) => d.startsWith('query ConsoleServices'))!;
  const answer = await stand.hub.query(services, {}, tokenFor('analyst'));
  expect(answer.errors?.[0].extensions?.code).toBe('TRUSTED_OPERATION_REQUIRED');
});
