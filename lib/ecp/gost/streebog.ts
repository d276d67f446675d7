/**
 * GOST R 34.11-2012 / GOST 34.11-2015 "Streebog" (RFC 6986), 256 and 512 bits.
 *
 * Bytes are little-endian throughout, as every implementation (and OpenSSL's GOST engine) reads
 * them: byte 0 of a block is the least significant byte of the standard's 512-bit vector. A
 * 64-bit word is kept as two 32-bit halves (hi, lo), so that the table-driven LPS transform runs
 * on plain numbers instead of BigInt.
 */

/** π, the nonlinear byte substitution (RFC 6986 §6.1). */
const PI = [
  252, 238, 221, 17, 207, 110, 49, 22, 251, 196, 250, 218, 35, 197, 4, 77, 233, 119, 240, 219, 147, 46, 153, 186, 23, 54, 241, 187, 20, 205, 95, 193,
  249, 24, 101, 90, 226, 92, 239, 33, 129, 28, 60, 66, 139, 1, 142, 79, 5, 132, 2, 174, 227, 106, 143, 160, 6, 11, 237, 152, 127, 212, 211, 31,
  235, 52, 44, 81, 234, 200, 72, 171, 242, 42, 104, 162, 253, 58, 206, 204, 181, 112, 14, 86, 8, 12, 118, 18, 191, 114, 19, 71, 156, 183, 93, 135,
  21, 161, 150, 41, 16, 123, 154, 199, 243, 145, 120, 111, 157, 158, 178, 177, 50, 117, 25, 61, 255, 53, 138, 126, 109, 84, 198, 128, 195, 189, 13, 87,
  223, 245, 36, 169, 62, 168, 67, 201, 215, 121, 214, 246, 124, 34, 185, 3, 224, 15, 236, 222, 122, 148, 176, 188, 220, 232, 40, 80, 78, 51, 10, 74,
  167, 151, 96, 115, 30, 0, 98, 68, 26, 184, 56, 130, 100, 159, 38, 65, 173, 69, 70, 146, 39, 94, 85, 47, 140, 163, 165, 125, 105, 213, 149, 59,
  7, 88, 179, 64, 134, 172, 29, 247, 48, 55, 107, 228, 136, 217, 231, 137, 225, 27, 131, 73, 76, 63, 248, 254, 141, 83, 170, 144, 202, 216, 133, 97,
  32, 113, 103, 164, 45, 43, 9, 91, 203, 155, 37, 208, 190, 229, 108, 82, 89, 166, 116, 210, 230, 244, 180, 192, 209, 102, 175, 194, 57, 75, 99, 182,
];

/** The matrix A of the linear transform ℓ (RFC 6986 §6.3): A[0] multiplies the most significant bit. */
const A = [
  '8e20faa72ba0b470', '47107ddd9b505a38', 'ad08b0e0c3282d1c', 'd8045870ef14980e', '6c022c38f90a4c07', '3601161cf205268d', '1b8e0b0e798c13c8', '83478b07b2468764',
  'a011d380818e8f40', '5086e740ce47c920', '2843fd2067adea10', '14aff010bdd87508', '0ad97808d06cb404', '05e23c0468365a02', '8c711e02341b2d01', '46b60f011a83988e',
  '90dab52a387ae76f', '486dd4151c3dfdb9', '24b86a840e90f0d2', '125c354207487869', '092e94218d243cba', '8a174a9ec8121e5d', '4585254f64090fa0', 'accc9ca9328a8950',
  '9d4df05d5f661451', 'c0a878a0a1330aa6', '60543c50de970553', '302a1e286fc58ca7', '18150f14b9ec46dd', '0c84890ad27623e0', '0642ca05693b9f70', '0321658cba93c138',
  '86275df09ce8aaa8', '439da0784e745554', 'afc0503c273aa42a', 'd960281e9d1d5215', 'e230140fc0802984', '71180a8960409a42', 'b60c05ca30204d21', '5b068c651810a89e',
  '456c34887a3805b9', 'ac361a443d1c8cd2', '561b0d22900e4669', '2b838811480723ba', '9bcf4486248d9f5d', 'c3e9224312c8c1a0', 'effa11af0964ee50', 'f97d86d98a327728',
  'e4fa2054a80b329c', '727d102a548b194e', '39b008152acb8227', '9258048415eb419d', '492c024284fbaec0', 'aa16012142f35760', '550b8e9e21f7a530', 'a48b474f9ef5dc18',
  '70a6a56e2440598e', '3853dc371220a247', '1ca76e95091051ad', '0edd37c48a08a6d8', '07e095624504536c', '8d70c431ac02a736', 'c83862965601dd1b', '641c314b2b8ee083',
];

