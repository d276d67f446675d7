import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { canonicalJsonBytes, MerkleTree, SHA256 } from '../lib/merkle';
import { HubSigner, startSignatureVerifier } from '../subgraphs/signatures/api';
import { LogSequencer } from '../subgraphs/statuses/log/log.sequencer';
import { recordLeafHash, treeHeadBody } from '../subgraphs/statuses/log/log.record';
import { ExportLine, verifyLog } from '../subgraphs/statuses/log/log.verify';
import { BenchHub, cpuLine, cpuPer, envInt, hubCpuName, fmt, JUSTICE_BIN, nowMs, onHubThread, ratio, registration, REPORT_STAGE, ScenarioResult, signAs, tokenFor, verdict } from './harness';
import { runLoad } from './load';

/** One stage report's record as the log keeps it (the shape log_record gives), numbered. */
function syntheticRecord(i: number) {
  return {
    v: 1, kind: 'STAGE_REPORT', messageId: `bench-${i}`, sender: JUSTICE_BIN, receivedAt: '2026-11-29T10:00:00.123456Z',
    signature: { payloadSha256: createHash('sha256').update(String(i)).digest('hex'), signatureSha256: createHash('sha256').update(`s${i}`).digest('hex'), signedAt: '2026-11-29T09:59:59.000000Z', receivedAt: '2026-11-29T10:00:00.123456Z' },
    applicationId: '00000000-0000-4000-8000-000000000000', stage: 3, occurredAt: '2026-11-29T09:00:00.000000Z', outcome: null, refusalReason: null,
    report: { providerBin: JUSTICE_BIN, applicationNumber: `A-${i}`, stage: 'ACCEPTED_INTO_WORK', occurredAt: '2026-11-29T14:00:00+05:00', messageId: `bench-${i}`, executor: 'Исполнитель' },
    reportedBy: 'bench',
  };
}

/**
 * The exchange log's cost (issue 18): per stage report, the leaf written by the trigger in the
 * report's transaction (PostgreSQL time) plus the sequencer's CPU for it, against the hub thread's
 * own CPU per report measured in the same run; and the offline verifier over a million leaves
 * against merely hashing the same records.
 */
