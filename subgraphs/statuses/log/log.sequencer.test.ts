import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { describeVerdict, exportTo, verifyFrom } from '../../../scripts/log-cli';
import { SHA256 } from '../../../lib/merkle';
import { HubSigner, startSignatureVerifier } from '../../signatures/api';
import { STREEBOG256 } from './log.hash';
import { LogSequencer } from './log.sequencer';

/**
 * The sequencer against the run's PostgreSQL: one instance leads, leaves are numbered without a
 * gap across a change of leader, tree heads are signed by the hub, and the export / verify-log
 * pair round-trips through a file.
 */
const databaseUrl = process.env.TEST_DATABASE_URL!;
const pkiDir = process.env.TEST_PKI_DIR!;
let db: Client;
let signer: HubSigner;
let stopVerifier: () => void;
const running: LogSequencer[] = [];

function sequencer(): LogSequencer {
  const s = new LogSequencer({ databaseUrl, hash: SHA256, sign: (body) => signer.signBytesOf(body), sthSeconds: 3600 });
  running.push(s);
  return s;
}

/** An incident with one revision, written as the statuses subgraph writes it: a leaf is pending with it. */
async function incident(): Promise<string> {
  const id = randomUUID();
  await db.query('BEGIN');
  await db.query("INSERT INTO incident (id, system_kind, started_at, description, removed, revision) VALUES ($1, 'HUB', now(), 'сбой', false, 1)", [id]);
  await db.query("INSERT INTO incident_revision (incident_id, revision, action, at, by_subject, by_role, snapshot) VALUES ($1, 1, 'RECORDED', now(), 'admin-seq', 'admin', '{}')", [id]);
  await db.query('COMMIT');
  return `${id}#1`;
}

const indexOf = async (messageId: string) => Number((await db.query('SELECT idx FROM log_leaf WHERE message_id = $1', [messageId])).rows[0]?.idx ?? NaN);

beforeAll(async () => {
  db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const verifier = await startSignatureVerifier({ trustStoreDir: path.join(pkiDir, 'trust'), crlDir: path.join(pkiDir, 'crl'), crlUrls: [], crlRefreshMinutes: 60, demo: true });
  stopVerifier = () => verifier.stop();
  signer = HubSigner.load({ certFile: path.join(pkiDir, 'demo', 'hub.pem'), keyFile: path.join(pkiDir, 'demo', 'hub.key') }, verifier.verifier);
});
afterAll(async () => {
  for (const s of running) await s.stop();
  await db.end();
  stopVerifier();
});

describe('the exchange log\'s sequencer', () => {
  it('lets only the holder of the advisory lock sequence, and another take over when it goes, without a gap', async () => {
    const a = sequencer();
    const b = sequencer();
    await a.tick();
    await b.tick();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    const first = await incident();
    await b.tick();
    expect(await db.query('SELECT 1 FROM log_leaf WHERE message_id = $1', [first]).then((r) => r.rowCount)).toBe(0);
    await a.tick();
    const firstIndex = await indexOf(first);
    expect(firstIndex).toBeGreaterThanOrEqual(0);

    const second = await incident();
    await a.stop();
    await b.tick();
    expect(b.isLeader).toBe(true);
    expect(await indexOf(second)).toBeGreaterThan(firstIndex);
    const { rows: [gaps] } = await db.query('SELECT count(*)::int AS leaves, (max(idx) + 1)::int AS size FROM log_leaf');
    expect(gaps.leaves).toBe(gaps.size);
  });

  it('signs a tree head over every leaf taken, verifiable with the hub\'s certificate alone', async () => {
    const leader = running.find((s) => s.isLeader)!;
    const id = await incident();
    await leader.tick();
    await leader.signHead();
    const { rows: [head] } = await db.query('SELECT tree_size, body FROM log_tree_head ORDER BY id DESC LIMIT 1');
    expect(Number(head.tree_size)).toBeGreaterThan(await indexOf(id));
    expect(JSON.parse(head.body)).toMatchObject({ log: 'qyzmet-hub exchange log', hash: 'sha-256', treeSize: Number(head.tree_size) });
    const certificate = path.join(pkiDir, 'demo', 'hub.pem');
    const verdict = await verifyFrom({ databaseUrl }, certificate);
    expect(verdict.heads).toBeGreaterThan(0);
    expect(verdict.leaves).toBe(Number(head.tree_size));
  });

  it('will not sequence with another hash than the log was built with (LOG_HASH is fixed for its life)', async () => {
    for (const s of running) await s.stop();
    const told: string[] = [];
    const gost = new LogSequencer({ databaseUrl, hash: STREEBOG256, sign: (body) => signer.signBytesOf(body), sthSeconds: 3600, log: (m) => told.push(m) });
    running.push(gost);
    await gost.tick();
    expect(gost.isLeader).toBe(false);
    expect(told.join('\n')).toContain('the log was built with sha-256, not streebog-256');
    await gost.stop();
    const again = sequencer();
    await again.tick();
    expect(again.isLeader).toBe(true);
  });

  it('exports the log to a file that verify-log checks offline, and pinpoints an incident revision changed since', async () => {
    const leader = running.find((s) => s.isLeader)!;
    const id = await incident();
    await leader.tick();
    await leader.signHead();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'log-')), 'log.jsonl');
    const certificate = path.join(pkiDir, 'demo', 'hub.pem');
    const written = await exportTo(databaseUrl, file);
    const clean = await verifyFrom({ file }, certificate);
    expect(clean.leaves).toBe(written);
    const index = await indexOf(id);
    expect(clean.problems.filter((p) => p.leaf !== undefined && p.leaf >= index)).toEqual([]);

    await db.query("UPDATE incident_revision SET reason = 'переписано' WHERE incident_id = $1", [id.split('#')[0]]);
    const tampered = await verifyFrom({ databaseUrl }, certificate);
    const ours = tampered.problems.filter((p) => p.leaf === index);
    expect(ours).toHaveLength(1);
    expect(ours[0].message).toContain(`INCIDENT_REVISION ${id}`);
    expect(describeVerdict(tampered)).toContain('problem(s); the first:');
    await db.query('UPDATE incident_revision SET reason = NULL WHERE incident_id = $1', [id.split('#')[0]]);
  });
});
