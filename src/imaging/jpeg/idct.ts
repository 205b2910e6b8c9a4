import { ZIGZAG_TO_NATURAL } from './coefficients.js';

/**
 * Dequantization and inverse DCT of one block, at full size (8x8) or scaled
 * down to 4x4, 2x2 or 1x1 from the low-frequency coefficients (libjpeg's
 * scaled decoding, jidctred.c).
 *
 * The 8x8 transform is the AAN factorisation in floating point (libjpeg's
 * jidctflt.c): 5 multiplies and 29 adds per 1-D pass against islow's 12 and
 * 32. Without a JIT every operation costs about the same, floats as much as
 * integers, so fewer operations is what counts; the result is also closer
 * to the exact IDCT than islow (djpeg -dct float is 57-66 dB from islow).
 * The AAN scale factors, the final 1/8 and the +128 level shift are folded
 * into the dequantization table and the DC term, and the output goes into a
 * Uint8ClampedArray, whose stores round and clamp natively (no range-limit
 * table, no shifts).
 *
 * Most blocks of a photo have only a few low-frequency coefficients: the
 * decoder's per-block extent (one past the last non-zero zigzag position)
 * gives how many rows and columns can be non-zero, so empty columns are not
 * transformed, DC-only blocks become native fills, one-row blocks a single
 * 1-D pass and native row copies, and the frequent DC + (0,1) + (1,0) block
 * a row pattern plus a constant per row.
 */

/** For an extent (0-64): how many coefficient rows / columns the zigzag positions below it reach. */
const ROWS = new Uint8Array(65);
const COLS = new Uint8Array(65);
for (let e = 1; e <= 64; e++) {
  const n = ZIGZAG_TO_NATURAL[e - 1];
  ROWS[e] = Math.max(ROWS[e - 1], (n >> 3) + 1);
  COLS[e] = Math.max(COLS[e - 1], (n & 7) + 1);
}
ROWS[0] = 1;
COLS[0] = 1;

const AAN = [1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379];
const C0 = Math.SQRT1_2;

/**
 * The dequantization table for a scale, with that transform's constant
 * factors folded in (natural order; only the used corner matters when scaled).
 */
export function idctTable(quant: Uint16Array, scale: 1 | 2 | 4 | 8): Float64Array {
  const table = new Float64Array(64);
  for (let i = 0; i < 64; i++) {
    const row = i >> 3;
    const col = i & 7;
    if (scale === 1) table[i] = (quant[i] * AAN[row] * AAN[col]) / 8;
    else if (scale === 2) table[i] = (quant[i] * (row ? 1 : C0) * (col ? 1 : C0)) / 4;
    else table[i] = quant[i] / 8; // 2x2: C(u)C(v)/4 * cos(pi/4)^(u+v) is 1/8 for u, v < 2; 1x1 likewise
  }
  return table;
}

