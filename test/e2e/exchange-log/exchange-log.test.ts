import { randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SHA256, verifyConsistency, verifyInclusion } from '../../../lib/merkle';
import { checkProofFile } from '../../../scripts/log-cli';
import { exportLog } from '../../../subgraphs/statuses/log/log.export';
import { recordLeafHash } from '../../../subgraphs/statuses/log/log.record';
import { ExportLine, headSignatureProblem, LogVerdict, verifyLog } from '../../../subgraphs/statuses/log/log.verify';
import { eventually, file, operatorToken, POST_RESULT, providerSigner, signed as signedBy, signedSubmission, signerOf, SUBMIT } from '../../support/applications';
import { consentBy, LOOKUP, singleLookup } from '../../support/documents';
import { startHub, TestHub } from '../../support/hub';
import { registration, REPORT_STAGE, signed } from '../../support/reports';
import { AKIMAT_BIN, CITIZEN_IIN, JUSTICE_BIN, OTHER_CITIZEN_IIN, tokenFor } from '../../support/tokens';

/**
 * The exchange log (issue 18) through the gateway: every accepted message kind gets a leaf in the
 * transaction that accepts it, proofs verify offline against the hub's signed tree heads with only
 * the hub's certificate, each party sees only its own, and the offline verifier pinpoints each
 * kind of tampering done directly in PostgreSQL.
 */

const PROOF = `query($id: String!) { logInclusionProof(messageId: $id) {
  messageId kind record leafHash index auditPath treeHead { treeSize rootHash hashAlgorithm issuedAt body signature } } }`;
const HEAD = '{ logTreeHead { treeSize rootHash hashAlgorithm body signature } }';
const CONSISTENCY = 'query($from: Int!, $to: Int!) { logConsistencyProof(from: $from, to: $to) { from to proof fromRoot toRoot fromHead { rootHash } toHead { rootHash } } }';

let hub: TestHub;
let hubCertificate: X509Certificate;
/** where this file's leaves start: earlier files of the run share the database */
let startSize: number;
const provider = tokenFor('provider', { bin: JUSTICE_BIN });
const analyst = tokenFor('analyst', { sub: 'analyst-log' });
const admin = tokenFor('admin', { sub: 'admin-log' });
const citizen = tokenFor('citizen', { iin: CITIZEN_IIN, sub: 'citizen-log' });

const fx = {} as { report: Record<string, any>; accessId: string; incidentId: string; submitted: { id: string; number: string } };

beforeAll(async () => {
  hub = await startHub();
  hubCertificate = new X509Certificate(readFileSync(path.join(process.env.TEST_PKI_DIR!, 'demo', 'hub.pem')));
  const [{ n }] = await hub.dataSource.query('SELECT (SELECT count(*) FROM log_leaf) + (SELECT count(*) FROM log_leaf_pending) AS n');
  startSize = Number(n);
  fx.report = registration({ recipient: { surname: 'Сейткали', name: 'Арман', iinOrBin: CITIZEN_IIN } });
  const reported = await hub.query(REPORT_STAGE, { input: signed(fx.report) }, provider);
  if (reported.errors) throw new Error(JSON.stringify(reported.errors));
  const consent = consentBy(signerOf('citizen', CITIZEN_IIN), { subjectIinBin: CITIZEN_IIN });
  const looked = await hub.query(LOOKUP, { input: singleLookup({ documentType: 'REAL_ESTATE_TITLE', subjectIinBin: CITIZEN_IIN, consent }) }, operatorToken());
  if (looked.errors) throw new Error(JSON.stringify(looked.errors));
  const [access] = await hub.dataSource.query('SELECT id FROM data_access WHERE document_id = $1', [looked.data.lookupDocument.id]);
  fx.accessId = access.id;
  // over long before any month a report test generates: an open hub incident would make every later
  // late request of the run's shared database a technical violation
  const incident = await hub.query('mutation($input: IncidentInput!) { recordIncident(input: $input) { id } }', { input: { system: 'HUB', startedAt: '2001-01-01T10:00:00+06:00', endedAt: '2001-01-01T11:00:00+06:00', description: 'журнал обмена' } }, admin);
  if (incident.errors) throw new Error(JSON.stringify(incident.errors));
  fx.incidentId = incident.data.recordIncident.id;
  const submitted = await hub.query(SUBMIT, { input: signedSubmission({ serviceCode: 'LAND-PLOT', attachments: [
    { documentType: 'IDENTITY', file: file('удостоверение (скан)') }, { documentType: 'REAL_ESTATE_TITLE', documentId: looked.data.lookupDocument.id },
  ] }) }, operatorToken());
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  fx.submitted = submitted.data.submitApplication.application;
  const result = signedBy({ messageId: randomUUID(), providerBin: AKIMAT_BIN, applicationNumber: fx.submitted.number, outcome: 'ISSUED', decidedAt: new Date().toISOString(), executor: 'Исполнитель', document: file('решение', 'decision.pdf') }, providerSigner(AKIMAT_BIN));
  const posted = await hub.query(POST_RESULT, { input: result }, tokenFor('provider', { bin: AKIMAT_BIN }));
  if (posted.errors) throw new Error(JSON.stringify(posted.errors));
});
afterAll(async () => { await hub?.stop(); });

