import { createHash } from 'node:crypto';
import { leafHash, SHA256 } from './hash';
import { MerkleTree } from './memory-tree';
import { verifyConsistency, verifyInclusion } from './tree';

/*
 * An independent, literal transcription of RFC 9162 2.1.1, 2.1.3.1 and 2.1.4.1 over the leaves'
 * data: nothing shared with the code under test but node's SHA-256.
 */
const H = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const k = (n: number) => { let p = 1; while (p * 2 < n) p *= 2; return p; };
function MTH(D: Buffer[]): Buffer {
  if (D.length === 0) return H();
  if (D.length === 1) return H(Buffer.from([0]), D[0]);
  const s = k(D.length);
  return H(Buffer.from([1]), MTH(D.slice(0, s)), MTH(D.slice(s)));
}
function PATH(m: number, D: Buffer[]): Buffer[] {
  if (D.length === 1) return [];
  const s = k(D.length);
  return m < s ? [...PATH(m, D.slice(0, s)), MTH(D.slice(s))] : [...PATH(m - s, D.slice(s)), MTH(D.slice(0, s))];
}
function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  const n = D.length;
  if (m === n) return b ? [] : [MTH(D)];
  const s = k(n);
  return m <= s ? [...SUBPROOF(m, D.slice(0, s), b), MTH(D.slice(s))] : [...SUBPROOF(m - s, D.slice(s), false), MTH(D.slice(0, s))];
}
const PROOF = (m: number, D: Buffer[]) => (m === 0 || m === D.length ? [] : SUBPROOF(m, D, true));

const data = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf ${i}`));
function treeOf(D: Buffer[]): MerkleTree {
  const tree = new MerkleTree(SHA256);
  for (const d of D) tree.append(leafHash(SHA256, d));
  return tree;
}
const hex = (xs: Buffer[]) => xs.map((x) => x.toString('hex'));

describe('the log tree (RFC 9162)', () => {
  it('hashes an empty tree as HASH() and a leaf with the 0x00 prefix', () => {
    expect(new MerkleTree(SHA256).root().toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(leafHash(SHA256, Buffer.from('')).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('computes every root of 1 to 70 leaves as the RFC\'s recursive MTH does', () => {
    const D = data(70);
    const tree = treeOf(D);
    for (let n = 1; n <= 70; n++) expect(tree.root(n).toString('hex')).toBe(MTH(D.slice(0, n)).toString('hex'));
  });

  it('gives the RFC\'s audit path for every leaf of every size up to 40, and each verifies', () => {
    const D = data(40);
    const tree = treeOf(D);
    for (let n = 1; n <= 40; n++) {
      const root = MTH(D.slice(0, n));
      for (let m = 0; m < n; m++) {
        const path = tree.inclusionProof(m, n);
        expect(hex(path)).toEqual(hex(PATH(m, D.slice(0, n))));
        expect(verifyInclusion(SHA256, tree.leaf(m), m, n, path, root)).toBe(true);
      }
    }
  });

  it('gives the RFC\'s consistency proof for every pair of sizes up to 40, and each verifies', () => {
    const D = data(40);
    const tree = treeOf(D);
    for (let n = 1; n <= 40; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        expect(hex(proof)).toEqual(hex(PROOF(m, D.slice(0, n))));
        expect(verifyConsistency(SHA256, m, n, proof, MTH(D.slice(0, m)), MTH(D.slice(0, n)))).toBe(true);
      }
    }
  });

  it('refuses an audit path for another leaf, another index, a changed node or a wrong size', () => {
    const D = data(13);
    const tree = treeOf(D);
    const root = tree.root();
    const path = tree.inclusionProof(5);
    expect(verifyInclusion(SHA256, tree.leaf(6), 5, 13, path, root)).toBe(false);
    expect(verifyInclusion(SHA256, tree.leaf(5), 4, 13, path, root)).toBe(false);
    expect(verifyInclusion(SHA256, tree.leaf(5), 5, 8, path, root)).toBe(false);
    expect(verifyInclusion(SHA256, tree.leaf(5), 13, 13, path, root)).toBe(false);
    const bent = path.map((p, i) => (i === 1 ? Buffer.from(p).fill(7, 0, 1) : p));
    expect(verifyInclusion(SHA256, tree.leaf(5), 5, 13, bent, root)).toBe(false);
    expect(verifyInclusion(SHA256, tree.leaf(5), 5, 13, [...path, root], root)).toBe(false);
  });

  it('refuses a consistency proof between trees that are not a prefix of one another', () => {
    const D = data(20);
    const tree = treeOf(D);
    const other = treeOf([...D.slice(0, 6), Buffer.from('rewritten'), ...D.slice(7)]);
    const proof = tree.consistencyProof(9, 20);
    expect(verifyConsistency(SHA256, 9, 20, proof, tree.root(9), tree.root(20))).toBe(true);
    expect(verifyConsistency(SHA256, 9, 20, proof, other.root(9), tree.root(20))).toBe(false);
    expect(verifyConsistency(SHA256, 9, 20, other.consistencyProof(9, 20), tree.root(9), other.root(20))).toBe(false);
    expect(verifyConsistency(SHA256, 9, 20, proof.slice(1), tree.root(9), tree.root(20))).toBe(false);
  });

  it('reports the subtrees each appended leaf completes', () => {
    const tree = new MerkleTree(SHA256);
    const made = data(8).map((d) => tree.append(leafHash(SHA256, d)).map((n) => `${n.level}:${n.index}`));
    expect(made[3]).toEqual(['0:3', '1:1', '2:0']);
    expect(made[7]).toEqual(['0:7', '1:3', '2:1', '3:0']);
    expect(made[4]).toEqual(['0:4']);
  });
});
