// Undoing PNG row filters (Sub 1, Up 2, Average 3, Paeth 4), in place.
//
// Written for an interpreter without a JIT (StarlingMonkey), where every simple
// bytecode costs about the same and a typed-array load or store costs several
// (measured: ~3 ns per bytecode, ~25 ns per load, ~40 ns per store, ~30 ns per
// loop iteration): one loop per filter so the inner
// loop has no branch on the filter type, the first pixel and the first row
// handled outside the loops (no per-byte edge tests), hot values in locals,
// constants as literals (module constants are slower environment lookups), and
// for 8-bit RGBA whole pixels as 32-bit words (one load and one store per pixel
// instead of four each).
//
// SWAR ("SIMD within a register") on four byte lanes of a 32-bit word, exact
// because no carry or borrow crosses a lane:
//   bytewise a + b:     ((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080)
//   bytewise (a+b)>>1:  (a & b) + (((a ^ b) & 0xfefefefe) >>> 1)
// (0x80808080 | 0 = -2139062144 and 0xfefefefe | 0 = -16843010 as int32 literals.)

import { grayWords, LUMA_B, lumaRGTable } from '../ops/grayscale.js';

/**
 * Paeth predictor as a lookup: PAETH[((b - c) << 9) + (a - c) + 130815] is
 * predictor - c, where a = left, b = up, c = up-left. The choice depends only on
 * the two differences, so one load replaces three absolute values and up to
 * three comparisons per byte.
 */
let paeth: Int16Array | undefined;

export function paethTable(): Int16Array {
  if (paeth) return paeth;
  // Built with native fill/set, row by row (one row per d1 = b - c), instead of
  // 261,121 interpreted steps: along a row the choice is a few runs of d2 = a - c.
  // With P = |d1|: pa = P, pb = |d2|, pc = |d1 + d2|; choose a if pa <= pb and
  // pa <= pc, else b if pb <= pc, else c. For d1 >= 0 that is
  //   a for d2 <= -2P or d2 >= P; c for -2P < d2 < ceil(-P/2); b for ceil(-P/2) <= d2 < P;
  // and d1 < 0 is the mirror image (d1, d2) -> (-d1, -d2):
  //   a for d2 <= -P or d2 >= 2P; b for -P < d2 <= floor(P/2); c for floor(P/2) < d2 < 2P.
  // (The unit test checks every (a, b, c) against the definition.)
  const table = new Int16Array(511 * 512);
  const ramp = new Int16Array(511); // ramp[d2 + 255] = d2: the entries where a is chosen
  for (let i = 0; i < 511; i++) ramp[i] = i - 255;
  for (let d1 = -255; d1 <= 255; d1++) {
    const row = (d1 + 255) * 512 + 255; // row + d2 is the entry for d2
    const p = d1 < 0 ? -d1 : d1;
    // Boundaries between the runs, as the first d2 of each of the middle runs and of the last a run.
    const low = d1 >= 0 ? -2 * p + 1 : -p + 1;
    const mid = d1 >= 0 ? Math.ceil(-p / 2) : Math.floor(p / 2) + 1;
    const high = d1 >= 0 ? p : 2 * p;
    const first = d1 >= 0 ? 0 : d1; // value of the run [low, mid): c (0) or b (d1)
    const second = d1 >= 0 ? d1 : 0; // value of the run [mid, high)
    putRamp(table, ramp, row, -255, low);
    putValue(table, row, low, mid, first);
    putValue(table, row, mid, high, second);
    putRamp(table, ramp, row, high, 256);
  }
  return (paeth = table);
}

/** Entries row + d2 for d2 in [from, to), clipped to [-255, 255], set to d2. */
function putRamp(table: Int16Array, ramp: Int16Array, row: number, from: number, to: number): void {
  if (from < -255) from = -255;
  if (to > 256) to = 256;
  if (from < to) table.set(ramp.subarray(from + 255, to + 255), row + from);
}

/** Entries row + d2 for d2 in [from, to), clipped to [-255, 255], set to `value`. */
function putValue(table: Int16Array, row: number, from: number, to: number, value: number): void {
  if (from < -255) from = -255;
  if (to > 256) to = 256;
  if (from < to) table.fill(value, row + from, row + to);
}

// ---------------------------------------------------------------------------
// 8-bit RGBA: one 32-bit word per pixel, rows contiguous (the row above row
// `i` starts at word i - n). The word's byte lanes are the channels, whatever
// the platform's byte order, since every lane is treated alike.

function subWords(w: Int32Array, i: number, n: number): void {
  let a = w[i]; // first pixel: nothing on its left
  for (let k = i + 1, end = i + n; k < end; k++) {
    const x = w[k];
    a = ((x & 0x7f7f7f7f) + (a & 0x7f7f7f7f)) ^ ((x ^ a) & -2139062144);
    w[k] = a;
  }
}

