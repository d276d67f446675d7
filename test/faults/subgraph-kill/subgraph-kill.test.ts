import { eventually } from '../../support/applications';
import { freePort } from '../../support/global-setup';
import { registration, signed } from '../../support/reports';
import { JUSTICE_BIN, tokenFor } from '../../support/tokens';
import { FaultHub, startFaultHub } from '../support/fault-hub';
import { REPORT, ReportLoad, resendUntilAcknowledged, storedMessageIds } from '../support/load';
import { note, startSubgraphProcess, SubgraphProcess } from '../../support/processes';

let hub: FaultHub;
let statuses: SubgraphProcess;
let port: number;
const databaseUrl = () => process.env.TEST_DATABASE_URL!;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const contactCentre = tokenFor('contact_centre');
const UNAVAILABLE = { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'statuses' };

beforeAll(async () => {
  port = await freePort();
  statuses = await startSubgraphProcess('statuses', { port, databaseUrl: databaseUrl() });
  hub = await startFaultHub({ databaseUrl: databaseUrl(), statusesUrls: [statuses.url] });
}, 90_000);

afterAll(async () => {
  await statuses?.kill('SIGKILL');
  await hub?.stop();
});

it('keeps every acknowledged report when statuses is SIGKILLed under load, answers SUBGRAPH_UNAVAILABLE meanwhile, and recovers without a gateway restart', async () => {
  const send = (input: Record<string, unknown>) => hub.query(REPORT, { input }, provider);
  const load = new ReportLoad(send, { concurrency: 6 });
  let codeWhileDown: unknown;
  load.start();
  try {
    await eventually(async () => load.acknowledged.length >= 40, 60_000, 50);
    // killed with reports in flight: no orderly shutdown, no draining
    await statuses.kill('SIGKILL');
    const refusedBefore = load.refused.length;

    // the gateway answers for the dead subgraph's fields with a named code, and for the others as usual
    const report = await send(signed(registration()));
    expect(report.data?.reportStage ?? null).toBeNull();
    codeWhileDown = report.errors?.[0]?.extensions?.code;
    expect(report.errors).toEqual([expect.objectContaining({ path: ['reportStage'], extensions: UNAVAILABLE })]);
    const read = await hub.query('{ stageReports(first: 1) { edges { node { id } } } }', {}, contactCentre);
    expect(read.errors).toEqual([expect.objectContaining({ path: ['stageReports'], extensions: UNAVAILABLE })]);
    const catalogue = await hub.query('{ services { code } }', {}, contactCentre);
    expect(catalogue.errors).toBeUndefined();
    expect(catalogue.data.services.length).toBeGreaterThan(0);
    // the load goes on against the dead subgraph and is refused
    await eventually(async () => load.refused.length >= refusedBefore + 20, 30_000, 50);

    // started again on the same port; the gateway is the same one
    const acknowledgedBeforeRestart = load.acknowledged.length;
    statuses = await startSubgraphProcess('statuses', { port, databaseUrl: databaseUrl() });
    await eventually(async () => load.acknowledged.length >= acknowledgedBeforeRestart + 40, 60_000, 50);
  } finally {
    await load.stop();
  }

  // what was refused was refused as unavailable, not as anything else
  expect(load.refused.length).toBeGreaterThan(0);
  expect(new Set(load.refused.flatMap((r) => r.codes))).toEqual(new Set(['SUBGRAPH_UNAVAILABLE']));

  // every acknowledged report is in the database, as the record it was acknowledged with
  const acknowledged = load.acknowledged;
  const stored: { message_id: string; id: string }[] = await hub.dataSource.query(
    'SELECT message_id, id FROM stage_record WHERE provider_bin = $1 AND message_id = ANY($2)', [JUSTICE_BIN, acknowledged.map((a) => a.messageId)]);
  expect(stored).toHaveLength(acknowledged.length);
  expect(new Map(stored.map((r) => [r.message_id, r.id]))).toEqual(new Map(acknowledged.map((a) => [a.messageId, a.recordId])));

  // a refused report may or may not have been committed before the kill; resent with its message id, each is recorded once
  const refusedIds = load.refused.map((r) => r.input.messageId as string);
  const committedAnyway = new Set(await storedMessageIds(hub.dataSource, JUSTICE_BIN, refusedIds));
  for (const refused of load.refused) {
    const receipt = await resendUntilAcknowledged(send, refused.input);
    expect(receipt.duplicate).toBe(committedAnyway.has(receipt.messageId));
  }
  const [{ n, distinct }] = await hub.dataSource.query(
    'SELECT count(*)::int AS n, count(DISTINCT message_id)::int AS distinct FROM stage_record WHERE provider_bin = $1 AND message_id = ANY($2)', [JUSTICE_BIN, refusedIds]);
  expect({ n, distinct }).toEqual({ n: refusedIds.length, distinct: refusedIds.length });
  note('subgraph-kill', { acknowledged: acknowledged.length, refused: load.refused.length, refusedButCommitted: committedAnyway.size, codeWhileDown });
}, 240_000);