export async function benchExchangeLog(hub: BenchHub, log: (msg: string) => void): Promise<ScenarioResult> {
  const reports = envInt('BENCH_LOG_REPORTS', 1000, 50);
  const leaves = envInt('BENCH_LOG_VERIFY_LEAVES', 1_000_000, 1000);
  const connections = envInt('BENCH_CONNECTIONS', 16);

  // the baseline: the hub thread's CPU per stage report, with the log's trigger in its transaction
  const signer = hub.signer('provider', JUSTICE_BIN);
  const run = randomUUID().slice(0, 8);
  const bodies = Array.from({ length: reports }, (_, i) => JSON.stringify({ query: REPORT_STAGE, variables: { input: signAs(signer, registration({ applicationNumber: `LOG-${run}-${i}` })) } }));
  const token = tokenFor('provider', { bin: JUSTICE_BIN, sub: 'bench-log' });
  log(`exchange-log: ${reports} stage reports through the gateway`);
  const { result: sent, thread } = await onHubThread(() => runLoad({ url: hub.gatewayUrl, headers: { authorization: `Bearer ${token}` }, connections, seconds: 600, expect: '"duplicate":false', label: 'reportStage (exchange log)', bodies }));
  const cpuMsPerReport = cpuPer(thread, sent.ok + sent.failed);

  // the trigger's share of the write path: log_append for as many stage records, on one connection, rolled back
  const client = new Client({ connectionString: hub.databaseUrl, application_name: 'qyzmet-bench-log' });
  await client.connect();
  let triggerMsPerLeaf = NaN;
  try {
    await client.query('BEGIN');
    const t = nowMs();
    const { rowCount } = await client.query("SELECT log_append('STAGE_REPORT', 'stage_record', id::text, application_id, NULL, provider_bin) FROM stage_record ORDER BY seq DESC LIMIT $1", [reports]);
    triggerMsPerLeaf = (nowMs() - t) / Math.max(1, rowCount ?? 0);
    await client.query('ROLLBACK');
  } finally {
    await client.end();
  }

  // the sequencer's CPU per leaf: this process's sequencer takes everything pending (the reports' leaves among them)
  const verifier = await startSignatureVerifier({ trustStoreDir: path.join(hub.pkiDir, 'trust'), crlDir: path.join(hub.pkiDir, 'crl'), crlUrls: [], crlRefreshMinutes: 60, demo: true });
  const hubSigner = HubSigner.load({ certFile: path.join(hub.pkiDir, 'demo', 'hub.pem'), keyFile: path.join(hub.pkiDir, 'demo', 'hub.key') }, verifier.verifier);
  const sequencer = new LogSequencer({ databaseUrl: hub.databaseUrl, hash: SHA256, sign: (body) => hubSigner.signBytesOf(body), sthSeconds: 3600 });
  let sequenced = 0;
  let led = false;
  const cpu = process.cpuUsage();
  const seqStart = nowMs();
  try {
    await sequencer.tick(); // leads and takes the backlog
    // as npm start runs it, statuses' own sequencer leads and has already taken the leaves: its share is inside statuses' CPU then
    led = sequencer.isLeader;
    if (led) for (let n = await sequencer.sequence(); n > 0; n = await sequencer.sequence()) sequenced += n;
    const [{ size }] = (await hub.dataSource.query('SELECT count(*)::int AS size FROM log_leaf'));
    sequenced = size;
    if (led) await sequencer.signHead();
  } finally {
    await sequencer.stop();
    verifier.stop();
  }
  const used = process.cpuUsage(cpu);
  const sequencerCpuMsPerLeaf = led ? (used.user + used.system) / 1000 / Math.max(1, sequenced) : NaN;
  const sequencerWallMs = nowMs() - seqStart;
  const logMsPerReport = triggerMsPerLeaf + sequencerCpuMsPerLeaf;

  // offline verification of a million leaves: the heads are signed first (untimed), then verifyLog runs over the lines
  log(`exchange-log: building a log of ${leaves.toLocaleString('en')} leaves to verify`);
  const tree = new MerkleTree(SHA256);
  for (let i = 0; i < leaves; i++) tree.append(recordLeafHash(SHA256, syntheticRecord(i)));
  const heads: ExportLine[] = [];
  for (let size = Math.min(100_000, leaves), id = 1; ; size = Math.min(size + 100_000, leaves), id++) {
    const body = treeHeadBody(SHA256, size, tree.root(size), new Date());
    heads.push({ t: 'head', id, treeSize: size, rootHash: body.rootHash, hashAlgorithm: 'sha-256', issuedAt: body.timestamp, body: canonicalJsonBytes(body).toString('utf8'), signature: hubSigner.signBytesOf(body) });
    if (size === leaves) break;
  }
  function* lines(): Generator<ExportLine> {
    yield { t: 'log', v: 1, hash: 'sha-256', exportedAt: new Date().toISOString() };
    yield* heads;
    for (let i = 0; i < leaves; i++) {
      const leafHash = tree.leaf(i).toString('hex');
      yield { t: 'leaf', index: i, kind: 'STAGE_REPORT', messageId: `bench-${i}`, table: 'stage_record', key: String(i), leafHash, nodeHash: leafHash, record: syntheticRecord(i) };
    }
  }
  const certificate = new X509Certificate(readFileSync(path.join(hub.pkiDir, 'demo', 'hub.pem')));
  log('exchange-log: verifying offline');
  const vStart = nowMs();
  const checked = await verifyLog(lines(), certificate);
  const verifyMs = nowMs() - vStart;
  // baseline: only making and hashing the same records (SHA-256 of their RFC 8785 bytes), no tree, no checks
  const bStart = nowMs();
  for (let i = 0; i < leaves; i++) createHash('sha256').update(canonicalJsonBytes(syntheticRecord(i))).digest();
  const hashMs = nowMs() - bStart;

  return {
    id: 'exchange-log',
    title: '7. Exchange log: cost per stage report, offline verification',
    method: [
      `ours (cost): the log's work for one stage report = the trigger's PostgreSQL time (log_append over ${reports} stage records on one connection, rolled back: ${fmt(triggerMsPerLeaf, 3)} ms a leaf) + the sequencer's CPU (this process's sequencer taking ${sequenced} leaves, the reports' among them, in ${fmt(sequencerWallMs, 0)} ms: ${fmt(sequencerCpuMsPerLeaf, 3)} ms a leaf)`,
      `baseline (cost): the ${hubCpuName()} per stage report (${sent.ok} registering reports through the gateway, ${connections} connections; each report's transaction already writes its leaf; by process: ${cpuLine(thread, sent.ok + sent.failed)})`,
      `ours (verify): verifyLog over ${leaves.toLocaleString('en')} synthetic stage-report leaves and ${heads.length} signed tree heads (every leaf recomputed, the tree rebuilt, each head's CMS signature, root and consistency with the one before checked); ${checked.problems.length} problems found`,
      'baseline (verify): making the same records and SHA-256 of their RFC 8785 bytes, nothing else',
    ],
    sizes: { reports, 'leaves verified': leaves },
    rows: [
      { measure: `log ms per stage report vs the ${hubCpuName()} ms per report`, ours: fmt(logMsPerReport, 3), baseline: fmt(cpuMsPerReport, 2), ratio: ratio(logMsPerReport, cpuMsPerReport), target: 'under 0.10x', verdict: led ? verdict(logMsPerReport / cpuMsPerReport < 0.1, `trigger ${fmt(triggerMsPerLeaf, 3)} ms + sequencer ${fmt(sequencerCpuMsPerLeaf, 3)} ms`) : `NOT MEASURED: the statuses process's own sequencer leads (as npm start runs it), so the sequencer's share cannot be told apart from statuses' CPU per report; trigger alone ${fmt(triggerMsPerLeaf, 3)} ms (BENCH_TOPOLOGY=single measures it)` },
      { measure: `seconds to verify ${leaves.toLocaleString('en')} leaves offline vs hashing their records`, ours: fmt(verifyMs / 1000, 1), baseline: fmt(hashMs / 1000, 1), ratio: ratio(verifyMs, hashMs), verdict: verdict(checked.ok, `${checked.problems.length} problems: ${checked.problems[0]?.message ?? ''}`) },
    ],
    data: { cpuMsPerReport, triggerMsPerLeaf, sequencerCpuMsPerLeaf, sequenced, verifyMs, hashMs, leaves, heads: heads.length, reportsOk: sent.ok, reportsFailed: sent.failed },
  };
}
