import { canonicalBytes } from './canonical';

describe('canonical bytes (RFC 8785)', () => {
  it('sorts keys and drops insignificant whitespace, so that key order does not change the signed bytes', () => {
    expect(canonicalBytes({ b: 1, a: { d: [3, 2], c: 'x' } }).toString()).toBe('{"a":{"c":"x","d":[3,2]},"b":1}');
    expect(canonicalBytes({ a: 1, b: 2 }).equals(canonicalBytes({ b: 2, a: 1 }))).toBe(true);
  });

  it('writes numbers the ECMAScript way and text as UTF-8', () => {
    expect(canonicalBytes({ n: 1.0, e: 1e21, f: 0.1 }).toString()).toBe('{"e":1e+21,"f":0.1,"n":1}');
    expect(canonicalBytes({ name: 'Әлем' }).equals(Buffer.from('{"name":"Әлем"}', 'utf8'))).toBe(true);
  });
});
