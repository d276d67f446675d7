import { Curve } from './curves';

/**
 * Elliptic-curve arithmetic on BigInt for GOST R 34.10 verification: Jacobian coordinates, a fixed
 * table of multiples of the base point per curve, width-5 NAF for the public key. Not constant
 * time: verification works on public data only (signing with it is for tests and the CLI).
 */

/** An affine point; `undefined` is the point at infinity. */
export interface Point {
  x: bigint;
  y: bigint;
}

/** Jacobian (X, Y, Z): x = X/Z², y = Y/Z³; Z = 0 is the point at infinity. */
interface Jacobian {
  x: bigint;
  y: bigint;
  z: bigint;
}

const INFINITY: Jacobian = { x: 1n, y: 1n, z: 0n };

/** A curve ready for arithmetic: its modular reduction and its base-point table (built on first use). */
export interface Field {
  curve: Curve;
  mod: (v: bigint) => bigint;
  aIsMinus3: boolean;
  baseTable?: Point[][];
}

const fields = new Map<Curve, Field>();

/**
 * Reduction modulo p. For p = 2^n - c with a small c (the curves NCA RK uses) by folding the high
 * part down twice (v = hi·2^n + lo ≡ lo + hi·c), which is about twice as fast as BigInt's %.
 * Inputs are products of two reduced values times a small constant: below 2^(2n+16).
 */
function reducer(p: bigint): (v: bigint) => bigint {
  const n = BigInt(p.toString(2).length);
  const c = (1n << n) - p;
  const generic = (v: bigint) => {
    const r = v % p;
    return r < 0n ? r + p : r;
  };
  if (c <= 0n || c >= 1n << 32n) return generic;
  const mask = (1n << n) - 1n;
  return (v: bigint) => {
    if (v < 0n) return generic(v);
    let x = (v & mask) + (v >> n) * c;
    x = (x & mask) + (x >> n) * c;
    return x >= p ? generic(x) : x;
  };
}

export function fieldOf(curve: Curve): Field {
  let field = fields.get(curve);
  if (!field) {
    field = { curve, mod: reducer(curve.p), aIsMinus3: curve.a === curve.p - 3n };
    fields.set(curve, field);
  }
  return field;
}

