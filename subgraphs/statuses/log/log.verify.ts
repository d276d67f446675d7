import { X509Certificate } from 'node:crypto';
import { canonicalJsonBytes, MerkleTree, verifyConsistency, verifyInclusion } from '../../../lib/merkle';
import { HUB_ALGORITHMS, selectAlgorithm } from '../../../lib/ecp/algorithms';
import { spkiOf } from '../../../lib/ecp/certificates';
import { checkMessageDigest, parseCms } from '../../../lib/ecp/cms';
import { logHash } from './log.hash';
import { recordLeafHash, TreeHeadBody } from './log.record';

/** One line of an export (`npm run export-log`, JSON lines): the log's heads, then its leaves in index order. */
export type ExportLine =
  | { t: 'log'; v: 1; hash: string; exportedAt: string }
  | { t: 'head'; id: number; treeSize: number; rootHash: string; hashAlgorithm: string; issuedAt: string; body: string; signature: string }
  | { t: 'leaf'; index: number; kind: string; messageId: string; table: string; key: string; leafHash: string; nodeHash: string | null; record: unknown };

export interface LogProblem {
  /** the leaf (index) or tree head (id) it is about */
  leaf?: number;
  head?: number;
  message: string;
}

export interface LogVerdict {
  ok: boolean;
  leaves: number;
  heads: number;
  problems: LogProblem[];
}

/**
 * Checks the hub's CMS signature over a tree head's bytes with only the hub's certificate: the
 * signer must be that certificate, and the signature verify with the project's algorithms.
 */
export function headSignatureProblem(head: { body: string; signature: string }, hubCertificate: X509Certificate): string | undefined {
  try {
    const bytes = Buffer.from(head.body, 'utf8');
    const cms = parseCms(head.signature, bytes, 65_536);
    if (!cms.signerCertificate.equals(hubCertificate.raw)) return 'it is not signed by the hub\'s certificate';
    const verifier = selectAlgorithm(HUB_ALGORITHMS, cms.signatureAlgorithmOid, cms.digestAlgorithmOid);
    const valid = verifier.verify({ publicKeySpki: spkiOf(hubCertificate.raw), signatureAlgorithmOid: cms.signatureAlgorithmOid, signatureAlgorithmParams: cms.signatureAlgorithmParams, digestAlgorithmOid: cms.digestAlgorithmOid, signedBytes: cms.signedBytes, signature: cms.signature });
    if (!valid) return 'its signature does not verify';
    checkMessageDigest(cms, bytes);
    return undefined;
  } catch (error) {
    return `its signature does not verify (${(error as Error).message})`;
  }
}

/**
 * The offline verifier (issue 18): recomputes every leaf from the records as they are now, rebuilds
 * the tree, checks every tree head's signature, that its root is the tree's at its size, and that
 * each head extends the one before (a consistency proof, RFC 9162 2.1.4). Problems come in the
 * order met: the first names the first record that differs.
 */
export async function verifyLog(lines: AsyncIterable<ExportLine> | Iterable<ExportLine>, hubCertificate: X509Certificate): Promise<LogVerdict> {
  const problems: LogProblem[] = [];
  const heads: Extract<ExportLine, { t: 'head' }>[] = [];
  let tree: MerkleTree | undefined;
  let expected = 0;
  for await (const line of lines) {
    if (line.t === 'log') tree = new MerkleTree(logHash(line.hash));
    else if (line.t === 'head') heads.push(line);
    else {
      tree ??= new MerkleTree(logHash('sha-256'));
      checkLeaf(tree, line, expected, problems);
      expected = line.index + 1;
    }
  }
  tree ??= new MerkleTree(logHash('sha-256'));
  checkHeads(tree, heads, hubCertificate, problems);
  return { ok: problems.length === 0, leaves: tree.size, heads: heads.length, problems };
}

