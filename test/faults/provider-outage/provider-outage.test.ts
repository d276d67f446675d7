import { ProviderStand } from '../../../provider-stand/stand';
import { routeProviderTo } from '../../support/applications';
import { allDelivered, expectDeliveredOnceAfterOutage, submitWhileProviderDown } from '../../support/delivery';
import { freePort } from '../../support/global-setup';
import { demoSigners } from '../../support/reports';
import { JUSTICE_BIN } from '../../support/tokens';
import { FaultHub, startFaultHub } from '../support/fault-hub';
import { note, startSubgraphProcess, SubgraphProcess, TEST_DELIVERY_ENV } from '../../support/processes';

/**
 * A provider's system down while operators submit (test/e2e/delivery-outage with fewer requests),
 * here with the applications subgraph and its delivery worker as a process of its own.
 */
const COUNT = 50;

let hub: FaultHub;
let stand: ProviderStand;
let applications: SubgraphProcess;

beforeAll(async () => {
  const port = await freePort();
  // retries at most every 2 s, as a provider outage in production would see them every few minutes
  applications = await startSubgraphProcess('applications', { port, databaseUrl: process.env.TEST_DATABASE_URL!, env: { ...TEST_DELIVERY_ENV, DELIVERY_RETRY_MAX_SECONDS: '2' } });
  hub = await startFaultHub({ databaseUrl: process.env.TEST_DATABASE_URL!, applicationsUrl: applications.url });
  stand = await new ProviderStand({ signers: demoSigners() }).start();
  await routeProviderTo(hub.dataSource, JUSTICE_BIN, stand.endpointFor(JUSTICE_BIN));
}, 90_000);

afterAll(async () => {
  await applications?.kill('SIGTERM');
  await stand?.stop();
  await hub?.stop();
});

it(`delivers all ${COUNT} applications submitted while the provider's system was down, each once, after it came back`, async () => {
  const ids = await submitWhileProviderDown(hub, stand, COUNT, 8);
  // the hub took every submission all the same: each is in the journal, waiting
  const [{ waiting }] = await hub.dataSource.query(`SELECT count(*)::int AS waiting FROM exchange_message WHERE application_id = ANY($1) AND direction = 'OUT' AND outcome IS DISTINCT FROM 'DELIVERED'`, [ids]);
  expect(waiting).toBe(COUNT);

  const backAt = new Date();
  await stand.comeBack();
  await allDelivered(hub.dataSource, ids, 90_000);

  // exactly once: the provider took each message id once, and the hub recorded one delivery each
  const messages = await expectDeliveredOnceAfterOutage(hub.dataSource, stand, ids, backAt);
  note('provider-outage', { submitted: COUNT, attemptsFailedWhileDown: messages.reduce((n, m) => n + m.failed, 0) });
}, 240_000);