function checkProof(proof: any): void {
  expect(proof.index).not.toBeNull();
  const leaf = recordLeafHash(SHA256, JSON.parse(proof.record));
  expect(leaf.toString('hex')).toBe(proof.leafHash);
  const head = proof.treeHead;
  expect(headSignatureProblem(head, hubCertificate)).toBeUndefined();
  expect(JSON.parse(head.body)).toMatchObject({ treeSize: head.treeSize, rootHash: head.rootHash, hash: 'sha-256' });
  expect(verifyInclusion(SHA256, leaf, proof.index, head.treeSize, proof.auditPath.map((p: string) => Buffer.from(p, 'hex')), Buffer.from(head.rootHash, 'hex'))).toBe(true);
}

describe('every accepted message is a leaf, written with the message', () => {
  it('logs a stage report, a submission, its delivery, a response, a lookup, an incident revision and the hub\'s own stages', async () => {
    const kinds = await hub.dataSource.query(
      `SELECT kind, count(*)::int AS n FROM (SELECT kind, application_id, message_id FROM log_leaf UNION ALL SELECT kind, application_id, message_id FROM log_leaf_pending) l
        WHERE application_id = $1 OR message_id IN ($2, $3) GROUP BY kind ORDER BY kind`,
      [fx.submitted.id, fx.accessId, `${fx.incidentId}#1`],
    );
    expect(kinds).toEqual([{ kind: 'DATA_ACCESS', n: 1 }, { kind: 'DELIVERY', n: 1 }, { kind: 'INCIDENT_REVISION', n: 1 }, { kind: 'REQUEST_SUBMITTED', n: 1 }, { kind: 'RESPONSE', n: 1 }, { kind: 'STAGE_REPORT', n: expect.any(Number) }]);
  });

  it('logs a delivery when a request\'s actual delivery time is recorded, once', async () => {
    const id = randomUUID();
    await hub.dataSource.query(`INSERT INTO exchange_message (id, message_id, direction, counterpart_bin, kind, application_id, attempts, created_at, outcome, size_bytes, sha256)
      VALUES ($1, $2, 'OUT', $3, 'REQUEST', $4, 0, now(), 'PENDING', 10, repeat('a', 64))`, [id, `req-${id}`, AKIMAT_BIN, fx.submitted.id]);
    const leaves = () => hub.dataSource.query("SELECT kind FROM (SELECT kind, source_key FROM log_leaf UNION ALL SELECT kind, source_key FROM log_leaf_pending) l WHERE source_key = $1", [id]);
    expect(await leaves()).toEqual([]);
    await hub.dataSource.query("UPDATE exchange_message SET delivered_at = now(), outcome = 'DELIVERED' WHERE id = $1", [id]);
    await hub.dataSource.query("UPDATE exchange_message SET answered_at = now() WHERE id = $1", [id]);
    expect(await leaves()).toEqual([{ kind: 'DELIVERY' }]);
  });

  it('leaves nothing of a refused report', async () => {
    const refused = registration({ messageId: `refused-${randomUUID()}`, recipient: { surname: 'А', name: 'Б', iinOrBin: '12345' } });
    const answer = await hub.query(REPORT_STAGE, { input: signed(refused) }, provider);
    expect(answer.errors?.[0].extensions?.code).toBe('INVALID_IIN_BIN');
    expect(await hub.dataSource.query('SELECT 1 FROM log_leaf_pending WHERE message_id = $1 UNION ALL SELECT 1 FROM log_leaf WHERE message_id = $1', [refused.messageId])).toEqual([]);
  });
});

