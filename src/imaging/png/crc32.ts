// CRC-32 (ISO 3309), as PNG chunks use.
//
// Slicing-by-8: eight tables let one step consume two 32-bit words (8 bytes)
// with eight lookups, instead of eight dependent byte steps. In an interpreter
// every bytecode and every typed-array access costs about the same, so this is
// about 3x fewer of both than the byte-at-a-time loop. TABLES[k * 256 + n] is the
// CRC of byte n followed by k zero bytes.
const POLY = 0xedb88320;
const TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLY ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const p = t[(k - 1) * 256 + n];
      t[k * 256 + n] = (p >>> 8) ^ t[p & 0xff];
    }
  }
  return t;
})();

// The word loop reads bytes through an Int32Array, which uses the platform's
// byte order; the table layout above assumes little-endian (wasm, x86, ARM).
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function crcBytes(crc: number, bytes: Uint8Array, start: number, end: number): number {
  const t = TABLES;
  for (let i = start; i < end; i++) crc = t[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return crc;
}

/** Continues a CRC (pass the previous result, or 0 to start) over bytes[start, end). */
export function crc32Update(previous: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = ~previous;
  let i = start;
  if (LITTLE_ENDIAN && end - i >= 32) {
    // Byte steps up to the first 4-aligned address, so the rest can be read as words.
    const head = (4 - ((bytes.byteOffset + i) & 3)) & 3;
    crc = crcBytes(crc, bytes, i, i + head);
    i += head;
    const pairs = (end - i) >> 3;
    const w = new Int32Array(bytes.buffer, bytes.byteOffset + i, pairs * 2);
    const t = TABLES;
    for (let k = 0, n = pairs * 2; k < n; k += 2) {
      const x = w[k] ^ crc;
      const y = w[k + 1];
      crc =
        t[1792 + (x & 0xff)] ^ t[1536 + ((x >>> 8) & 0xff)] ^ t[1280 + ((x >>> 16) & 0xff)] ^ t[1024 + (x >>> 24)] ^
        t[768 + (y & 0xff)] ^ t[512 + ((y >>> 8) & 0xff)] ^ t[256 + ((y >>> 16) & 0xff)] ^ t[y >>> 24];
    }
    i += pairs * 8;
  }
  return ~crcBytes(crc, bytes, i, end) >>> 0;
}

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc32Update(0, bytes, start, end);
}

// CRC combination (as zlib's crc32_combine): the CRC of A followed by B from
// crc(A), crc(B) and B's length, by multiplying in GF(2) modulo the polynomial.
// It lets many chunk CRCs be checked with one native pass over all of them.

/** a * b modulo the CRC polynomial (bit-reflected). `a` must not be 0. */
function multModP(a: number, b: number): number {
  let m = 1 << 31;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p;
}

/** X2N[k] = x^(2^k) modulo the polynomial. */
const X2N = (() => {
  const t = new Int32Array(32);
  let p = 1 << 30; // x^1
  t[0] = p;
  for (let n = 1; n < 32; n++) t[n] = p = multModP(p, p);
  return t;
})();

/** x^(n * 2^k) modulo the polynomial. */
function x2nModP(n: number, k: number): number {
  let p = 1 << 31; // x^0
  while (n) {
    if (n & 1) p = multModP(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** The operator that crc32Combine applies for a B of `lengthB` bytes (reusable for equal lengths). */
export function crc32CombineOperator(lengthB: number): number {
  return x2nModP(lengthB, 3);
}

/** The CRC of A followed by B, given crc(A), crc(B) and B's length in bytes (or its operator). */
export function crc32Combine(crcA: number, crcB: number, lengthB: number, operator = crc32CombineOperator(lengthB)): number {
  return (multModP(operator, crcA) ^ crcB) >>> 0;
}
