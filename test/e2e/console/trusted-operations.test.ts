import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DEV_JWT_SECRET } from '../../../subgraphs/shared/config';
import { buildConsole, item, launchChromium, signInAs } from '../../support/browser';
import { startHub, TestHub } from '../../support/hub';
import { newNumber } from '../../support/reports';
import { AKIMAT_BIN, tokenFor } from '../../support/tokens';

// A gateway that runs only trusted operations (GATEWAY_TRUSTED_OPERATIONS) still serves its own
// console: the build lists the console's operations, the gateway adds them to its manifest, and
// the page sends their ids, over HTTP and graphql-ws alike.

const MANIFEST = path.join(__dirname, '..', 'gateway-hardening', 'trusted-operations.json');

let hub: TestHub;
let consoleDir: string;
let browser: Browser;
let base: string;

beforeAll(async () => {
  consoleDir = buildConsole();
  hub = await startHub({
    gateway: {
      limits: { trustedOperationsFile: MANIFEST },
      console: { dir: consoleDir, demo: { jwtSecret: DEV_JWT_SECRET, signersFile: path.join(process.env.TEST_PKI_DIR!, 'demo', 'signers.json') } },
    },
  });
  base = `http://127.0.0.1:${hub.gateways[0].port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  rmSync(consoleDir, { recursive: true, force: true });
});

it("registers a request and shows it live on the board with only the console's operations, sent by id", async () => {
  const contactCentre = await signInAs(await browser.newContext(), base, 'contact_centre::');
  await contactCentre.getByTestId('filter-provider').selectOption(AKIMAT_BIN);
  await item(contactCentre, 'live-status', { state: 'live' }).waitFor();

  const provider = await signInAs(await browser.newContext(), base, `provider:${AKIMAT_BIN}:`);
  const sent: { query?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } }[] = [];
  provider.on('request', (request) => {
    if (request.url().endsWith('/graphql') && request.method() === 'POST') sent.push(JSON.parse(request.postData() ?? '{}'));
  });
  const number = `ARM-${newNumber()}`;
  const form = provider.getByTestId('register-form');
  await form.getByTestId('field-applicationNumber').fill(number);
  await form.getByTestId('field-surname').fill('Сейткали');
  await form.getByTestId('field-name').fill('Айгерим');
  await form.getByTestId('field-iinOrBin').fill('900101300126');
  await form.getByTestId('field-serviceCode').selectOption('LAND-PLOT');
  await form.getByTestId('field-placeOfAcceptance').fill('Акимат города Астаны');
  await form.getByTestId('register-submit').click();
  await item(provider, 'request-panel', { 'application-number': number, 'current-stage': 'ACCEPTED' }).waitFor();
  await item(contactCentre, 'feed-item', { 'application-number': number, stage: 'ACCEPTED' }).waitFor();

  expect(sent.length).toBeGreaterThan(0);
  for (const body of sent) {
    expect(body.query ?? '').toBe('');
    expect(body.extensions?.persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
  }
});

it('still refuses documents, the console\'s own included', async () => {
  const consoleOperations = JSON.parse(readFileSync(path.join(consoleDir, 'trusted-operations.json'), 'utf8')) as Record<string, string>;
  const services = Object.values(consoleOperations).find((d) => d.startsWith('query ConsoleServices'))!;
  const answer = await hub.query(services, {}, tokenFor('analyst'));
  expect(answer.errors?.[0].extensions?.code).toBe('TRUSTED_OPERATION_REQUIRED');
});
