import { MerkleTree, SHA256, verifyConsistency, verifyInclusion } from '../../../lib/merkle';
import { streebog256 } from '../../../lib/ecp/gost/streebog';
import { logHash, STREEBOG256 } from './log.hash';
import { recordLeafHash } from './log.record';

describe('the exchange log\'s hash (LOG_HASH)', () => {
  it('builds the same RFC 9162 tree over Streebog-256, the project\'s own GOST R 34.11-2012', () => {
    expect(logHash('streebog-256')).toBe(STREEBOG256);
    expect(logHash('sha-256')).toBe(SHA256);
    const tree = new MerkleTree(STREEBOG256);
    for (let i = 0; i < 11; i++) tree.append(recordLeafHash(STREEBOG256, { kind: 'STAGE_REPORT', messageId: `m-${i}` }));
    // a leaf is Streebog-256(0x00 || RFC 8785 bytes)
    expect(tree.leaf(0).equals(streebog256(Buffer.concat([Buffer.from([0]), Buffer.from('{"kind":"STAGE_REPORT","messageId":"m-0"}')])))).toBe(true);
    expect(verifyInclusion(STREEBOG256, tree.leaf(6), 6, 11, tree.inclusionProof(6), tree.root())).toBe(true);
    expect(verifyConsistency(STREEBOG256, 5, 11, tree.consistencyProof(5), tree.root(5), tree.root())).toBe(true);
    expect(verifyInclusion(SHA256, tree.leaf(6), 6, 11, tree.inclusionProof(6), tree.root())).toBe(false);
  });

  it('refuses a hash it does not have', () => {
    expect(() => logHash('md5')).toThrow('no hash "md5"');
  });
});
