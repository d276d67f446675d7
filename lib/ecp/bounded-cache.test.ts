import { generateKeyPairSync } from 'node:crypto';
import { publicKeyOf } from './algorithms';
import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('forgets the least recently used entry when full, not the one just read', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('replaces the value of a key it holds without growing', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.get('a')).toBe(2);
    expect(cache.size).toBe(1);
  });

  it('refuses a limit below one', () => {
    expect(() => new BoundedCache(0)).toThrow(RangeError);
  });
});

describe('publicKeyOf', () => {
  const spkiOf = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });

  it('imports a signer key once and hands the same key object for later messages', () => {
    const spki = spkiOf();
    const first = publicKeyOf(spki);
    expect(publicKeyOf(Buffer.from(spki))).toBe(first);
    expect(first.export({ format: 'der', type: 'spki' }).equals(spki)).toBe(true);
  });

  it('keeps different keys apart', () => {
    const a = spkiOf();
    const b = spkiOf();
    expect(publicKeyOf(a).equals(publicKeyOf(b))).toBe(false);
  });

  it('throws for bytes that are not a key and remembers nothing for them', () => {
    expect(() => publicKeyOf(Buffer.from('not a key'))).toThrow();
    expect(() => publicKeyOf(Buffer.from('not a key'))).toThrow();
  });
});