/** a⁻¹ mod m (m prime, a not a multiple of m), by the extended Euclidean algorithm. */
export function invert(a: bigint, m: bigint): bigint {
  let r0 = ((a % m) + m) % m;
  let r1 = m;
  let s0 = 1n;
  let s1 = 0n;
  while (r1 !== 0n) {
    const quotient = r0 / r1;
    [r0, r1] = [r1, r0 - quotient * r1];
    [s0, s1] = [s1, s0 - quotient * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return s0 < 0n ? s0 + m : s0;
}

export function isOnCurve(curve: Curve, point: Point): boolean {
  const { p, a, b } = curve;
  if (point.x < 0n || point.x >= p || point.y < 0n || point.y >= p) return false;
  return (point.y * point.y - (point.x * point.x * point.x + a * point.x + b)) % p === 0n;
}

/** a - b mod p for a, b in [0, p): no division. */
const sub = (p: bigint, a: bigint, b: bigint) => (a >= b ? a - b : a - b + p);

function double(f: Field, P: Jacobian): Jacobian {
  if (P.z === 0n || P.y === 0n) return INFINITY;
  const { mod } = f;
  const p = f.curve.p;
  const xx = mod(P.x * P.x);
  const yy = mod(P.y * P.y);
  const yyyy = mod(yy * yy);
  const zz = mod(P.z * P.z);
  const s = mod(2n * sub(p, sub(p, mod((P.x + yy) * (P.x + yy)), xx), yyyy));
  const m = f.aIsMinus3 ? mod(3n * mod(sub(p, P.x, zz) * (P.x + zz))) : mod(3n * xx + f.curve.a * mod(zz * zz));
  const x = sub(p, mod(m * m), mod(2n * s));
  const y = sub(p, mod(m * sub(p, s, x)), mod(8n * yyyy));
  const z = sub(p, sub(p, mod((P.y + P.z) * (P.y + P.z)), yy), zz);
  return { x, y, z };
}

/** P + Q with Q affine. */
function addAffine(f: Field, P: Jacobian, Q: Point): Jacobian {
  if (P.z === 0n) return { x: Q.x, y: Q.y, z: 1n };
  const { mod } = f;
  const p = f.curve.p;
  const z1z1 = mod(P.z * P.z);
  const u2 = mod(Q.x * z1z1);
  const s2 = mod(Q.y * mod(P.z * z1z1));
  const h = sub(p, u2, P.x);
  const r = mod(2n * sub(p, s2, P.y));
  if (h === 0n) return r === 0n ? double(f, P) : INFINITY;
  const hh = mod(h * h);
  const i = mod(4n * hh);
  const j = mod(h * i);
  const v = mod(P.x * i);
  const x = sub(p, sub(p, mod(r * r), j), mod(2n * v));
  const y = sub(p, mod(r * sub(p, v, x)), mod(2n * mod(P.y * j)));
  const z = sub(p, sub(p, mod((P.z + h) * (P.z + h)), z1z1), hh);
  return { x, y, z };
}

/** P + Q, both Jacobian (for building tables). */
function add(f: Field, P: Jacobian, Q: Jacobian): Jacobian {
  if (P.z === 0n) return Q;
  if (Q.z === 0n) return P;
  const { mod } = f;
  const p = f.curve.p;
  const z1z1 = mod(P.z * P.z);
  const z2z2 = mod(Q.z * Q.z);
  const u1 = mod(P.x * z2z2);
  const u2 = mod(Q.x * z1z1);
  const s1 = mod(P.y * mod(Q.z * z2z2));
  const s2 = mod(Q.y * mod(P.z * z1z1));
  const h = sub(p, u2, u1);
  const r = mod(2n * sub(p, s2, s1));
  if (h === 0n) return r === 0n ? double(f, P) : INFINITY;
  const i = mod(4n * h * h);
  const j = mod(h * i);
  const v = mod(u1 * i);
  const x = sub(p, sub(p, mod(r * r), j), mod(2n * v));
  const y = sub(p, mod(r * sub(p, v, x)), mod(2n * mod(s1 * j)));
  const z = mod(sub(p, sub(p, mod((P.z + Q.z) * (P.z + Q.z)), z1z1), z2z2) * h);
  return { x, y, z };
}

const negate = (f: Field, P: Point): Point => ({ x: P.x, y: P.y === 0n ? 0n : f.curve.p - P.y });

/** Many Jacobian points to affine with one inversion (Montgomery's trick); none may be infinity. */
function toAffineAll(f: Field, points: Jacobian[]): Point[] {
  const { mod } = f;
  const prefix: bigint[] = [];
  let acc = 1n;
  for (const P of points) {
    prefix.push(acc);
    acc = mod(acc * P.z);
  }
  let inverse = invert(acc, f.curve.p);
  const out: Point[] = new Array(points.length);
  for (let i = points.length - 1; i >= 0; i--) {
    const zInv = mod(inverse * prefix[i]);
    inverse = mod(inverse * points[i].z);
    const zz = mod(zInv * zInv);
    out[i] = { x: mod(points[i].x * zz), y: mod(points[i].y * mod(zz * zInv)) };
  }
  return out;
}

export function toAffine(f: Field, P: Jacobian): Point | undefined {
  if (P.z === 0n) return undefined;
  return toAffineAll(f, [P])[0];
}

const WINDOW = 6;

/** table[i][d - 1] = d · 2^(6i) · G for d = 1..63: the base-point multiple is then one addition per 6 bits (86 for a 512-bit q). */
function baseTable(f: Field): Point[][] {
  if (f.baseTable) return f.baseTable;
  const windows = Math.ceil(f.curve.q.toString(2).length / WINDOW);
  const all: Jacobian[] = [];
  let base: Jacobian = { x: f.curve.x, y: f.curve.y, z: 1n };
  for (let i = 0; i < windows; i++) {
    let multiple = base;
    for (let d = 1; d < 1 << WINDOW; d++) {
      all.push(multiple);
      multiple = add(f, multiple, base);
    }
    base = multiple; // 2^WINDOW · base
  }
  const affine = toAffineAll(f, all);
  const perWindow = (1 << WINDOW) - 1;
  f.baseTable = [];
  for (let i = 0; i < windows; i++) f.baseTable.push(affine.slice(i * perWindow, (i + 1) * perWindow));
  return f.baseTable;
}

function baseMultiple(f: Field, k: bigint): Jacobian {
  const table = baseTable(f);
  let R = INFINITY;
  const mask = BigInt((1 << WINDOW) - 1);
  for (let i = 0; k > 0n; i++, k >>= BigInt(WINDOW)) {
    const digit = Number(k & mask);
    if (digit) R = addAffine(f, R, table[i][digit - 1]);
  }
  return R;
}

/** The width-5 non-adjacent form of k, least significant digit first (digits odd, in -15..15, or 0). */
function naf(k: bigint): number[] {
  const digits: number[] = [];
  while (k > 0n) {
    let digit = 0;
    if (k & 1n) {
      digit = Number(k & 31n);
      if (digit > 16) digit -= 32;
      k -= BigInt(digit);
    }
    digits.push(digit);
    k >>= 1n;
  }
  return digits;
}

/** Q, 3Q, 5Q, ..., 15Q as Jacobian points. */
function oddMultiples(f: Field, Q: Jacobian): Jacobian[] {
  const twice = double(f, Q);
  const multiples: Jacobian[] = [Q];
  for (let i = 1; i < 8; i++) multiples.push(add(f, multiples[i - 1], twice));
  return multiples;
}

/** How many pieces a scalar is cut into for a public key: 8, so 64 doublings for a 512-bit q (the pieces share them). */
const PIECES = 8;

/**
 * The precomputation for a public key: the odd multiples (up to 15) of Q, 2^L·Q, ..., 2^7L·Q, L an
 * eighth of q's bit length, so that k·Q takes L doublings instead of 8L (the additions stay one per
 * ~6 bits). Kept per key (about 20 KB for a 512-bit one): the same signer and CA keys verify
 * message after message.
 */
interface KeyTable {
  pieceBits: number;
  tables: Point[][];
}

const keyTables = new Map<string, KeyTable>();
const KEY_TABLE_LIMIT = 1024;

function keyTable(f: Field, Q: Point): KeyTable | undefined {
  const id = `${f.curve.name}:${Q.x.toString(16)}:${Q.y.toString(16)}`;
  const cached = keyTables.get(id);
  if (cached) return cached;
  const pieceBits = Math.ceil(f.curve.q.toString(2).length / PIECES);
  const all: Jacobian[] = [];
  let base: Jacobian = { x: Q.x, y: Q.y, z: 1n };
  for (let j = 0; j < PIECES; j++) {
    all.push(...oddMultiples(f, base));
    for (let i = 0; i < pieceBits; i++) base = double(f, base);
  }
  // a point of small order (not a valid key, but not ours to crash on) has no such table
  if (all.some((P) => P.z === 0n)) return undefined;
  const affine = toAffineAll(f, all);
  const table = { pieceBits, tables: Array.from({ length: PIECES }, (_, j) => affine.slice(8 * j, 8 * j + 8)) };
  if (keyTables.size >= KEY_TABLE_LIMIT) keyTables.delete(keyTables.keys().next().value!);
  keyTables.set(id, table);
  return table;
}

function publicMultiple(f: Field, k: bigint, Q: Point): Jacobian {
  const table = keyTable(f, Q);
  if (!table) return ladder(f, k, Q);
  const mask = (1n << BigInt(table.pieceBits)) - 1n;
  const digits = table.tables.map((_, j) => naf((k >> BigInt(j * table.pieceBits)) & mask));
  const length = Math.max(...digits.map((d) => d.length));
  let R = INFINITY;
  for (let i = length - 1; i >= 0; i--) {
    R = double(f, R);
    for (let j = 0; j < PIECES; j++) {
      const digit = digits[j][i];
      if (!digit) continue;
      const point = table.tables[j][(Math.abs(digit) - 1) >> 1];
      R = addAffine(f, R, digit > 0 ? point : negate(f, point));
    }
  }
  return R;
}

/** Plain double-and-add, for the odd case a table cannot be built. */
function ladder(f: Field, k: bigint, Q: Point): Jacobian {
  let R = INFINITY;
  for (let i = k.toString(2).length - 1; i >= 0; i--) {
    R = double(f, R);
    if ((k >> BigInt(i)) & 1n) R = addAffine(f, R, Q);
  }
  return R;
}

/** k1·G + k2·Q, Jacobian (k1, k2 in [0, q)). */
export function linearCombination(f: Field, k1: bigint, k2: bigint, Q: Point): Jacobian {
  return add(f, baseMultiple(f, k1), publicMultiple(f, k2, Q));
}

/** k·G, affine (key generation and signing). */
export function multiplyBase(f: Field, k: bigint): Point | undefined {
  return toAffine(f, baseMultiple(f, k));
}

/** k·P, affine (for tests: the order of a point). */
export function multiply(f: Field, k: bigint, P: Point): Point | undefined {
  return toAffine(f, ladder(f, k, P));
}

/** Whether the affine x of the Jacobian point R, reduced modulo q, is r, without an inversion: X = x·Z² for some x ≡ r (mod q), x < p. */
export function xModQEquals(f: Field, R: Jacobian, r: bigint): boolean {
  if (R.z === 0n) return false;
  const { mod } = f;
  const zz = mod(R.z * R.z);
  for (let x = r; x < f.curve.p; x += f.curve.q) {
    if (mod(x * zz) === R.x) return true;
  }
  return false;
}
