import { DataSource } from 'typeorm';
import { consistencyProof, consistencyRanges, inclusionProof, inclusionRanges, LeafRange, LogHash, NodeLookup, nodesOf, rangeHash } from '../../../lib/merkle';
import { ErrorCode, hubError } from '../../../platform/errors';
import { Identity, requireRole } from '../../../platform/identity';
import { logHash } from './log.hash';
import { LOG_HEAD_CHANNEL } from './log.sequencer';

export interface TreeHead {
  treeSize: number;
  rootHash: string;
  hashAlgorithm: string;
  issuedAt: Date;
  /** the RFC 8785 JSON the signature covers */
  body: string;
  /** base64 CMS by the hub's certificate */
  signature: string;
}

export interface LeafRow {
  idx: number | null;
  kind: string;
  messageId: string;
  record: unknown;
  leafHash: string | null;
  applicationId: string | null;
  subjectIin: string | null;
  senderBin: string | null;
  recipientIin: string | null;
  providerBin: string | null;
}

export interface InclusionProof {
  messageId: string;
  kind: string;
  /** the canonical record (RFC 8785) the leaf is the hash of */
  record: string;
  leafHash: string | null;
  /** null while the leaf waits for the sequencer or for a tree head that covers it */
  index: number | null;
  auditPath: string[];
  treeHead: TreeHead | null;
}

/** Auditors see every leaf; everyone else only what the access table calls theirs. */
const AUDITORS = ['analyst', 'admin'] as const;
/** How long a proof waits for a tree head that covers a fresh leaf before it answers "pending". */
const HEAD_WAIT_MS = 5000;

export async function latestHead(dataSource: DataSource): Promise<TreeHead | null> {
  const [row] = await dataSource.query('SELECT tree_size, root_hash, hash_algorithm, issued_at, body, signature FROM log_tree_head ORDER BY id DESC LIMIT 1');
  return row ? headOf(row) : null;
}

async function headOfSize(dataSource: DataSource, size: number): Promise<TreeHead | null> {
  const [row] = await dataSource.query('SELECT tree_size, root_hash, hash_algorithm, issued_at, body, signature FROM log_tree_head WHERE tree_size = $1 ORDER BY id DESC LIMIT 1', [size]);
  return row ? headOf(row) : null;
}

function headOf(row: Record<string, unknown>): TreeHead {
  return { treeSize: Number(row.tree_size), rootHash: (row.root_hash as Buffer).toString('hex'), hashAlgorithm: String(row.hash_algorithm), issuedAt: new Date(row.issued_at as string), body: String(row.body), signature: String(row.signature) };
}

export function requireLogReader(identity: Identity | undefined): Identity {
  return requireRole(identity, 'citizen', 'operator', 'provider', 'contact_centre', 'partner', 'analyst', 'admin');
}

/** A citizen's leaves: their applications' and lookups of their data; a provider's: its own messages and its applications'. */
export function mayReadLeaf(who: Identity, leaf: LeafRow): boolean {
  if ((AUDITORS as readonly string[]).includes(who.role)) return true;
  if (who.role === 'citizen') return !!who.iin && (leaf.subjectIin === who.iin || leaf.recipientIin === who.iin);
  if (who.role === 'provider') return !!who.bin && (leaf.senderBin === who.bin || leaf.providerBin === who.bin);
  return false;
}

/**
 * The proofs that the messages with this id are in the log: leaf, index, audit path and the signed
 * tree head they lead to. FORBIDDEN when such messages exist but none is the caller's.
 */
export async function inclusionProofs(dataSource: DataSource, identity: Identity | undefined, messageId: string): Promise<InclusionProof[]> {
  const who = requireRole(identity, 'citizen', 'provider', 'analyst', 'admin');
  if (!messageId || messageId.length > 200) throw hubError(ErrorCode.InvalidArgument, 'messageId must be 1 to 200 characters', 'messageId');
  const readable = async () => {
    const all = await leavesOf(dataSource, messageId);
    const mine = all.filter((l) => mayReadLeaf(who, l));
    if (all.length && !mine.length) throw hubError(ErrorCode.Forbidden, 'These messages are not yours', 'messageId');
    return mine;
  };
  let leaves = await readable();
  if (!leaves.length) return [];
  let head = await latestHead(dataSource);
  const covered = () => leaves.every((l) => l.idx !== null && head && l.idx < head.treeSize);
  if (!covered()) {
    // a fresh message: ask the sequencer for a head now, and wait briefly for one that covers it
    await dataSource.query(`SELECT pg_notify('${LOG_HEAD_CHANNEL}', '')`);
    const deadline = Date.now() + HEAD_WAIT_MS;
    while (!covered() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      [leaves, head] = await Promise.all([readable(), latestHead(dataSource)]);
    }
  }
  return Promise.all(leaves.map((leaf) => proofOf(dataSource, leaf, head)));
}