describe('proofs through the gateway', () => {
  it('proves a provider\'s stage report against a tree head the hub signed', async () => {
    const answer = await hub.query(PROOF, { id: fx.report.messageId }, provider);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.logInclusionProof).toHaveLength(1);
    const [proof] = answer.data.logInclusionProof;
    expect(proof.kind).toBe('STAGE_REPORT');
    expect(JSON.parse(proof.record)).toMatchObject({ kind: 'STAGE_REPORT', messageId: fx.report.messageId, sender: JUSTICE_BIN });
    checkProof(proof);
  });

  it('gives the recipient the proof of their application\'s stage and of a lookup of their data, and an auditor an incident\'s revision', async () => {
    checkProof((await hub.query(PROOF, { id: fx.report.messageId }, citizen)).data.logInclusionProof[0]);
    checkProof((await hub.query(PROOF, { id: fx.accessId }, citizen)).data.logInclusionProof[0]);
    checkProof((await hub.query(PROOF, { id: `${fx.incidentId}#1` }, analyst)).data.logInclusionProof[0]);
  });

  it('lets anyone check a saved proof offline with the hub\'s certificate, and refuses a doctored one', async () => {
    const answer = await hub.query(PROOF, { id: fx.report.messageId }, citizen);
    const dir = mkdtempSync(path.join(tmpdir(), 'proof-'));
    const certificate = path.join(process.env.TEST_PKI_DIR!, 'demo', 'hub.pem');
    writeFileSync(path.join(dir, 'proof.json'), JSON.stringify(answer));
    expect(checkProofFile(path.join(dir, 'proof.json'), certificate)).toEqual([]);
    const [proof] = answer.data.logInclusionProof;
    const doctored = { ...proof, record: proof.record.replace(JUSTICE_BIN, AKIMAT_BIN) };
    writeFileSync(path.join(dir, 'doctored.json'), JSON.stringify(doctored));
    expect(checkProofFile(path.join(dir, 'doctored.json'), certificate)).toEqual(['the leaf hash is not the hash of the record', `the audit path does not lead from leaf ${proof.index} to the signed root`]);
  });

  it('refuses someone else\'s messages', async () => {
    const codes = async (token: string, id: string) => (await hub.query(PROOF, { id }, token)).errors?.map((e) => e.extensions?.code);
    expect(await codes(tokenFor('citizen', { iin: OTHER_CITIZEN_IIN }), fx.report.messageId)).toEqual(['FORBIDDEN']);
    expect(await codes(tokenFor('provider', { bin: AKIMAT_BIN }), fx.report.messageId)).toEqual(['FORBIDDEN']);
    expect(await codes(tokenFor('citizen', { iin: OTHER_CITIZEN_IIN }), fx.accessId)).toEqual(['FORBIDDEN']);
    expect(await codes(operatorToken(), fx.report.messageId)).toEqual(['FORBIDDEN']);
    expect(await codes(citizen, `${fx.incidentId}#1`)).toEqual(['FORBIDDEN']);
  });

  it('proves that a later tree head extends an earlier one', async () => {
    const before = (await hub.query(HEAD, {}, citizen)).data.logTreeHead;
    const more = registration({ recipient: { surname: 'Сейткали', name: 'Арман', iinOrBin: CITIZEN_IIN } });
    await hub.query(REPORT_STAGE, { input: signed(more) }, provider);
    const after = await eventually(async () => {
      const head = (await hub.query(HEAD, {}, citizen)).data.logTreeHead;
      return head.treeSize > before.treeSize && head;
    });
    expect(headSignatureProblem(after, hubCertificate)).toBeUndefined();
    const answer = (await hub.query(CONSISTENCY, { from: before.treeSize, to: after.treeSize }, provider)).data.logConsistencyProof;
    expect(answer.fromRoot).toBe(before.rootHash);
    expect(answer.toRoot).toBe(after.rootHash);
    expect(answer.toHead.rootHash).toBe(after.rootHash);
    const hexes = (xs: string[]) => xs.map((x) => Buffer.from(x, 'hex'));
    expect(verifyConsistency(SHA256, before.treeSize, after.treeSize, hexes(answer.proof), Buffer.from(before.rootHash, 'hex'), Buffer.from(after.rootHash, 'hex'))).toBe(true);
    const refused = await hub.query(CONSISTENCY, { from: after.treeSize + 5, to: after.treeSize + 6 }, provider);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'from' });
  });
});