function checkLeaf(tree: MerkleTree, line: Extract<ExportLine, { t: 'leaf' }>, expected: number, problems: LogProblem[]): void {
  const what = `leaf ${line.index} (${line.kind} ${line.messageId}, ${line.table} ${line.key})`;
  if (line.index !== expected) {
    problems.push({ leaf: expected, message: `leaf ${expected} is missing: the log jumps from ${expected - 1} to ${line.index}` });
  }
  const stored = Buffer.from(line.leafHash, 'hex');
  let leaf: Buffer = stored;
  if (line.record === null || line.record === undefined) {
    problems.push({ leaf: line.index, message: `${what}: its record is gone from ${line.table}` });
  } else {
    leaf = recordLeafHash(tree.hash, line.record);
    if (!leaf.equals(stored)) problems.push({ leaf: line.index, message: `${what}: the record in ${line.table} differs from what was logged` });
  }
  // the sequencer's own copy of each leaf's hash, stored with the tree: a leaf moved to another index no longer matches it
  if (line.nodeHash !== null && !Buffer.from(line.nodeHash, 'hex').equals(stored)) {
    problems.push({ leaf: line.index, message: `${what}: this is not the leaf sequenced at index ${line.index} (leaves reordered or replaced)` });
  }
  if (line.nodeHash === null) problems.push({ leaf: line.index, message: `${what}: the tree has no node for it` });
  tree.append(leaf);
}

function checkHeads(tree: MerkleTree, heads: Extract<ExportLine, { t: 'head' }>[], hubCertificate: X509Certificate, problems: LogProblem[]): void {
  let previous: { size: number; root: Buffer } | undefined;
  for (const head of heads) {
    const what = `tree head ${head.id} (size ${head.treeSize}, ${head.issuedAt})`;
    const bad = headSignatureProblem(head, hubCertificate);
    if (bad) {
      problems.push({ head: head.id, message: `${what}: ${bad}` });
      continue;
    }
    const body = JSON.parse(head.body) as TreeHeadBody;
    if (body.treeSize !== head.treeSize || body.rootHash !== head.rootHash || body.hash !== head.hashAlgorithm || canonicalJsonBytes(body).toString('utf8') !== head.body) {
      problems.push({ head: head.id, message: `${what}: its columns differ from what the hub signed (size ${body.treeSize}, root ${body.rootHash})` });
    }
    const root = Buffer.from(body.rootHash, 'hex');
    if (body.treeSize > tree.size) {
      problems.push({ head: head.id, message: `${what}: the hub signed ${body.treeSize} leaves, the log has ${tree.size} (leaves deleted)` });
      continue;
    }
    if (!tree.root(body.treeSize).equals(root)) {
      problems.push({ head: head.id, message: `${what}: the leaves as they are now do not give the root the hub signed` });
    }
    if (previous && previous.size <= body.treeSize && !verifyConsistency(tree.hash, previous.size, body.treeSize, tree.consistencyProof(previous.size, body.treeSize), previous.root, root)) {
      problems.push({ head: head.id, message: `${what}: it does not extend the head before it (size ${previous.size})` });
    }
    if (previous && previous.size > body.treeSize) problems.push({ head: head.id, message: `${what}: the log shrank from ${previous.size}` });
    previous = { size: body.treeSize, root };
  }
}

/** A `logInclusionProof` answer, as the API gives it. */
export interface InclusionAnswer {
  record: string;
  leafHash: string | null;
  index: number | null;
  auditPath: string[];
  treeHead: { treeSize: number; rootHash: string; hashAlgorithm: string; body: string; signature: string } | null;
}

/**
 * Checks one inclusion proof offline with only the hub's certificate: the leaf is the hash of the
 * record, the audit path leads from it to the head's root (RFC 9162 2.1.3.2), and the head is the
 * one the hub signed. Returns what is wrong (nothing: the message is in the log).
 */
export function inclusionProblems(proof: InclusionAnswer, hubCertificate: X509Certificate): string[] {
  const head = proof.treeHead;
  if (!head || proof.index === null) return ['no signed tree head covers this leaf yet: ask again in a few seconds'];
  const problems: string[] = [];
  const hash = logHash(head.hashAlgorithm);
  const leaf = recordLeafHash(hash, JSON.parse(proof.record));
  if (leaf.toString('hex') !== proof.leafHash) problems.push('the leaf hash is not the hash of the record');
  const signed = headSignatureProblem(head, hubCertificate);
  if (signed) problems.push(`the tree head: ${signed}`);
  const body = JSON.parse(head.body) as TreeHeadBody;
  if (body.treeSize !== head.treeSize || body.rootHash !== head.rootHash || body.hash !== head.hashAlgorithm) problems.push('the tree head differs from what the hub signed');
  const path = proof.auditPath.map((p) => Buffer.from(p, 'hex'));
  if (!verifyInclusion(hash, leaf, proof.index, body.treeSize, path, Buffer.from(body.rootHash, 'hex'))) problems.push(`the audit path does not lead from leaf ${proof.index} to the signed root`);
  return problems;
}