async function proofOf(dataSource: DataSource, leaf: LeafRow, head: TreeHead | null): Promise<InclusionProof> {
  const base = { messageId: leaf.messageId, kind: leaf.kind, record: JSON.stringify(leaf.record), leafHash: leaf.leafHash };
  if (leaf.idx === null || !head || leaf.idx >= head.treeSize) return { ...base, index: leaf.idx, auditPath: [], treeHead: null };
  const hash = logHash(head.hashAlgorithm);
  const lookup = await nodeLookup(dataSource, inclusionRanges(leaf.idx, head.treeSize));
  return { ...base, index: leaf.idx, auditPath: inclusionProof(hash, leaf.idx, head.treeSize, lookup).map(hex), treeHead: head };
}

export interface ConsistencyAnswer {
  from: number;
  to: number;
  proof: string[];
  fromRoot: string;
  toRoot: string;
  /** the signed heads of these sizes, when the hub signed one */
  fromHead: TreeHead | null;
  toHead: TreeHead | null;
}

/** PROOF(from, D[to]) (RFC 9162 2.1.4.1) between two sizes the latest signed head covers. */
export async function consistency(dataSource: DataSource, identity: Identity | undefined, from: number, to: number): Promise<ConsistencyAnswer> {
  requireLogReader(identity);
  const head = await latestHead(dataSource);
  const max = head?.treeSize ?? 0;
  if (!Number.isInteger(from) || from < 0 || from > max) throw hubError(ErrorCode.InvalidArgument, `from must be a tree size from 0 to ${max}`, 'from');
  if (!Number.isInteger(to) || to < from || to > max) throw hubError(ErrorCode.InvalidArgument, `to must be a tree size from ${from} to ${max}`, 'to');
  const hash: LogHash = logHash(head?.hashAlgorithm ?? 'sha-256');
  const ranges = [...consistencyRanges(from, to), { start: 0, end: from }, { start: 0, end: to }].filter((r) => r.end > r.start);
  const lookup = await nodeLookup(dataSource, ranges);
  const rootOf = (size: number) => hex(rangeHash(hash, { start: 0, end: size }, lookup));
  return { from, to, proof: consistencyProof(hash, from, to, lookup).map(hex), fromRoot: rootOf(from), toRoot: rootOf(to), fromHead: await headOfSize(dataSource, from), toHead: await headOfSize(dataSource, to) };
}

/** The leaves of messages with this id, sequenced or still pending, with the parties of their application. */
export async function leavesOf(dataSource: DataSource, messageId: string): Promise<LeafRow[]> {
  return leafQuery(dataSource, 'message_id = $1', [messageId]);
}

/** The leaves of the given source rows (e.g. an application's stages, a citizen's access journal). */
export async function leavesOfSources(dataSource: DataSource, table: string, keys: string[]): Promise<Map<string, LeafRow & { sourceKey: string }>> {
  if (!keys.length) return new Map();
  const rows = await leafQuery(dataSource, 'source_table = $1 AND source_key = ANY($2::text[])', [table, keys]);
  return new Map(rows.map((r) => [(r as LeafRow & { sourceKey: string }).sourceKey, r as LeafRow & { sourceKey: string }]));
}

async function leafQuery(dataSource: DataSource, where: string, params: unknown[]): Promise<LeafRow[]> {
  const rows = await dataSource.query(
    `SELECT l.idx, l.kind, l.message_id, l.record, encode(l.leaf_hash, 'hex') AS leaf_hash, l.application_id, l.subject_iin, l.sender_bin, l.source_key, a.recipient_iin, a.provider_bin
       FROM (SELECT idx, kind, message_id, record, leaf_hash, application_id, subject_iin, sender_bin, source_key FROM log_leaf WHERE ${where}
             UNION ALL
             SELECT NULL, kind, message_id, record, NULL, application_id, subject_iin, sender_bin, source_key FROM log_leaf_pending WHERE ${where}) l
       LEFT JOIN application a ON a.id = l.application_id
      ORDER BY l.idx NULLS LAST`,
    params,
  );
  return rows.map((r: Record<string, unknown>) => ({
    idx: r.idx === null ? null : Number(r.idx), kind: String(r.kind), messageId: String(r.message_id), record: r.record, leafHash: (r.leaf_hash as string | null) ?? null,
    applicationId: (r.application_id as string | null) ?? null, subjectIin: (r.subject_iin as string | null) ?? null, senderBin: (r.sender_bin as string | null) ?? null,
    recipientIin: (r.recipient_iin as string | null) ?? null, providerBin: (r.provider_bin as string | null) ?? null, sourceKey: r.source_key,
  }));
}

/** Fetches at once every stored subtree the ranges need. */
async function nodeLookup(dataSource: DataSource, ranges: LeafRange[]): Promise<NodeLookup> {
  const ids = nodesOf(ranges);
  const rows = ids.length ? await dataSource.query('SELECT level, idx, hash FROM log_node WHERE (level, idx) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))', [ids.map((n) => n.level), ids.map((n) => n.index)]) : [];
  const nodes = new Map<string, Buffer>(rows.map((r: { level: number; idx: string; hash: Buffer }) => [`${r.level}:${r.idx}`, r.hash]));
  return (level, index) => {
    const found = nodes.get(`${level}:${index}`);
    if (!found) throw new Error(`The log lacks subtree ${level}:${index}`);
    return found;
  };
}

const hex = (b: Buffer) => b.toString('hex');