/** The iteration constants C1..C12 (RFC 6986 §6.4), as little-endian byte strings. */
const C = [
  '0745a6f2596580dd234d74cc3674760515d360a4082a42a20169679291e07c4bfcc485758db84e7116d0452e43766a2f1f7c65c0812fcbebe9daca1eda5b08b1',
  'b79bb121700479e656cdcbd71ba2dd55caa70adbc261b55c5899d6126b17b59a3101b5160f5ed561982b230a72eafef3d7b5700f469de34f1a2f9da98ab5a36f',
  'b20aba0af5961e9931db7a8643f4b6c209db6260373ac9c1b19e3590e40fe2d37b7b29b11475eaf28b1f9c525f5ef10635843d6a28fc390ac72fce2bacdc74f5',
  '2ed1e384bcbe0c22f137e893a1ea5334be0352933313b7d875d603ed822cd7a93f355e68ad1c729d7d3c5c337e858e48dde4715da0e148f9d26615e8b3df1fef',
  '57fe6c7cfd581760f563eaa97ea2567a161a2723b700ffdfa3f53a254717cdbfbdff0f80d7359e354a1086161f1c157f6323a96c0c413f9a994747adac6bea4b',
  '6e7d64467a4068fa354f903672c571bfb6c6bec2661ff20ab4b79a1cb7a6facfc68ef09ab49a7f186ca44251f9c4662dc039307a3bc3a46fd9d33a1daeae4fae',
  '93d4143a4d568688f34a3ca24c45173504054a2883694706372c822dc5ab9209c9937a19333e47d3c987bfe6c7c69e39540924bffe86ac51ecc5aaee160ec7f4',
  '1ee702bfd40d7fa4d9a8515935c2ac362fc4a5d12b8dd16990069b92cb2b89f49ac4db4d3b44b4891ede369c71f8b74e41416e0c02aae703a7c9934d425b1f9b',
  'db5a238351446172602a1fcb92dc380e549c07a69a8a2b7bb1ceb2db0b440a8084090de0b755d93c244289251b3a7d3ade5f16ecd89a4c949b223116545a8f37',
  'ed9c4598fbc7b474c3b63b15d1fa9836f452763b306c1e7a4b3369af0267e79f0361331b8ae1ff1fdb788aff1ce74189f3f3e4b248e52a38526f0580a6debeab',
  '1b2df381cda4ca6b5dd86fc04a59a2de986e477d1dcdbaefcab948eaef711d8a79668414218001206107abebbb6bfad894fe5a63cdc60230fb89c8efd09ecd7b',
  '20d71bf14a92bc48991bb2d9d517f4fa5228e188aaa41de786cc91189def805d9b9f2130d41220f8771ddfbc323ca4cd7ab14904b08013d2ba3116f167e78e37',
].map(words);

/** A 512-bit block as 16 uint32: word i (little-endian 64-bit) is [2i] = low half, [2i + 1] = high half. */
type Block = Uint32Array;

function words(hex: string): Block {
  return blockOf(Buffer.from(hex, 'hex'), 0);
}

function blockOf(bytes: Uint8Array, offset: number): Block {
  const out = new Uint32Array(16);
  for (let i = 0; i < 16; i++) {
    const o = offset + 4 * i;
    out[i] = (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24)) >>> 0;
  }
  return out;
}

/**
 * The LPS transform as 8 tables (one per byte position of a 64-bit word) of 256 words each:
 * TABLE_LO/HI[j * 256 + b] = ℓ of the word whose byte j is π(b). Built once from π and A.
 */
const TABLE_LO = new Uint32Array(8 * 256);
const TABLE_HI = new Uint32Array(8 * 256);
(() => {
  const aLo = A.map((h) => parseInt(h.slice(8), 16) >>> 0);
  const aHi = A.map((h) => parseInt(h.slice(0, 8), 16) >>> 0);
  for (let j = 0; j < 8; j++) {
    for (let b = 0; b < 256; b++) {
      let lo = 0;
      let hi = 0;
      for (let k = 0; k < 8; k++) {
        if ((PI[b] >> k) & 1) {
          const row = 63 - (8 * j + k); // bit 8j+k of the word, counted from the least significant
          lo ^= aLo[row];
          hi ^= aHi[row];
        }
      }
      TABLE_LO[j * 256 + b] = lo >>> 0;
      TABLE_HI[j * 256 + b] = hi >>> 0;
    }
  }
})();