/** Full-size IDCT of the block at `off` into 8x8 samples at out[o], rows `stride` apart. */
export function idct8x8(
  coef: Int16Array, off: number, q: Float64Array, ws: Float64Array,
  out: Uint8ClampedArray, o: number, stride: number, extent: number,
): void {
  const dc = coef[off] * q[0] + 128;
  if (extent <= 1) {
    // DC only: a flat block, eight native fills.
    for (let r = 0; r < 8; r++, o += stride) out.fill(dc, o, o + 8);
    return;
  }
  const rows = ROWS[extent];
  const cols = COLS[extent];
  // All locals up front, none declared inside the loops (block-scoped declarations there cost
  // this interpreter extra operations per turn in micro-benchmarks).
  let d0, d1, d2, d3, d4, d5, d6, d7, t10, t11, t12, t13, e0, e1, e2, e3, z5, z10, z11, z12, z13, o4, o5, o6, o7;
  let i, a1, a2, a3, a4, a5, a6, a7;
  if (rows === 1) {
    // Only the first coefficient row: every output row is the same 1-D IDCT of it.
    d0 = dc; d1 = coef[off + 1] * q[1]; d2 = coef[off + 2] * q[2]; d3 = coef[off + 3] * q[3];
    d4 = coef[off + 4] * q[4]; d5 = coef[off + 5] * q[5]; d6 = coef[off + 6] * q[6]; d7 = coef[off + 7] * q[7];
    t10 = d0 + d4; t11 = d0 - d4; t13 = d2 + d6; t12 = (d2 - d6) * 1.414213562 - t13;
    e0 = t10 + t13; e3 = t10 - t13; e1 = t11 + t12; e2 = t11 - t12;
    z13 = d5 + d3; z10 = d5 - d3; z11 = d1 + d7; z12 = d1 - d7;
    o7 = z11 + z13; z5 = (z10 + z12) * 1.847759065;
    o6 = z5 - z10 * 2.61312593 - o7; o5 = (z11 - z13) * 1.414213562 - o6; o4 = z12 * 1.0823922 - z5 + o5;
    out[o] = e0 + o7; out[o + 7] = e0 - o7; out[o + 1] = e1 + o6; out[o + 6] = e1 - o6;
    out[o + 2] = e2 + o5; out[o + 5] = e2 - o5; out[o + 4] = e3 + o4; out[o + 3] = e3 - o4;
    // Native row copies instead of 56 stores.
    for (let r = 1, to = o + stride; r < 8; r++, to += stride) out.copyWithin(to, o, o + 8);
    return;
  }
  if (extent === 3) {
    // DC, (0,1) and (1,0) only (a fifth of a photo's blocks): sample (x, y) is
    // dc + b * cx[x] + c * cy[y], so each row is a constant plus one row
    // pattern, and rows y and 7 - y differ only in the constant's sign.
    d1 = coef[off + 1] * q[1];
    d2 = coef[off + 8] * q[8];
    o7 = d1; o6 = d1 * 0.847759065; o5 = d1 * 0.566454497; o4 = d1 * 0.198912367;
    ws[0] = d2; ws[1] = d2 * 0.847759065; ws[2] = d2 * 0.566454497; ws[3] = d2 * 0.198912367;
    for (let r = 0, top = o, bottom = o + 7 * stride; r < 4; r++, top += stride, bottom -= stride) {
      d0 = dc + ws[r];
      out[top] = d0 + o7; out[top + 7] = d0 - o7; out[top + 1] = d0 + o6; out[top + 6] = d0 - o6;
      out[top + 2] = d0 + o5; out[top + 5] = d0 - o5; out[top + 3] = d0 + o4; out[top + 4] = d0 - o4;
      d0 = dc - ws[r];
      out[bottom] = d0 + o7; out[bottom + 7] = d0 - o7; out[bottom + 1] = d0 + o6; out[bottom + 6] = d0 - o6;
      out[bottom + 2] = d0 + o5; out[bottom + 5] = d0 - o5; out[bottom + 3] = d0 + o4; out[bottom + 4] = d0 - o4;
    }
    return;
  }
  // Pass 1: columns into the workspace (ws[row * 8 + col]). The row pass
  // reads 2, 4 or 8 columns; those past `cols` take the cheap all-zero path.
  const lastCol = cols <= 2 ? 2 : cols <= 4 ? 4 : 8;
  for (let c = 0; c < lastCol; c++) {
    i = off + c;
    d0 = c === 0 ? dc : coef[i] * q[c];
    if (rows <= 4) {
      a1 = coef[i + 8];
      a2 = coef[i + 16];
      a3 = coef[i + 24];
      if ((a1 | a2 | a3) === 0) {
        ws[c] = ws[c + 8] = ws[c + 16] = ws[c + 24] = ws[c + 32] = ws[c + 40] = ws[c + 48] = ws[c + 56] = d0;
        continue;
      }
      d1 = a1 * q[c + 8]; d2 = a2 * q[c + 16]; d3 = a3 * q[c + 24];
      // The 8-point transform with inputs 4-7 zero.
      t12 = d2 * 0.414213562;
      e0 = d0 + d2; e3 = d0 - d2; e1 = d0 + t12; e2 = d0 - t12;
      o7 = d1 + d3; z5 = (d1 - d3) * 1.847759065;
      o6 = d3 * 2.61312593 + z5 - o7; o5 = (d1 - d3) * 1.414213562 - o6; o4 = d1 * 1.0823922 - z5 + o5;
    } else {
      a1 = coef[i + 8];
      a2 = coef[i + 16];
      a3 = coef[i + 24];
      a4 = coef[i + 32];
      a5 = coef[i + 40];
      a6 = coef[i + 48];
      a7 = coef[i + 56];
      if ((a1 | a2 | a3 | a4 | a5 | a6 | a7) === 0) {
        ws[c] = ws[c + 8] = ws[c + 16] = ws[c + 24] = ws[c + 32] = ws[c + 40] = ws[c + 48] = ws[c + 56] = d0;
        continue;
      }
      d1 = a1 * q[c + 8]; d2 = a2 * q[c + 16]; d3 = a3 * q[c + 24];
      d4 = a4 * q[c + 32]; d5 = a5 * q[c + 40]; d6 = a6 * q[c + 48]; d7 = a7 * q[c + 56];
      t10 = d0 + d4; t11 = d0 - d4; t13 = d2 + d6; t12 = (d2 - d6) * 1.414213562 - t13;
      e0 = t10 + t13; e3 = t10 - t13; e1 = t11 + t12; e2 = t11 - t12;
      z13 = d5 + d3; z10 = d5 - d3; z11 = d1 + d7; z12 = d1 - d7;
      o7 = z11 + z13; z5 = (z10 + z12) * 1.847759065;
      o6 = z5 - z10 * 2.61312593 - o7; o5 = (z11 - z13) * 1.414213562 - o6; o4 = z12 * 1.0823922 - z5 + o5;
    }
    ws[c] = e0 + o7; ws[c + 56] = e0 - o7; ws[c + 8] = e1 + o6; ws[c + 48] = e1 - o6;
    ws[c + 16] = e2 + o5; ws[c + 40] = e2 - o5; ws[c + 32] = e3 + o4; ws[c + 24] = e3 - o4;
  }

  // Pass 2: rows into the output. With inputs 2-7 zero (extents 4 and 5) a
  // row is d0 +- d1 * cos((2k+1)pi/16) / cos(pi/16).
  if (cols <= 2) {
    for (let w = 0; w < 64; w += 8, o += stride) {
      d0 = ws[w];
      d1 = ws[w + 1];
      o6 = d1 * 0.847759065; o5 = d1 * 0.566454497; o4 = d1 * 0.198912367;
      out[o] = d0 + d1; out[o + 7] = d0 - d1; out[o + 1] = d0 + o6; out[o + 6] = d0 - o6;
      out[o + 2] = d0 + o5; out[o + 5] = d0 - o5; out[o + 3] = d0 + o4; out[o + 4] = d0 - o4;
    }
    return;
  }
  for (let w = 0; w < 64; w += 8, o += stride) {
    d0 = ws[w]; d1 = ws[w + 1]; d2 = ws[w + 2]; d3 = ws[w + 3];
    if (cols <= 4) {
      t12 = d2 * 0.414213562;
      e0 = d0 + d2; e3 = d0 - d2; e1 = d0 + t12; e2 = d0 - t12;
      o7 = d1 + d3; z5 = (d1 - d3) * 1.847759065;
      o6 = d3 * 2.61312593 + z5 - o7; o5 = (d1 - d3) * 1.414213562 - o6; o4 = d1 * 1.0823922 - z5 + o5;
    } else {
      d4 = ws[w + 4]; d5 = ws[w + 5]; d6 = ws[w + 6]; d7 = ws[w + 7];
      t10 = d0 + d4; t11 = d0 - d4; t13 = d2 + d6; t12 = (d2 - d6) * 1.414213562 - t13;
      e0 = t10 + t13; e3 = t10 - t13; e1 = t11 + t12; e2 = t11 - t12;
      z13 = d5 + d3; z10 = d5 - d3; z11 = d1 + d7; z12 = d1 - d7;
      o7 = z11 + z13; z5 = (z10 + z12) * 1.847759065;
      o6 = z5 - z10 * 2.61312593 - o7; o5 = (z11 - z13) * 1.414213562 - o6; o4 = z12 * 1.0823922 - z5 + o5;
    }
    out[o] = e0 + o7; out[o + 7] = e0 - o7; out[o + 1] = e1 + o6; out[o + 6] = e1 - o6;
    out[o + 2] = e2 + o5; out[o + 5] = e2 - o5; out[o + 4] = e3 + o4; out[o + 3] = e3 - o4;
  }
}

