export { canonicalJson, canonicalJsonBytes } from './canonical';
export { SHA256, leafHash, nodeHash, splitPoint } from './hash';
export type { LogHash } from './hash';
export { MerkleTree } from './memory-tree';
export type { StoredNode } from './memory-tree';
export { consistencyProof, consistencyRanges, inclusionProof, inclusionRanges, nodesOf, rangeHash, rangeNodes, verifyConsistency, verifyInclusion } from './tree';
export type { LeafRange, NodeId, NodeLookup } from './tree';