/** x ⊕ y, kept apart from `out`, which may be x or y. */
const R = new Uint32Array(16);

/**
 * out = LPS(x ⊕ y). Output word i takes byte i of every input word j (the transposition P), each
 * through its table; unrolled, and without allocating, since it runs 25 times per 64-byte block.
 */
function xlps(x: Block, y: Block, out: Block): void {
  for (let i = 0; i < 16; i++) R[i] = x[i] ^ y[i];
  for (let i = 0; i < 8; i++) {
    const h = i >> 2; // bytes 0-3 of a word are in its low half, 4-7 in its high half
    const shift = (i & 3) << 3;
    let t = (R[h] >>> shift) & 0xff;
    let lo = TABLE_LO[t];
    let hi = TABLE_HI[t];
    t = 256 | ((R[2 + h] >>> shift) & 0xff);
    lo ^= TABLE_LO[t];
    hi ^= TABLE_HI[t];
    t = 512 | ((R[4 + h] >>> shift) & 0xff);
    lo ^= TABLE_LO[t];
    hi ^= TABLE_HI[t];
    t = 768 | ((R[6 + h] >>> shift) & 0xff);
    lo ^= TABLE_LO[t];
    hi ^= TABLE_HI[t];
    t = 1024 | ((R[8 + h] >>> shift) & 0xff);
    lo ^= TABLE_LO[t];
    hi ^= TABLE_HI[t];
    t = 1280 | ((R[10 + h] >>> shift) & 0xff);
    lo ^= TABLE_LO[t];
    hi ^= TABLE_HI[t];
    t = 1536 | ((R[12 + h] >>> shift) & 0xff);
    lo ^= TABLE_LO[t];
    hi ^= TABLE_HI[t];
    t = 1792 | ((R[14 + h] >>> shift) & 0xff);
    out[2 * i] = lo ^ TABLE_LO[t];
    out[2 * i + 1] = hi ^ TABLE_HI[t];
  }
}

const KEY = new Uint32Array(16);
const STATE = new Uint32Array(16);

/** The compression function g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m; h is updated in place. */
function compress(h: Block, n: Block, m: Block): void {
  xlps(h, n, KEY);
  xlps(KEY, m, STATE);
  for (let i = 0; i < 11; i++) {
    xlps(KEY, C[i], KEY);
    xlps(KEY, STATE, STATE);
  }
  xlps(KEY, C[11], KEY);
  for (let i = 0; i < 16; i++) h[i] = h[i] ^ KEY[i] ^ STATE[i] ^ m[i];
}

/** a = a + b mod 2^512, both little-endian. */
function add512(a: Block, b: Block): void {
  let carry = 0;
  for (let i = 0; i < 16; i++) {
    const sum = a[i] + b[i] + carry;
    a[i] = sum >>> 0;
    carry = sum > 0xffffffff ? 1 : 0;
  }
}

function bytesOf(block: Block): Buffer {
  const out = Buffer.alloc(64);
  for (let i = 0; i < 16; i++) out.writeUInt32LE(block[i], 4 * i);
  return out;
}

/** Streebog of `data`: 64 bytes for 512, 32 for 256 (the most significant half of the final state). */
export function streebog(data: Uint8Array, bits: 256 | 512): Buffer {
  const h = new Uint32Array(16).fill(bits === 256 ? 0x01010101 : 0);
  const n = new Uint32Array(16);
  const sigma = new Uint32Array(16);
  const zero = new Uint32Array(16);
  const blockBits = new Uint32Array(16);
  blockBits[0] = 512;
  let offset = 0;
  for (; data.length - offset >= 64; offset += 64) {
    const m = blockOf(data, offset); // 16 words a block: small beside the 25 table passes
    compress(h, n, m);
    add512(n, blockBits);
    add512(sigma, m);
  }
  // the rest, padded with a 1 bit after the message and zeros above it
  const last = new Uint8Array(64);
  last.set(data.subarray(offset));
  last[data.length - offset] = 0x01;
  const m = blockOf(last, 0);
  compress(h, n, m);
  const restBits = new Uint32Array(16);
  restBits[0] = (data.length - offset) * 8;
  add512(n, restBits);
  add512(sigma, m);
  compress(h, zero, n);
  compress(h, zero, sigma);
  const out = bytesOf(h);
  return bits === 256 ? out.subarray(32) : out;
}

export const streebog256 = (data: Uint8Array): Buffer => streebog(data, 256);
export const streebog512 = (data: Uint8Array): Buffer => streebog(data, 512);
