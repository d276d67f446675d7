import { streebog256, streebog512 } from './streebog';

/**
 * RFC 6986 §10 examples. The RFC writes messages and hashes as big-endian numbers; as byte strings
 * (what is hashed, and what OpenSSL's md_gost12_* prints) both are the byte reversal. M2 is the
 * line of "The Tale of Igor's Campaign" in Windows-1251.
 */
const M1 = Buffer.from('012345678901234567890123456789012345678901234567890123456789012', 'ascii');
const M2 = Buffer.from('d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb', 'hex');
/** the RFC's own big-endian rendering of a hash, for comparing with its text */
const rfcOrder = (hash: Buffer) => Buffer.from(hash).reverse().toString('hex');

describe('Streebog (GOST R 34.11-2012, RFC 6986 §10)', () => {
  it('hashes example M1 (63 bytes) to the 512-bit and 256-bit values of the RFC', () => {
    expect(rfcOrder(streebog512(M1))).toBe('486f64c1917879417fef082b3381a4e211c324f074654c38823a7b76f830ad00fa1fbae42b1285c0352f227524bc9ab16254288dd6863dccd5b9f54a1ad0541b');
    expect(rfcOrder(streebog256(M1))).toBe('00557be5e584fd52a449b16b0251d05d27f94ab76cbaa6da890b59d8ef1e159d');
  });

  it('hashes example M2 (72 bytes, more than one block) to the values of the RFC', () => {
    expect(rfcOrder(streebog512(M2))).toBe('28fbc9bada033b1460642bdcddb90c3fb3e56c497ccd0f62b8a2ad4935e85f037613966de4ee00531ae60f3b5a47f8dae06915d5f2f194996fcabf2622e6881e');
    expect(rfcOrder(streebog256(M2))).toBe('508f7e553c06501d749a66fc28c6cac0b005746d97537fa85d9e40904efed29d');
  });

  it('prints as OpenSSL md_gost12_512 prints (byte order of the engine)', () => {
    expect(streebog512(M1).toString('hex')).toBe('1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48');
  });

  it('hashes the empty message and exact multiples of the block size', () => {
    // from OpenSSL's GOST engine (md_gost12_512 / md_gost12_256), computed when this test was written
    expect(streebog512(Buffer.alloc(0)).toString('hex')).toBe('8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a');
    expect(streebog256(Buffer.alloc(0)).toString('hex')).toBe('3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb');
    expect(streebog512(Buffer.alloc(128, 0x61)).toString('hex')).toBe('24741e27419b5e5796383cc54a915c5a69322c758f4391f48f2f120d832f840a82c4a23528d15612febfd2647ce64a97ba6ead9686617876f2d197087b47280f');
  });
});
