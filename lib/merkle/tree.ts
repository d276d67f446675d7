import { LogHash, nodeHash, splitPoint } from './hash';

/** A complete subtree: 2^level leaves from index·2^level on (how the log stores its tree). */
export interface NodeId {
  level: number;
  index: number;
}

/** Looks up the hash of a complete subtree the log stored (level 0: the leaves' hashes). */
export type NodeLookup = (level: number, index: number) => Buffer;

/** The leaves [start, end) of a tree. */
export interface LeafRange {
  start: number;
  end: number;
}

/**
 * The complete subtrees, left to right, whose RFC 9162 combination is MTH(D[start:end]) for a range
 * the RFC's recursion produces (its left part always a complete subtree): the range's size in binary.
 */
export function rangeNodes({ start, end }: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    const n = end - at;
    const k = n === 1 ? 1 : highestPowerOfTwoAtMost(n);
    const level = Math.log2(k);
    if (at % k !== 0) throw new Error(`[${start}, ${end}) is not a range of the RFC 9162 recursion`);
    nodes.push({ level, index: at / k });
    at += k;
  }
  return nodes;
}

function highestPowerOfTwoAtMost(n: number): number {
  let k = 1;
  while (k * 2 <= n) k *= 2;
  return k;
}

/** MTH(D[start:end]) from stored complete subtrees: HASH(0x01 || left || MTH(rest)), folded from the right. */
export function rangeHash(hash: LogHash, range: LeafRange, node: NodeLookup): Buffer {
  const nodes = rangeNodes(range);
  if (!nodes.length) return hash.digest(Buffer.alloc(0)); // MTH({}) = HASH()
  let result = node(nodes[nodes.length - 1].level, nodes[nodes.length - 1].index);
  for (let i = nodes.length - 2; i >= 0; i--) result = nodeHash(hash, node(nodes[i].level, nodes[i].index), result);
  return result;
}

/** The ranges whose MTHs are PATH(m, D[0:n]) (RFC 9162 2.1.3.1), leaf first. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (index < 0 || index >= size) throw new RangeError(`Leaf ${index} is not in a tree of ${size}`);
  const path: LeafRange[] = [];
  const walk = (m: number, start: number, end: number) => {
    const n = end - start;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push({ start: start + k, end });
    } else {
      walk(m - k, start + k, end);
      path.push({ start, end: start + k });
    }
  };
  walk(index, 0, size);
  return path;
}

/** The ranges whose MTHs are PROOF(m, D[0:n]) (RFC 9162 2.1.4.1). */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  if (m < 0 || m > n) throw new RangeError(`No consistency proof from ${m} to ${n}`);
  if (m === 0 || m === n) return [];
  const proof: LeafRange[] = [];
  const sub = (mm: number, start: number, end: number, complete: boolean) => {
    const size = end - start;
    if (mm === size) {
      if (!complete) proof.push({ start, end });
      return;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      sub(mm, start, start + k, complete);
      proof.push({ start: start + k, end });
    } else {
      sub(mm - k, start + k, end, false);
      proof.push({ start, end: start + k });
    }
  };
  sub(m, 0, n, true);
  return proof;
}

/** Every stored subtree the given ranges need (to fetch them at once). */
export function nodesOf(ranges: LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const r of ranges) for (const id of rangeNodes(r)) seen.set(`${id.level}:${id.index}`, id);
  return [...seen.values()];
}

export function inclusionProof(hash: LogHash, index: number, size: number, node: NodeLookup): Buffer[] {
  return inclusionRanges(index, size).map((r) => rangeHash(hash, r, node));
}

export function consistencyProof(hash: LogHash, m: number, n: number, node: NodeLookup): Buffer[] {
  return consistencyRanges(m, n).map((r) => rangeHash(hash, r, node));
}

/** RFC 9162 2.1.3.2: does `path` prove leaf `index` (its hash) in a tree of `size` with `root`? */
export function verifyInclusion(hash: LogHash, leaf: Uint8Array, index: number, size: number, path: Uint8Array[], root: Uint8Array): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(hash, p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(hash, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(Buffer.from(root));
}

/** RFC 9162 2.1.4.2: does `proof` show the tree of `size1` with `root1` is a prefix of the one of `size2` with `root2`? */
export function verifyConsistency(hash: LogHash, size1: number, size2: number, proof: Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  if (size1 < 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(Buffer.from(root2));
  if (size1 === 0) return proof.length === 0;
  let path: Buffer[] = proof.map((p) => Buffer.from(p));
  if (isPowerOfTwo(size1)) path = [Buffer.from(root1), ...path];
  if (!path.length) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = path[0];
  let sr: Buffer = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(hash, c, fr);
      sr = nodeHash(hash, c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(hash, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(Buffer.from(root1)) && sr.equals(Buffer.from(root2));
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
