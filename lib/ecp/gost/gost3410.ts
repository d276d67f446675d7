import { randomBytes } from 'node:crypto';
import { Curve } from './curves';
import { fieldOf, invert, isOnCurve, linearCombination, multiplyBase, Point, xModQEquals } from './ec';

/**
 * GOST R 34.10-2012 (GOST 34.10-2015, and the 2001/34.310-2004 scheme, which is the same) on
 * numbers: the digest already read as a number e, the signature as (r, s). Byte layouts are the
 * callers' business (see ./signature-layout.ts).
 */

/** e = α mod q, α the digest read as a little-endian number (RFC 4490 §3); 0 becomes 1. */
export function digestNumber(curve: Curve, digest: Uint8Array): bigint {
  const e = littleEndian(digest) % curve.q;
  return e === 0n ? 1n : e;
}

export function littleEndian(bytes: Uint8Array): bigint {
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i--) hex += bytes[i].toString(16).padStart(2, '0');
  return hex ? BigInt(`0x${hex}`) : 0n;
}

export function bigEndian(bytes: Uint8Array): bigint {
  return bytes.length ? BigInt(`0x${Buffer.from(bytes).toString('hex')}`) : 0n;
}

/** A number as `size` bytes, most significant first. */
export function toBigEndian(value: bigint, size: number): Buffer {
  return Buffer.from(value.toString(16).padStart(size * 2, '0'), 'hex');
}

export const toLittleEndian = (value: bigint, size: number): Buffer => toBigEndian(value, size).reverse();

/**
 * Whether (r, s) is a signature of e under the public key Q. Every input is range-checked first:
 * r and s in [1, q-1], Q a point of the curve (an affine point is never the point at infinity).
 */
export function verifySignature(curve: Curve, Q: Point, e: bigint, r: bigint, s: bigint): boolean {
  const { q } = curve;
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  if (!isOnCurve(curve, Q)) return false;
  const ee = e % q === 0n ? 1n : e % q;
  const v = invert(ee, q);
  const z1 = (s * v) % q;
  const z2 = ((q - r) * v) % q;
  return xModQEquals(fieldOf(curve), linearCombination(fieldOf(curve), z1, z2, Q), r);
}

/** A uniformly random scalar in [1, q-1]. */
export function randomScalar(curve: Curve): bigint {
  const extra = randomBytes(curve.size + 16); // 128 bits more than q: the bias of the reduction is negligible
  return (bigEndian(extra) % (curve.q - 1n)) + 1n;
}

/** The public key of private key d: d·G. */
export function publicKeyOf(curve: Curve, d: bigint): Point {
  if (d <= 0n || d >= curve.q) throw new Error('A GOST private key must be in [1, q-1]');
  return multiplyBase(fieldOf(curve), d)!;
}

/**
 * Signs e with private key d (test stand, tests and the signing CLI; real NCA RK keys stay in
 * NCALayer or a token). `k` only for the standards' worked examples.
 */
export function signDigestNumber(curve: Curve, d: bigint, e: bigint, k?: bigint): { r: bigint; s: bigint } {
  const { q } = curve;
  const ee = e % q === 0n ? 1n : e % q;
  for (;;) {
    const nonce = k ?? randomScalar(curve);
    const C = multiplyBase(fieldOf(curve), nonce);
    const r = C ? C.x % q : 0n;
    const s = (r * d + nonce * ee) % q;
    if (r !== 0n && s !== 0n) return { r, s };
    if (k !== undefined) throw new Error('the given k makes r or s zero');
  }
}
