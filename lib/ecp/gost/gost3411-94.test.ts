import { gost3411_94 } from './gost3411-94';

const hash = (text: string, parameters: 'cryptopro' | 'test' = 'cryptopro') => gost3411_94(Buffer.from(text, 'latin1'), parameters).toString('hex');

/**
 * GOST R 34.11-94 with the CryptoPro parameters (RFC 4357), the digest of GOST 34.310-2004.
 * RFC 5831 §7.3 gives its examples under the test parameters; the CryptoPro values below are the
 * published ones for the same messages (and what OpenSSL's md_gost94 prints).
 */
describe('GOST R 34.11-94, CryptoPro parameters', () => {
  it('hashes the RFC 5831 example messages of 32 and 50 bytes', () => {
    expect(hash('This is message, length=32 bytes')).toBe('2cefc2f7b7bdc514e18ea57fa74ff357e7fa17d652c75f69cb1be7893ede48eb');
    expect(hash('Suppose the original message has length = 50 bytes')).toBe('c3730c5cbccacf915ac292676f21e8bd4ef75331d9405e5f1a61dc3130a65011');
  });

  it('hashes the empty message and short ones', () => {
    expect(hash('')).toBe('981e5f3ca30c841487830f84fb433e13ac1101569b9c13584ac483234cd656c0');
    expect(hash('a')).toBe('e74c52dd282183bf37af0079c9f78055715a103f17e3133ceff1aacf2f403011');
    expect(hash('abc')).toBe('b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c');
    expect(hash('message digest')).toBe('bc6041dd2aa401ebfa6e9886734174febdb4729aa972d60f549ac39b29721ba0');
    expect(hash('The quick brown fox jumps over the lazy dog')).toBe('9004294a361a508c586fe53d1f1b02746765e71b765472786e4770d565830a76');
  });

  it('hashes 100,000 bytes (the length counter past 2^16 bits), as OpenSSL md_gost94 does', () => {
    expect(gost3411_94(Buffer.alloc(100_000, 'U')).toString('hex')).toBe('0ee0c03736641c9a384a4ad42f1d1c024ef80aa9844308e62992006ce9b8f4b0');
  });
});

describe('GOST R 34.11-94, test parameters (Kazakhstan\'s GOST 34.311-95 as NCA RK uses it)', () => {
  it('hashes the RFC 5831 §7.3.1 examples of 32 and 50 bytes', () => {
    expect(hash('This is message, length=32 bytes', 'test')).toBe('b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa');
    expect(hash('Suppose the original message has length = 50 bytes', 'test')).toBe('471aba57a60a770d3a76130635c1fbea4ef14de51f78b4ae57dd893b62f55208');
  });

  it('hashes the empty message and short ones', () => {
    expect(hash('', 'test')).toBe('ce85b99cc46752fffee35cab9a7b0278abb4c2d2055cff685af4912c49490f8d');
    expect(hash('abc', 'test')).toBe('f3134348c44fb1b2a277729e2285ebb5cb5e0f29c975bc753b70497c06a4d51d');
  });
});