describe('what a citizen sees', () => {
  it('shows on their access journal and on their application\'s timeline that each entry is in the log', async () => {
    await eventually(async () => (await hub.dataSource.query('SELECT count(*)::int AS n FROM log_leaf_pending'))[0].n === 0);
    const indexOf = async (table: string, key: string) => Number((await hub.dataSource.query('SELECT idx FROM log_leaf WHERE source_table = $1 AND source_key = $2', [table, key]))[0].idx);
    const journal = await hub.query('{ myDataAccess(first: 50) { nodes { id logEntry { index leafHash messageId } } } }', {}, citizen);
    expect(journal.errors).toBeUndefined();
    const entry = journal.data.myDataAccess.nodes.find((n: any) => n.id === fx.accessId);
    expect(entry.logEntry).toMatchObject({ index: await indexOf('data_access', fx.accessId), messageId: fx.accessId });
    const app = await hub.query('query($id: ID!) { application(id: $id) { timeline { id messageId logEntry { index messageId } } } }', { id: fx.submitted.id }, citizen);
    expect(app.errors).toBeUndefined();
    const timeline = app.data.application.timeline;
    expect(timeline.length).toBeGreaterThan(1);
    for (const stage of timeline) expect(stage.logEntry).toEqual({ index: await indexOf('stage_record', stage.id), messageId: stage.messageId });
  });
});

/** Exports the log through `client` (inside its transaction, so a tampering can be rolled back) and verifies it. */
async function verifyThrough(client: Client): Promise<LogVerdict> {
  const lines: ExportLine[] = [];
  for await (const line of exportLog(client)) lines.push(line);
  return verifyLog(lines, hubCertificate);
}

/** The problems about this file's leaves and the heads signed since it started (earlier files may have edited their own rows). */
const ours = (verdict: LogVerdict, heads: Set<number>) => verdict.problems.filter((p) => (p.leaf !== undefined && p.leaf >= startSize) || (p.head !== undefined && heads.has(p.head)));

