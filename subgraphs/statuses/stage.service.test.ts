import { DataSource } from 'typeorm';
import { Identity } from '../../platform/identity';
import { boundBy, recordQueries, SentQuery, tableScans } from '../../test/support/explain';
import { createDataSource } from '../database';
import { Stage } from './stage';
import { listStageReports } from './stage.service';

/**
 * A provider's workstation (console, АРМ) lists its open requests by their ACCEPTED stage, newest
 * first (stageReports(filter: { stage: ACCEPTED, open: true })), on every refresh. The provider's
 * history is millions of stage records, nearly all of closed requests: the list must be found from
 * its open requests, not by walking every stage record it ever reported until enough open ones turn up.
 */
// this file's own provider: the run's database is shared with other files' requests
const PROVIDER = '990540000033';
const WORKSTATION: Identity = { subject: 'w', role: 'provider', bin: PROVIDER };
/** closed requests of the provider's history, and of other providers': enough for the planner to see national proportions (nearly all requests closed, the provider one of many) */
const HISTORY = 1500;
const OTHERS = 1500;

let dataSource: DataSource;
let sent: SentQuery[];
const open: string[] = [];

/** Requests of a provider with their ACCEPTED stage: open ones, or closed ones (history, with their CLOSED stage too). */
async function requests(count: number, closed: boolean, providerBin = PROVIDER): Promise<string[]> {
  const [signature] = await dataSource.query(`INSERT INTO signature (format, value, payload_sha256, received_at, verdict, signer_bin) VALUES ('CMS', 'x', repeat('0', 64), now(), 'VALID', $1) RETURNING id`, [PROVIDER]);
  const apps: { id: string }[] = await dataSource.query(
    `INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance, accepted_at, registered_at,
                              planned_date, current_stage, outcome, closed_at, completed_on, channel)
     SELECT $1, 'WS-' || gen_random_uuid(), 'Ищенко', 'Ольга', '900101300126', 'LAND-PLOT', 'Акимат', now(), now(), current_date,
            CASE WHEN $3 THEN 6 ELSE 1 END, CASE WHEN $3 THEN 'REFUSED' END, CASE WHEN $3 THEN now() END, CASE WHEN $3 THEN current_date END, 'PROVIDER'
       FROM generate_series(1, $2) RETURNING id`, [providerBin, count, closed]);
  await dataSource.query(
    `INSERT INTO stage_record (application_id, stage, occurred_at, received_at, provider_bin, message_id, report, signature_id, reported_by)
     SELECT id, stage, now(), now(), $2, gen_random_uuid()::text, '{}', $3, 'test' FROM unnest($1::uuid[]) AS id, unnest($4::smallint[]) AS stage`,
    [apps.map((a) => a.id), providerBin, signature.id, closed ? [1, 6] : [1]]);
  return apps.map((a) => a.id);
}

beforeAll(async () => {
  dataSource = createDataSource(process.env.TEST_DATABASE_URL!, 'stage-service-test');
  await dataSource.initialize();
  open.push(...await requests(2, false));
  await requests(HISTORY, true);
  open.push(...await requests(1, false));
  for (let i = 0; i < 15; i++) await requests(OTHERS / 15, true, `9906400000${String(i).padStart(2, '0')}`);
  sent = recordQueries(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
});

describe("a provider's workstation list", () => {
  const listOpen = () => listStageReports(dataSource, WORKSTATION, { stage: Stage.ACCEPTED, open: true }, 100, undefined, true);

  it('holds its open requests, newest first', async () => {
    const page = await listOpen();
    expect(page.rows.map((r) => r.applicationId)).toEqual([...open].reverse());
    expect(page.hasNextPage).toBe(false);
  });

  it("reaches the stage records from the provider's open requests, not through its whole history", async () => {
    sent.length = 0;
    await listOpen();
    const [query] = sent.filter((q) => /\bstage_record\b/.test(q.query));
    const scans = await tableScans(dataSource, query, ['application', 'stage_record']);
    // the open requests are those an index holds, not rows read to see whether they are open
    const requests = scans.filter((s) => s.relation === 'application');
    expect(requests.length).toBeGreaterThan(0);
    for (const scan of requests) {
      expect(boundBy(scan)).toMatch(/provider_bin/);
      expect(scan.filter ?? '').not.toMatch(/current_stage|closed_at/);
    }
    const records = scans.filter((s) => s.relation === 'stage_record');
    expect(records.length).toBeGreaterThan(0);
    for (const scan of records) expect(boundBy(scan)).toMatch(/application_id/);
  });
});
