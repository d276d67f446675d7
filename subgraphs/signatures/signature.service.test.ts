import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Identity } from '../../platform/identity';
import { boundBy, TableScan, tableScans } from '../../test/support/explain';
import { createDataSource } from '../database';
import { findSignatures, signatureOf } from './signature.service';
import { SignatureRow } from './signature.entity';

/**
 * A timeline's signatures are resolved together (the gateway asks for them in one _entities
 * request): the same visibility rule as for one signature, in two queries whatever their number.
 */
const CITIZEN = '900101300126';
const PROVIDER = '010840004568';
const OTHER_PROVIDER = '121240003216';

let dataSource: DataSource;
let queries = 0;
/** the last queries the service sent, with their parameters */
const sent: { query: string; parameters?: unknown[] }[] = [];
/** signatures of stages of the citizen's application (signed by the provider), one of another application, one the citizen signed, one an operator signed on a stage of the provider's */
const fx = { onOwnStages: [] as string[], elsewhere: '', ownSigned: '', signedByOperator: '' };

async function signature(signerIin: string | null, signerBin: string | null): Promise<string> {
  const [row] = await dataSource.query(
    `INSERT INTO signature (format, value, payload_sha256, received_at, verdict, signer_iin, signer_bin) VALUES ('CMS', 'x', repeat('0', 64), now(), 'VALID', $1, $2) RETURNING id`,
    [signerIin, signerBin]);
  return row.id;
}

async function application(recipientIin: string, providerBin: string, signatures: string[]): Promise<void> {
  const [app] = await dataSource.query(
    `INSERT INTO application (provider_bin, number, recipient_surname, recipient_name, recipient_iin, service_code, place_of_acceptance, accepted_at, registered_at, planned_date, current_stage, channel)
     VALUES ($1, $2, 'Ищенко', 'Ольга', $3, 'LAND-PLOT', 'Акимат', now(), now(), current_date, 1, 'PROVIDER') RETURNING id`,
    [providerBin, `SIG-${randomUUID()}`, recipientIin]);
  for (const [i, signatureId] of signatures.entries()) {
    await dataSource.query(
      `INSERT INTO stage_record (application_id, stage, occurred_at, received_at, provider_bin, message_id, report, signature_id, reported_by) VALUES ($1, $2, now(), now(), $3, $4, '{}', $5, 'test')`,
      [app.id, i + 1, providerBin, randomUUID(), signatureId]);
  }
}

beforeAll(async () => {
  dataSource = createDataSource(process.env.TEST_DATABASE_URL!, 'signature-service-test');
  await dataSource.initialize();
  for (let i = 0; i < 5; i++) fx.onOwnStages.push(await signature(null, PROVIDER));
  await application(CITIZEN, PROVIDER, fx.onOwnStages);
  fx.elsewhere = await signature(null, OTHER_PROVIDER);
  await application('850625401118', OTHER_PROVIDER, [fx.elsewhere]);
  fx.ownSigned = await signature(CITIZEN, null);
  fx.signedByOperator = await signature('870412300415', null);
  await application('870412300415', PROVIDER, [fx.signedByOperator]);
  // counted from here on: every query the service sends
  const quiet = () => undefined;
  Object.assign(dataSource, { logger: { logQuery: (query: string, parameters?: unknown[]) => { queries++; sent.push({ query, parameters }); }, logQueryError: quiet, logQuerySlow: quiet, logSchemaBuild: quiet, logMigration: quiet, log: quiet } });
});

afterAll(async () => {
  await dataSource?.destroy();
});

const citizen: Identity = { subject: 'c', role: 'citizen', iin: CITIZEN };
const outcome = (found: (SignatureRow | null | Error)[]) => found.map((f) => (f instanceof Error ? (f as Error & { extensions: { code: string } }).extensions.code : f && f.id));

describe('signatures looked up together', () => {
  it("shows a citizen the signatures on their own application's stages and their own, refuses another's, in two queries", async () => {
    const missing = randomUUID();
    const before = queries;
    const found = await findSignatures(dataSource, citizen, [...fx.onOwnStages, fx.elsewhere, fx.ownSigned, missing, 'not-a-uuid']);
    expect(queries - before).toBe(2);
    expect(outcome(found)).toEqual([...fx.onOwnStages, 'FORBIDDEN', fx.ownSigned, null, null]);
  });

  it("shows a provider its own applications' stages' signatures and refuses another provider's", async () => {
    const found = await findSignatures(dataSource, { subject: 'p', role: 'provider', bin: PROVIDER }, [fx.onOwnStages[0], fx.elsewhere]);
    expect(outcome(found)).toEqual([fx.onOwnStages[0], 'FORBIDDEN']);
  });

  it('shows the contact centre any, in one query, and refuses an anonymous caller', async () => {
    const before = queries;
    expect(outcome(await findSignatures(dataSource, { subject: 'cc', role: 'contact_centre' }, [fx.elsewhere, fx.onOwnStages[1]]))).toEqual([fx.elsewhere, fx.onOwnStages[1]]);
    expect(queries - before).toBe(1);
    await expect(findSignatures(dataSource, undefined, [fx.elsewhere])).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it("resolves one request's references together, each with its own answer or refusal", async () => {
    const context = {};
    const before = queries;
    const settled = await Promise.allSettled([...fx.onOwnStages, fx.elsewhere].map((id) => signatureOf(context, dataSource, citizen, id)));
    expect(queries - before).toBe(2);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value?.id : (s.reason as { extensions: { code: string } }).extensions.code))).toEqual([...fx.onOwnStages, 'FORBIDDEN']);
  });

  /** how the stage records behind a lookup are reached, by an EXPLAIN of the query the service sent */
  async function stageRecordAccess(identity: Identity, ids: string[]): Promise<TableScan[]> {
    sent.length = 0;
    expect(outcome(await findSignatures(dataSource, identity, ids))).toEqual(ids);
    const lookup = sent.find((q) => /stage_record/.test(q.query));
    expect(lookup).toBeDefined();
    return (await tableScans(dataSource, lookup!)).filter((scan) => scan.relation === 'stage_record');
  }

  // a provider has millions of applications: the stage records read must be those of the signatures
  // asked for, not every stage of every application it has (a citizen's few applications the planner
  // may walk either way)
  it("finds the stages behind the signatures a provider may see by the signatures' own ids", async () => {
    const ids = [fx.signedByOperator];
    const identity: Identity = { subject: 'p', role: 'provider', bin: PROVIDER };
    const access = await stageRecordAccess(identity, ids);
    expect(access.length).toBeGreaterThan(0);
    for (const scan of access) expect(boundBy(scan)).toMatch(/signature_id/);
  });
});