function upWords(w: Int32Array, i: number, n: number): void {
  for (let k = i, end = i + n; k < end; k++) {
    const x = w[k];
    const b = w[k - n];
    w[k] = ((x & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((x ^ b) & -2139062144);
  }
}

function averageWordsFirstRow(w: Int32Array, i: number, n: number): void {
  let a = w[i]; // first pixel: left and up are 0
  for (let k = i + 1, end = i + n; k < end; k++) {
    const x = w[k];
    const p = (a >>> 1) & 0x7f7f7f7f;
    a = ((x & 0x7f7f7f7f) + (p & 0x7f7f7f7f)) ^ ((x ^ p) & -2139062144);
    w[k] = a;
  }
}

function averageWords(w: Int32Array, i: number, n: number, gray: Int32Array | undefined, d: number): void {
  const x0 = w[i];
  const p0 = (w[i - n] >>> 1) & 0x7f7f7f7f; // first pixel: left is 0
  let a = ((x0 & 0x7f7f7f7f) + p0) ^ (x0 & -2139062144);
  w[i] = a;
  if (gray) gray[i + d] = grayWord(a);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  let x = 0;
  let b = 0;
  let p = 0;
  for (let k = i + 1, end = i + n; k < end; k++) {
    x = w[k];
    b = w[k - n];
    p = (a & b) + (((a ^ b) & -16843010) >>> 1);
    a = ((x & 0x7f7f7f7f) + (p & 0x7f7f7f7f)) ^ ((x ^ p) & -2139062144);
    w[k] = a;
    // Fused grayscale (see unfilterRgbaRow): grayWords' formula on the word at hand.
    if (gray) gray[k + d] = (a & -16777216) | (((rg[a & 0xffff] + lb[(a >>> 16) & 255]) >> 16) * 0x10101);
  }
}

function paethWords(w: Int32Array, i: number, n: number, t: Int16Array, gray: Int32Array | undefined, d: number): void {
  let x = w[i];
  let bw = w[i - n];
  // First pixel: a = c = 0, so the predictor is b.
  let a0 = (x + bw) & 255;
  let a1 = ((x >>> 8) + (bw >>> 8)) & 255;
  let a2 = ((x >>> 16) + (bw >>> 16)) & 255;
  let a3 = ((x >>> 24) + (bw >>> 24)) & 255;
  w[i] = a0 | (a1 << 8) | (a2 << 16) | (a3 << 24);
  if (gray) gray[i + d] = grayWord(w[i]);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  let c0 = bw & 255;
  let c1 = (bw >>> 8) & 255;
  let c2 = (bw >>> 16) & 255;
  let c3 = bw >>> 24;
  let b = 0;
  // Per channel: a = (x + c + PAETH[d1, d2]) & 255; the filtered byte is read
  // from the word unmasked, since the bits above it do not reach the low 8 bits.
  for (let k = i + 1, end = i + n; k < end; k++) {
    x = w[k];
    bw = w[k - n];
    b = bw & 255;
    a0 = (x + c0 + t[((b - c0) << 9) + a0 - c0 + 130815]) & 255;
    c0 = b;
    b = (bw >>> 8) & 255;
    a1 = ((x >>> 8) + c1 + t[((b - c1) << 9) + a1 - c1 + 130815]) & 255;
    c1 = b;
    b = (bw >>> 16) & 255;
    a2 = ((x >>> 16) + c2 + t[((b - c2) << 9) + a2 - c2 + 130815]) & 255;
    c2 = b;
    b = bw >>> 24;
    a3 = ((x >>> 24) + c3 + t[((b - c3) << 9) + a3 - c3 + 130815]) & 255;
    c3 = b;
    w[k] = a0 | (a1 << 8) | (a2 << 16) | (a3 << 24);
    // Fused grayscale (see unfilterRgbaRow): grayWords' formula on the channels at hand.
    if (gray) gray[k + d] = (((rg[a0 | (a1 << 8)] + lb[a2]) >> 16) * 0x10101) | (a3 << 24);
  }
}

/** Two Average rows at once, as paethPairWords does for Paeth (the same savings). */
function averagePairWords(up: Int32Array, r1: Int32Array, r2: Int32Array, n: number, g1?: Int32Array, g2?: Int32Array): void {
  // First pixels: left is 0; for the second row, up is the first row's pixel.
  const x0 = r1[0];
  const z0 = r2[0];
  let a = ((x0 & 0x7f7f7f7f) + ((up[0] >>> 1) & 0x7f7f7f7f)) ^ (x0 & -2139062144);
  let e = ((z0 & 0x7f7f7f7f) + ((a >>> 1) & 0x7f7f7f7f)) ^ (z0 & -2139062144);
  r1[0] = a;
  r2[0] = e;
  if (g1) {
    g1[0] = grayWord(a);
    g2![0] = grayWord(e);
  }
  const rg = lumaRGTable();
  const lb = LUMA_B;
  let x = 0;
  let z = 0;
  let b = 0;
  let p = 0;
  for (let k = 1; k < n; k++) {
    x = r1[k];
    b = up[k];
    z = r2[k];
    p = (a & b) + (((a ^ b) & -16843010) >>> 1);
    a = ((x & 0x7f7f7f7f) + (p & 0x7f7f7f7f)) ^ ((x ^ p) & -2139062144);
    p = (e & a) + (((e ^ a) & -16843010) >>> 1);
    e = ((z & 0x7f7f7f7f) + (p & 0x7f7f7f7f)) ^ ((z ^ p) & -2139062144);
    r2[k] = e;
    if (g1) {
      g1[k] = (a & -16777216) | (((rg[a & 0xffff] + lb[(a >>> 16) & 255]) >> 16) * 0x10101);
      g2![k] = (e & -16777216) | (((rg[e & 0xffff] + lb[(e >>> 16) & 255]) >> 16) * 0x10101);
    } else {
      r1[k] = a;
    }
  }
}

/**
 * Three Average rows at once, to gray (`g1`..`g3`), as paethTripleGray does
 * for Paeth: row 2's up is row 1's new pixel and row 3's is row 2's, in
 * locals; only row 3's colours are stored. The row's word and the predictor
 * are assigned inside the expression that first reads them (no store, pop and
 * reload; see paethPairWords). Measured over the bench photo's Average rows
 * (to gray): 249 -> 229 ms against pairs.
 */
function averageTripleGray(
  up: Int32Array, r1: Int32Array, r2: Int32Array, r3: Int32Array, n: number,
  g1: Int32Array, g2: Int32Array, g3: Int32Array,
): void {
  // First pixels: left is 0; for rows 2 and 3, up is the new pixel of the row before.
  let x = r1[0];
  let a = ((x & 0x7f7f7f7f) + ((up[0] >>> 1) & 0x7f7f7f7f)) ^ (x & -2139062144);
  x = r2[0];
  let e = ((x & 0x7f7f7f7f) + ((a >>> 1) & 0x7f7f7f7f)) ^ (x & -2139062144);
  x = r3[0];
  let h = ((x & 0x7f7f7f7f) + ((e >>> 1) & 0x7f7f7f7f)) ^ (x & -2139062144);
  r3[0] = h;
  g1[0] = grayWord(a);
  g2[0] = grayWord(e);
  g3[0] = grayWord(h);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  let b = 0;
  let p = 0;
  for (let k = 1; k < n; k++) {
    // Per row: p = bytewise (left + up) >> 1, then the new pixel = filtered + p bytewise.
    p = (a & (b = up[k])) + (((a ^ b) & -16843010) >>> 1);
    a = (((x = r1[k]) & 0x7f7f7f7f) + (p & 0x7f7f7f7f)) ^ ((x ^ p) & -2139062144);
    p = (e & a) + (((e ^ a) & -16843010) >>> 1);
    e = (((x = r2[k]) & 0x7f7f7f7f) + (p & 0x7f7f7f7f)) ^ ((x ^ p) & -2139062144);
    p = (h & e) + (((h ^ e) & -16843010) >>> 1);
    r3[k] = h = (((x = r3[k]) & 0x7f7f7f7f) + (p & 0x7f7f7f7f)) ^ ((x ^ p) & -2139062144);
    // Fused grayscale (see unfilterRgbaRow): grayWords' formula on the words at hand.
    g1[k] = (a & -16777216) | (((rg[a & 0xffff] + lb[(a >>> 16) & 255]) >> 16) * 0x10101);
    g2[k] = (e & -16777216) | (((rg[e & 0xffff] + lb[(e >>> 16) & 255]) >> 16) * 0x10101);
    g3[k] = (h & -16777216) | (((rg[h & 0xffff] + lb[(h >>> 16) & 255]) >> 16) * 0x10101);
  }
}

/**
 * Two Paeth rows at once (words i... and i + n...; the row above before i):
 * the second row's "up" and "up-left" are the first row's new pixel and its
 * previous one, both still in locals, so per pixel pair that saves the second
 * row's load and channel extraction of the row above, one loop step and, with
 * `gray`, the first row's colour store (nothing reads it: the row after the
 * pair looks only at the second). Photos written with adaptive filtering have
 * long runs of Paeth rows, so most of them go two by two (to gray, three by
 * three: paethTripleGray).
 * `up`, `r1`, `r2`: the row above and the two rows; g1, g2: their gray rows (both or neither).
 */
function paethPairWords(
  up: Int32Array, r1: Int32Array, r2: Int32Array, n: number, t: Int16Array, g1?: Int32Array, g2?: Int32Array,
): void {
  let x = r1[0];
  let bw = up[0];
  let z = r2[0];
  // First pixels: left = up-left = 0, so the predictor is up; for the second row that is the first row's pixel.
  let p0 = (x + bw) & 255;
  let p1 = ((x >>> 8) + (bw >>> 8)) & 255;
  let p2 = ((x >>> 16) + (bw >>> 16)) & 255;
  let p3 = ((x >>> 24) + (bw >>> 24)) & 255;
  let e0 = (z + p0) & 255;
  let e1 = ((z >>> 8) + p1) & 255;
  let e2 = ((z >>> 16) + p2) & 255;
  let e3 = ((z >>> 24) + p3) & 255;
  r1[0] = p0 | (p1 << 8) | (p2 << 16) | (p3 << 24);
  r2[0] = e0 | (e1 << 8) | (e2 << 16) | (e3 << 24);
  if (g1) {
    g1[0] = grayWord(r1[0]);
    g2![0] = grayWord(r2[0]);
  }
  const rg = lumaRGTable();
  const lb = LUMA_B;
  // First row: p (left) and q (new) trade roles every pixel, as do u (up-left)
  // and v (up), so no value is copied from one local to another (two
  // unrolled halves). e is the second row's left pixel.
  let u0 = bw & 255, u1 = (bw >>> 8) & 255, u2 = (bw >>> 16) & 255, u3 = bw >>> 24;
  let q0 = 0, q1 = 0, q2 = 0, q3 = 0;
  let v0 = 0, v1 = 0, v2 = 0, v3 = 0;
  if (n === 1) return;
  // Per channel as in paethWords; the second row's up and up-left are the first
  // row's new and left pixels. Innermost first: v = up, q = row 1, e = row 2.
  // Each value is assigned inside the expression that first reads it: the
  // interpreter keeps it on its stack instead of a store, a pop and a reload
  // (measured: ~7% less time for the pair).
  for (let k = 1; ;) {
    x = r1[k];
    bw = up[k];
    z = r2[k];
    e0 = (z + p0 + t[(((q0 = (x + u0 + t[(((v0 = bw & 255) - u0) << 9) + p0 - u0 + 130815]) & 255) - p0) << 9) + e0 - p0 + 130815]) & 255;
    e1 = ((z >>> 8) + p1 + t[(((q1 = ((x >>> 8) + u1 + t[(((v1 = (bw >>> 8) & 255) - u1) << 9) + p1 - u1 + 130815]) & 255) - p1) << 9) + e1 - p1 + 130815]) & 255;
    e2 = ((z >>> 16) + p2 + t[(((q2 = ((x >>> 16) + u2 + t[(((v2 = (bw >>> 16) & 255) - u2) << 9) + p2 - u2 + 130815]) & 255) - p2) << 9) + e2 - p2 + 130815]) & 255;
    e3 = ((z >>> 24) + p3 + t[(((q3 = ((x >>> 24) + u3 + t[(((v3 = bw >>> 24) - u3) << 9) + p3 - u3 + 130815]) & 255) - p3) << 9) + e3 - p3 + 130815]) & 255;
    r2[k] = e0 | (e1 << 8) | (e2 << 16) | (e3 << 24);
    if (g1) {
      g1[k] = (((rg[q0 | (q1 << 8)] + lb[q2]) >> 16) * 0x10101) | (q3 << 24);
      g2![k] = (((rg[e0 | (e1 << 8)] + lb[e2]) >> 16) * 0x10101) | (e3 << 24);
    } else {
      r1[k] = q0 | (q1 << 8) | (q2 << 16) | (q3 << 24);
    }
    if (++k === n) return;
    x = r1[k];
    bw = up[k];
    z = r2[k];
    e0 = (z + q0 + t[(((p0 = (x + v0 + t[(((u0 = bw & 255) - v0) << 9) + q0 - v0 + 130815]) & 255) - q0) << 9) + e0 - q0 + 130815]) & 255;
    e1 = ((z >>> 8) + q1 + t[(((p1 = ((x >>> 8) + v1 + t[(((u1 = (bw >>> 8) & 255) - v1) << 9) + q1 - v1 + 130815]) & 255) - q1) << 9) + e1 - q1 + 130815]) & 255;
    e2 = ((z >>> 16) + q2 + t[(((p2 = ((x >>> 16) + v2 + t[(((u2 = (bw >>> 16) & 255) - v2) << 9) + q2 - v2 + 130815]) & 255) - q2) << 9) + e2 - q2 + 130815]) & 255;
    e3 = ((z >>> 24) + q3 + t[(((p3 = ((x >>> 24) + v3 + t[(((u3 = bw >>> 24) - v3) << 9) + q3 - v3 + 130815]) & 255) - q3) << 9) + e3 - q3 + 130815]) & 255;
    r2[k] = e0 | (e1 << 8) | (e2 << 16) | (e3 << 24);
    if (g1) {
      g1[k] = (((rg[p0 | (p1 << 8)] + lb[p2]) >> 16) * 0x10101) | (p3 << 24);
      g2![k] = (((rg[e0 | (e1 << 8)] + lb[e2]) >> 16) * 0x10101) | (e3 << 24);
    } else {
      r1[k] = p0 | (p1 << 8) | (p2 << 16) | (p3 << 24);
    }
    if (++k === n) return;
  }
}

/**
 * Three Paeth rows at once, to gray (`g1`..`g3`): paethPairWords' savings
 * taken one row further (the third row's up and up-left are the second row's
 * new and left pixels; measured ~10% less time than pairs over the same rows).
 * Only the third row's colours are stored (back to r3): the next rows look
 * only at it; rows 1 and 2 leave just their gray words.
 */
function paethTripleGray(
  up: Int32Array, r1: Int32Array, r2: Int32Array, r3: Int32Array, n: number, t: Int16Array,
  g1: Int32Array, g2: Int32Array, g3: Int32Array,
): void {
  let x = r1[0];
  let bw = up[0];
  let z = r2[0];
  let s = r3[0];
  // First pixels: left = up-left = 0, so each row's predictor is the pixel above.
  let p0 = (x + bw) & 255;
  let p1 = ((x >>> 8) + (bw >>> 8)) & 255;
  let p2 = ((x >>> 16) + (bw >>> 16)) & 255;
  let p3 = ((x >>> 24) + (bw >>> 24)) & 255;
  let e0 = (z + p0) & 255;
  let e1 = ((z >>> 8) + p1) & 255;
  let e2 = ((z >>> 16) + p2) & 255;
  let e3 = ((z >>> 24) + p3) & 255;
  let h0 = (s + e0) & 255;
  let h1 = ((s >>> 8) + e1) & 255;
  let h2 = ((s >>> 16) + e2) & 255;
  let h3 = ((s >>> 24) + e3) & 255;
  r3[0] = h0 | (h1 << 8) | (h2 << 16) | (h3 << 24);
  g1[0] = grayWord(p0 | (p1 << 8) | (p2 << 16) | (p3 << 24));
  g2[0] = grayWord(e0 | (e1 << 8) | (e2 << 16) | (e3 << 24));
  g3[0] = grayWord(r3[0]);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  // Left and new pixels trade roles every pixel (two unrolled halves), as in
  // paethPairWords: u/v (up-left/up), p/q (row 1), e/f (row 2); h is row 3's left.
  let u0 = bw & 255, u1 = (bw >>> 8) & 255, u2 = (bw >>> 16) & 255, u3 = bw >>> 24;
  let q0 = 0, q1 = 0, q2 = 0, q3 = 0;
  let v0 = 0, v1 = 0, v2 = 0, v3 = 0;
  let f0 = 0, f1 = 0, f2 = 0, f3 = 0;
  let lo = 0;
  if (n === 1) return;
  // Per channel, innermost first: v = up, q = row 1, f = row 2, then h = row 3
  // (each value, the words loaded too, assigned inside the expression that
  // first reads it, see paethPairWords).
  for (let k = 1; ;) {
    h0 = ((s = r3[k]) + e0 + t[(((f0 = ((z = r2[k]) + p0 + t[(((q0 = ((x = r1[k]) + u0 + t[(((v0 = (bw = up[k]) & 255) - u0) << 9) + p0 - u0 + 130815]) & 255) - p0) << 9) + e0 - p0 + 130815]) & 255) - e0) << 9) + h0 - e0 + 130815]) & 255;
    h1 = ((s >>> 8) + e1 + t[(((f1 = ((z >>> 8) + p1 + t[(((q1 = ((x >>> 8) + u1 + t[(((v1 = (bw >>> 8) & 255) - u1) << 9) + p1 - u1 + 130815]) & 255) - p1) << 9) + e1 - p1 + 130815]) & 255) - e1) << 9) + h1 - e1 + 130815]) & 255;
    h2 = ((s >>> 16) + e2 + t[(((f2 = ((z >>> 16) + p2 + t[(((q2 = ((x >>> 16) + u2 + t[(((v2 = (bw >>> 16) & 255) - u2) << 9) + p2 - u2 + 130815]) & 255) - p2) << 9) + e2 - p2 + 130815]) & 255) - e2) << 9) + h2 - e2 + 130815]) & 255;
    h3 = ((s >>> 24) + e3 + t[(((f3 = ((z >>> 24) + p3 + t[(((q3 = ((x >>> 24) + u3 + t[(((v3 = bw >>> 24) - u3) << 9) + p3 - u3 + 130815]) & 255) - p3) << 9) + e3 - p3 + 130815]) & 255) - e3) << 9) + h3 - e3 + 130815]) & 255;
    r3[k] = (lo = h0 | (h1 << 8)) | (h2 << 16) | (h3 << 24);
    // Fused grayscale (see unfilterRgbaRow): grayWords' formula on the channels at hand
    // (row 3's R | G << 8 index is the low half just stored, kept in `lo`).
    g1[k] = (((rg[q0 | (q1 << 8)] + lb[q2]) >> 16) * 0x10101) | (q3 << 24);
    g2[k] = (((rg[f0 | (f1 << 8)] + lb[f2]) >> 16) * 0x10101) | (f3 << 24);
    g3[k] = (((rg[lo] + lb[h2]) >> 16) * 0x10101) | (h3 << 24);
    if (++k === n) return;
    h0 = ((s = r3[k]) + f0 + t[(((e0 = ((z = r2[k]) + q0 + t[(((p0 = ((x = r1[k]) + v0 + t[(((u0 = (bw = up[k]) & 255) - v0) << 9) + q0 - v0 + 130815]) & 255) - q0) << 9) + f0 - q0 + 130815]) & 255) - f0) << 9) + h0 - f0 + 130815]) & 255;
    h1 = ((s >>> 8) + f1 + t[(((e1 = ((z >>> 8) + q1 + t[(((p1 = ((x >>> 8) + v1 + t[(((u1 = (bw >>> 8) & 255) - v1) << 9) + q1 - v1 + 130815]) & 255) - q1) << 9) + f1 - q1 + 130815]) & 255) - f1) << 9) + h1 - f1 + 130815]) & 255;
    h2 = ((s >>> 16) + f2 + t[(((e2 = ((z >>> 16) + q2 + t[(((p2 = ((x >>> 16) + v2 + t[(((u2 = (bw >>> 16) & 255) - v2) << 9) + q2 - v2 + 130815]) & 255) - q2) << 9) + f2 - q2 + 130815]) & 255) - f2) << 9) + h2 - f2 + 130815]) & 255;
    h3 = ((s >>> 24) + f3 + t[(((e3 = ((z >>> 24) + q3 + t[(((p3 = ((x >>> 24) + v3 + t[(((u3 = bw >>> 24) - v3) << 9) + q3 - v3 + 130815]) & 255) - q3) << 9) + f3 - q3 + 130815]) & 255) - f3) << 9) + h3 - f3 + 130815]) & 255;
    r3[k] = (lo = h0 | (h1 << 8)) | (h2 << 16) | (h3 << 24);
    g1[k] = (((rg[p0 | (p1 << 8)] + lb[p2]) >> 16) * 0x10101) | (p3 << 24);
    g2[k] = (((rg[e0 | (e1 << 8)] + lb[e2]) >> 16) * 0x10101) | (e3 << 24);
    g3[k] = (((rg[lo] + lb[h2]) >> 16) * 0x10101) | (h3 << 24);
    if (++k === n) return;
  }
}

/**
 * paethTripleGray for rows whose alpha is 255 throughout (the usual RGBA
 * photo): the row above is opaque and the three rows' filtered alpha bytes
 * are all 0, and a Paeth predictor of 255, 255, 255 is 255, so every alpha
 * stays 255 and only R, G and B are unfiltered: a quarter of the channel
 * work skipped (the caller checks, natively; see opaqueTriple).
 */
function paethTripleGrayOpaque(
  up: Int32Array, r1: Int32Array, r2: Int32Array, r3: Int32Array, n: number, t: Int16Array,
  g1: Int32Array, g2: Int32Array, g3: Int32Array,
): void {
  let x = r1[0];
  let bw = up[0];
  let z = r2[0];
  let s = r3[0];
  // First pixels: left = up-left = 0, so each row's predictor is the pixel above.
  let p0 = (x + bw) & 255;
  let p1 = ((x >>> 8) + (bw >>> 8)) & 255;
  let p2 = ((x >>> 16) + (bw >>> 16)) & 255;
  let e0 = (z + p0) & 255;
  let e1 = ((z >>> 8) + p1) & 255;
  let e2 = ((z >>> 16) + p2) & 255;
  let h0 = (s + e0) & 255;
  let h1 = ((s >>> 8) + e1) & 255;
  let h2 = ((s >>> 16) + e2) & 255;
  r3[0] = h0 | (h1 << 8) | (h2 << 16) | -16777216;
  g1[0] = grayWord(p0 | (p1 << 8) | (p2 << 16) | -16777216);
  g2[0] = grayWord(e0 | (e1 << 8) | (e2 << 16) | -16777216);
  g3[0] = grayWord(r3[0]);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  // Left and new pixels trade roles every pixel (two unrolled halves), as in
  // paethPairWords: u/v (up-left/up), p/q (row 1), e/f (row 2); h is row 3's left.
  let u0 = bw & 255, u1 = (bw >>> 8) & 255, u2 = (bw >>> 16) & 255;
  let q0 = 0, q1 = 0, q2 = 0;
  let v0 = 0, v1 = 0, v2 = 0;
  let f0 = 0, f1 = 0, f2 = 0;
  let lo = 0;
  if (n === 1) return;
  // Per channel, innermost first: v = up, q = row 1, f = row 2, then h = row 3
  // (each value, the words loaded too, assigned inside the expression that
  // first reads it, see paethPairWords).
  for (let k = 1; ;) {
    h0 = ((s = r3[k]) + e0 + t[(((f0 = ((z = r2[k]) + p0 + t[(((q0 = ((x = r1[k]) + u0 + t[(((v0 = (bw = up[k]) & 255) - u0) << 9) + p0 - u0 + 130815]) & 255) - p0) << 9) + e0 - p0 + 130815]) & 255) - e0) << 9) + h0 - e0 + 130815]) & 255;
    h1 = ((s >>> 8) + e1 + t[(((f1 = ((z >>> 8) + p1 + t[(((q1 = ((x >>> 8) + u1 + t[(((v1 = (bw >>> 8) & 255) - u1) << 9) + p1 - u1 + 130815]) & 255) - p1) << 9) + e1 - p1 + 130815]) & 255) - e1) << 9) + h1 - e1 + 130815]) & 255;
    h2 = ((s >>> 16) + e2 + t[(((f2 = ((z >>> 16) + p2 + t[(((q2 = ((x >>> 16) + u2 + t[(((v2 = (bw >>> 16) & 255) - u2) << 9) + p2 - u2 + 130815]) & 255) - p2) << 9) + e2 - p2 + 130815]) & 255) - e2) << 9) + h2 - e2 + 130815]) & 255;
    r3[k] = (lo = h0 | (h1 << 8)) | (h2 << 16) | -16777216;
    // Fused grayscale (see unfilterRgbaRow): grayWords' formula on the channels at hand
    // (row 3's R | G << 8 index is the low half just stored, kept in `lo`).
    g1[k] = (((rg[q0 | (q1 << 8)] + lb[q2]) >> 16) * 0x10101) | -16777216;
    g2[k] = (((rg[f0 | (f1 << 8)] + lb[f2]) >> 16) * 0x10101) | -16777216;
    g3[k] = (((rg[lo] + lb[h2]) >> 16) * 0x10101) | -16777216;
    if (++k === n) return;
    h0 = ((s = r3[k]) + f0 + t[(((e0 = ((z = r2[k]) + q0 + t[(((p0 = ((x = r1[k]) + v0 + t[(((u0 = (bw = up[k]) & 255) - v0) << 9) + q0 - v0 + 130815]) & 255) - q0) << 9) + f0 - q0 + 130815]) & 255) - f0) << 9) + h0 - f0 + 130815]) & 255;
    h1 = ((s >>> 8) + f1 + t[(((e1 = ((z >>> 8) + q1 + t[(((p1 = ((x >>> 8) + v1 + t[(((u1 = (bw >>> 8) & 255) - v1) << 9) + q1 - v1 + 130815]) & 255) - q1) << 9) + f1 - q1 + 130815]) & 255) - f1) << 9) + h1 - f1 + 130815]) & 255;
    h2 = ((s >>> 16) + f2 + t[(((e2 = ((z >>> 16) + q2 + t[(((p2 = ((x >>> 16) + v2 + t[(((u2 = (bw >>> 16) & 255) - v2) << 9) + q2 - v2 + 130815]) & 255) - q2) << 9) + f2 - q2 + 130815]) & 255) - f2) << 9) + h2 - f2 + 130815]) & 255;
    r3[k] = (lo = h0 | (h1 << 8)) | (h2 << 16) | -16777216;
    g1[k] = (((rg[p0 | (p1 << 8)] + lb[p2]) >> 16) * 0x10101) | -16777216;
    g2[k] = (((rg[e0 | (e1 << 8)] + lb[e2]) >> 16) * 0x10101) | -16777216;
    g3[k] = (((rg[lo] + lb[h2]) >> 16) * 0x10101) | -16777216;
    if (++k === n) return;
  }
}

const minOf = Math.min as unknown as (...v: ArrayLike<number>[]) => number;
const maxOf = Math.max as unknown as (...v: ArrayLike<number>[]) => number;

/**
 * Whether the decoded row above is opaque (signed words in [-2^24, -1]) and
 * the three filtered rows' alpha bytes are all 0 (words in [0, 2^24)):
 * Math.min/max.apply walk a typed array natively (as ops/opaque.ts).
 */
function opaqueTriple(up: Int32Array, r1: Int32Array, r2: Int32Array, r3: Int32Array): boolean {
  if (up.length > 65536) return false;
  if (maxOf.apply(null, up as never) >= 0 || minOf.apply(null, up as never) < -16777216) return false;
  for (const r of [r1, r2, r3]) if (minOf.apply(null, r as never) < 0 || maxOf.apply(null, r as never) >= 16777216) return false;
  return true;
}

/** The gray word of one pixel word (as grayWords), for the few pixels outside the fused loops. */
function grayWord(p: number): number {
  return (p & -16777216) | (((lumaRGTable()[p & 0xffff] + LUMA_B[(p >>> 16) & 255]) >> 16) * 0x10101);
}

/**
 * Unfilters one row of 8-bit RGBA pixels in place: `n` words from word `i`;
 * unless `first`, the row above is the `n` words before it.
 * With `gray`, also writes the row's gray words (R = G = B = luma, alpha kept,
 * as the grayscale operation) to gray[g...]. Average and Paeth, the costly
 * filters that photos mostly use, compute them inside their loops from values
 * already in locals: that saves the separate pass's load, loop and most of its
 * bytecodes (measured: about a third of the pass's cost); the other rows are
 * converted afterwards.
 */
export function unfilterRgbaRow(
  w: Int32Array, i: number, n: number, filter: number, first: boolean, gray?: Int32Array, g = 0,
): void {
  if (!first && filter === 3) return averageWords(w, i, n, gray, g - i);
  if (!first && filter === 4) return paethWords(w, i, n, paethTable(), gray, g - i);
  switch (filter) {
    case 1: subWords(w, i, n); break;
    case 2: if (!first) upWords(w, i, n); break;
    case 3: averageWordsFirstRow(w, i, n); break;
    // With no row above, Paeth's predictor is always the left pixel: Sub.
    case 4: subWords(w, i, n); break;
  }
  if (gray) grayWords(w, i, gray, g, n);
}

/**
 * Unfilters row `y` of 8-bit RGBA (filter filters[y]) in place at word `i`, as
 * unfilterRgbaRow, or rows y and y + 1 together (the second at i + n) when both
 * are Paeth or both Average rows, below the first; with `gray`, three such
 * rows y..y + 2 together when there are three. Returns how many rows it did
 * (1, 2 or 3). With `gray`, only the gray words are certain for the rows done
 * before the last of a group: their colours stay filtered, since only the
 * last row is read afterwards.
 */
export function unfilterRgbaRows(
  w: Int32Array, i: number, n: number, filters: Uint8Array, y: number, gray?: Int32Array, g = 0,
): number {
  const filter = filters[y];
  if (y > 0 && filters[y + 1] === filter && (filter === 3 || filter === 4)) {
    // Views with the pixel index as their index: no offset arithmetic per access in the loops.
    const up = w.subarray(i - n, i);
    const r1 = w.subarray(i, i + n);
    const r2 = w.subarray(i + n, i + 2 * n);
    if (gray && filters[y + 2] === filter) {
      const r3 = w.subarray(i + 2 * n, i + 3 * n);
      const g1 = gray.subarray(g, g + n);
      const g2 = gray.subarray(g + n, g + 2 * n);
      const g3 = gray.subarray(g + 2 * n, g + 3 * n);
      if (filter === 4 && opaqueTriple(up, r1, r2, r3)) paethTripleGrayOpaque(up, r1, r2, r3, n, paethTable(), g1, g2, g3);
      else if (filter === 4) paethTripleGray(up, r1, r2, r3, n, paethTable(), g1, g2, g3);
      else averageTripleGray(up, r1, r2, r3, n, g1, g2, g3);
      return 3;
    }
    const g1 = gray?.subarray(g, g + n);
    const g2 = gray?.subarray(g + n, g + 2 * n);
    if (filter === 4) paethPairWords(up, r1, r2, n, paethTable(), g1, g2);
    else averagePairWords(up, r1, r2, n, g1, g2);
    return 2;
  }
  unfilterRgbaRow(w, i, n, filter, y === 0, gray, g);
  return 1;
}

// ---------------------------------------------------------------------------
// Any other layout: bytes, `bpp` bytes per complete pixel (at least 1). The row
// starts at d[o]; the row above at d[up], or up < 0 for the first row.
// Sub, Average and Paeth run one pass per channel, striding by `bpp`, so the
// left (and up-left) byte stays in a local instead of being loaded again.

function subBytes(d: Uint8Array, o: number, rowBytes: number, bpp: number): void {
  const end = o + rowBytes;
  for (let ch = 0; ch < bpp && ch < rowBytes; ch++) {
    let a = d[o + ch]; // first pixel: nothing on its left
    for (let i = o + ch + bpp; i < end; i += bpp) {
      a = (d[i] + a) & 255;
      d[i] = a;
    }
  }
}

function upBytes(d: Uint8Array, o: number, up: number, rowBytes: number): void {
  const delta = o - up;
  let i = o;
  // Whole words (four bytes per step) when both rows start 4-aligned; the tail bytewise.
  const at = d.byteOffset + o;
  if ((at & 3) === 0 && (delta & 3) === 0 && rowBytes >= 16) {
    const words = rowBytes >> 2;
    const w = new Int32Array(d.buffer, at - delta, (delta >> 2) + words);
    const dw = delta >> 2;
    for (let k = dw, end = dw + words; k < end; k++) {
      const x = w[k];
      const b = w[k - dw];
      w[k] = ((x & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((x ^ b) & -2139062144);
    }
    i += words << 2;
  }
  for (const end = o + rowBytes; i < end; i++) d[i] += d[i - delta];
}

function averageBytes(d: Uint8Array, o: number, up: number, rowBytes: number, bpp: number): void {
  const end = o + rowBytes;
  const delta = o - up;
  for (let ch = 0; ch < bpp && ch < rowBytes; ch++) {
    let i = o + ch;
    // First pixel: left is 0 (and so is up on the first row).
    let a = up < 0 ? d[i] : (d[i] + (d[i - delta] >> 1)) & 255;
    d[i] = a;
    if (up < 0) {
      for (i += bpp; i < end; i += bpp) {
        a = (d[i] + (a >> 1)) & 255;
        d[i] = a;
      }
    } else {
      for (i += bpp; i < end; i += bpp) {
        a = (d[i] + ((a + d[i - delta]) >> 1)) & 255;
        d[i] = a;
      }
    }
  }
}

function paethBytes(d: Uint8Array, o: number, up: number, rowBytes: number, bpp: number): void {
  if (up < 0) return subBytes(d, o, rowBytes, bpp); // no row above: the predictor is the left byte
  const t = paethTable();
  const end = o + rowBytes;
  const delta = o - up;
  for (let ch = 0; ch < bpp && ch < rowBytes; ch++) {
    let i = o + ch;
    let c = d[i - delta];
    let a = (d[i] + c) & 255; // first pixel: a = c = 0, so the predictor is b
    d[i] = a;
    let b = 0;
    for (i += bpp; i < end; i += bpp) {
      b = d[i - delta];
      a = (d[i] + c + t[((b - c) << 9) + a - c + 130815]) & 255;
      d[i] = a;
      c = b;
    }
  }
}

/** Unfilters one row of bytes in place (see above for `o`, `up`). */
export function unfilterRowBytes(d: Uint8Array, o: number, up: number, rowBytes: number, bpp: number, filter: number): void {
  switch (filter) {
    case 0: return;
    case 1: return subBytes(d, o, rowBytes, bpp);
    case 2: if (up >= 0) upBytes(d, o, up, rowBytes); return;
    case 3: return averageBytes(d, o, up, rowBytes, bpp);
    case 4: return paethBytes(d, o, up, rowBytes, bpp);
  }
}