const C1 = Math.cos(Math.PI / 8);
const C2 = Math.cos(Math.PI / 4);
const C3 = Math.cos((3 * Math.PI) / 8);

/**
 * Half size: the 4-point IDCT of the top-left 4x4 coefficients, i.e. the
 * block's continuous IDCT sampled at the centres of its 2x2 pixel groups.
 */
export function idct4x4(
  coef: Int16Array, off: number, q: Float64Array, ws: Float64Array,
  out: Uint8ClampedArray, o: number, stride: number, extent: number,
): void {
  const dc = coef[off] * q[0] + 128;
  if (extent <= 1) {
    for (let r = 0; r < 4; r++, o += stride) out.fill(dc, o, o + 4);
    return;
  }
  const cols = COLS[extent] < 4 ? COLS[extent] : 4;
  let p0, p1, p2, p3, e0, e1, o0, o1, i;
  for (let c = 0; c < cols; c++) {
    i = off + c;
    p0 = c === 0 ? dc : coef[i] * q[c];
    p1 = coef[i + 8] * q[c + 8]; p2 = coef[i + 16] * q[c + 16]; p3 = coef[i + 24] * q[c + 24];
    e0 = p0 + C2 * p2; e1 = p0 - C2 * p2; o0 = C1 * p1 + C3 * p3; o1 = C3 * p1 - C1 * p3;
    ws[c] = e0 + o0; ws[c + 12] = e0 - o0; ws[c + 4] = e1 + o1; ws[c + 8] = e1 - o1;
  }
  for (let c = cols; c < 4; c++) ws[c] = ws[c + 4] = ws[c + 8] = ws[c + 12] = 0;
  for (let r = 0, w = 0; r < 4; r++, w += 4, o += stride) {
    p0 = ws[w]; p1 = ws[w + 1]; p2 = ws[w + 2]; p3 = ws[w + 3];
    e0 = p0 + C2 * p2; e1 = p0 - C2 * p2; o0 = C1 * p1 + C3 * p3; o1 = C3 * p1 - C1 * p3;
    out[o] = e0 + o0; out[o + 3] = e0 - o0; out[o + 1] = e1 + o1; out[o + 2] = e1 - o1;
  }
}

/** Quarter size: the 2-point IDCT of the top-left 2x2 coefficients. */
export function idct2x2(
  coef: Int16Array, off: number, q: Float64Array, _ws: Float64Array,
  out: Uint8ClampedArray, o: number, stride: number, extent: number,
): void {
  const a = coef[off] * q[0] + 128;
  if (extent <= 1) {
    out[o] = out[o + 1] = out[o + stride] = out[o + stride + 1] = a;
    return;
  }
  const b = coef[off + 1] * q[1];
  const c = coef[off + 8] * q[8];
  const d = coef[off + 9] * q[9];
  out[o] = a + b + c + d;
  out[o + 1] = a - b + c - d;
  out[o + stride] = a + b - c - d;
  out[o + stride + 1] = a - b - c + d;
}
