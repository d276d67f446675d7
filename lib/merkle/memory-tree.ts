import { LogHash, nodeHash } from './hash';
import { consistencyProof, inclusionProof, NodeId, rangeHash } from './tree';

export interface StoredNode extends NodeId {
  hash: Buffer;
}

/**
 * A log's tree as it stores it: the hash of every complete subtree (2^level leaves, aligned), ~2n
 * hashes for n leaves. Appending a leaf completes at most log2(n) subtrees; any tree head, inclusion
 * or consistency proof of any earlier size is then O(log² n) lookups.
 */
export class MerkleTree {
  private readonly levels: Buffer[][] = [[]];

  constructor(readonly hash: LogHash) {}

  get size(): number {
    return this.levels[0].length;
  }

  /** Appends a leaf's hash; returns the subtrees it completed (the leaf itself first). */
  append(leaf: Buffer): StoredNode[] {
    const created: StoredNode[] = [{ level: 0, index: this.levels[0].length, hash: leaf }];
    this.levels[0].push(leaf);
    let level = 0;
    let index = this.levels[0].length - 1;
    while (index % 2 === 1) {
      const parent = nodeHash(this.hash, this.levels[level][index - 1], this.levels[level][index]);
      level++;
      index = (index - 1) / 2;
      (this.levels[level] ??= []).push(parent);
      created.push({ level, index, hash: parent });
    }
    return created;
  }

  readonly node = (level: number, index: number): Buffer => {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new RangeError(`No subtree ${level}:${index} in a tree of ${this.size}`);
    return hash;
  };

  leaf(index: number): Buffer {
    return this.node(0, index);
  }

  root(size = this.size): Buffer {
    return rangeHash(this.hash, { start: 0, end: size }, this.node);
  }

  inclusionProof(index: number, size = this.size): Buffer[] {
    return inclusionProof(this.hash, index, size, this.node);
  }

  consistencyProof(from: number, to = this.size): Buffer[] {
    return consistencyProof(this.hash, from, to, this.node);
  }
}