describe('the offline verifier', () => {
  let client: Client;
  let headsSince: Set<number>;
  let leafOf: (messageId: string) => Promise<number>;

  beforeAll(async () => {
    // every leaf of this file sequenced and covered by a head
    await eventually(async () => {
      const [row] = await hub.dataSource.query('SELECT (SELECT count(*) FROM log_leaf_pending)::int AS pending, (SELECT max(tree_size) FROM log_tree_head) AS head, (SELECT count(*) FROM log_leaf) AS size');
      return row.pending === 0 && Number(row.head) === Number(row.size);
    });
    headsSince = new Set((await hub.dataSource.query('SELECT id FROM log_tree_head WHERE tree_size > $1', [startSize])).map((r: { id: string }) => Number(r.id)));
    leafOf = async (messageId) => Number((await hub.dataSource.query('SELECT idx FROM log_leaf WHERE message_id = $1 ORDER BY idx LIMIT 1', [messageId]))[0].idx);
    client = new Client({ connectionString: hub.databaseUrl });
    await client.connect();
  });
  afterAll(async () => { await client.end(); });
  beforeEach(async () => { await client.query('BEGIN'); });
  afterEach(async () => { await client.query('ROLLBACK'); });

  it('finds nothing wrong with the log as the hub wrote it', async () => {
    const verdict = await verifyThrough(client);
    expect(verdict.leaves).toBeGreaterThan(startSize);
    expect(ours(verdict, headsSince)).toEqual([]);
  });

  it('names the stage record changed after it was logged', async () => {
    const index = await leafOf(fx.report.messageId);
    await client.query("UPDATE stage_record SET occurred_at = occurred_at - interval '1 day' WHERE message_id = $1", [fx.report.messageId]);
    const [first] = ours(await verifyThrough(client), headsSince);
    expect(first).toMatchObject({ leaf: index });
    expect(first.message).toContain(`STAGE_REPORT ${fx.report.messageId}`);
    expect(first.message).toContain('differs from what was logged');
  });

  it('names the access-journal entry deleted', async () => {
    const index = await leafOf(fx.accessId);
    // as a superuser would: past the documents that refer to it
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query('DELETE FROM data_access WHERE id = $1', [fx.accessId]);
    const [first] = ours(await verifyThrough(client), headsSince);
    expect(first).toMatchObject({ leaf: index });
    expect(first.message).toContain(`DATA_ACCESS ${fx.accessId}`);
    expect(first.message).toContain('record is gone');
  });

  it('names the leaves reordered, and no signed root matches any more', async () => {
    const a = await leafOf(fx.report.messageId);
    const b = await leafOf(fx.accessId);
    await client.query('UPDATE log_leaf SET idx = -1 WHERE idx = $1', [a]);
    await client.query('UPDATE log_leaf SET idx = $1 WHERE idx = $2', [a, b]);
    await client.query('UPDATE log_leaf SET idx = $1 WHERE idx = -1', [b]);
    const problems = ours(await verifyThrough(client), headsSince);
    expect(problems[0]).toMatchObject({ leaf: Math.min(a, b) });
    expect(problems[0].message).toContain(`not the leaf sequenced at index ${Math.min(a, b)}`);
  });

  it('catches a rewritten record even when its leaf and node were rewritten to match: the signed root no longer does', async () => {
    const index = await leafOf(fx.report.messageId);
    await client.query("UPDATE stage_record SET occurred_at = occurred_at - interval '1 day' WHERE message_id = $1", [fx.report.messageId]);
    const { rows: [{ record }] } = await client.query('SELECT log_record(source_table, source_key) AS record FROM log_leaf WHERE idx = $1', [index]);
    const forged = recordLeafHash(SHA256, record);
    await client.query('UPDATE log_leaf SET leaf_hash = $1 WHERE idx = $2', [forged, index]);
    await client.query('UPDATE log_node SET hash = $1 WHERE level = 0 AND idx = $2', [forged, index]);
    const problems = ours(await verifyThrough(client), headsSince);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.head !== undefined)).toBe(true);
    expect(problems[0].message).toContain('do not give the root the hub signed');
  });

  it('names the tree head rewritten in PostgreSQL', async () => {
    const [{ id }] = (await client.query('SELECT id FROM log_tree_head WHERE tree_size > $1 ORDER BY id LIMIT 1', [startSize])).rows;
    await client.query("UPDATE log_tree_head SET root_hash = decode(repeat('00', 32), 'hex'), body = replace(body, encode(root_hash, 'hex'), repeat('00', 32)) WHERE id = $1", [id]);
    const [first] = ours(await verifyThrough(client), headsSince);
    expect(first).toMatchObject({ head: Number(id) });
    expect(first.message).toContain('signature does not verify');
  });
});
