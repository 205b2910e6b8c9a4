import type { RgbaImage } from '../image.js';
import { allOpaque } from './opaque.js';
import { scratchFloat64 } from './scratch.js';
import type { Taps } from './taps.js';

// scratchFloat64 slots: the widened or packed source, the pass between, the sums.
const SOURCE = 0, MID = 1, OUT = 2;

// Resampling runs in an interpreter without a JIT, where the cost is the
// number of bytecodes executed, so pixels travel packed, three channels per
// double, and a tap is one load and one multiply-add for all three: exact,
// because every value is an integer (in some power-of-two unit) with at
// most 53 significant bits.
//
// Opaque images (the usual case: decoded JPEGs) are packed natively: widening
// the RGBA bytes to 16-bit units and reading each 8 bytes as a double gives
// C + (R + G * 2^16 + B * 2^32) * 2^-1060, with the same constant C for every
// pixel (alpha 255 lands in the exponent). The first pass sums differences
// of samples, which are exact and free of C. Its 16-bit lanes hold
// 128 * value for lanczos (7-bit weights, room for the negative lobes) or
// 256 * value for filters without negative weights (8-bit weights).
//
// Translucent images are packed by script into "wide" lanes, R << 0,
// B << 17, G << 34, each with 2^15 added so that negative lobes never borrow
// across lanes; lanczos second passes use the same layout.
//
// Results leave as doubles whose bit pattern is the RGBA pixel (see
// FINAL_BIAS), narrowed to bytes by one native TypedArray.set.

const W1 = 131072; // 2^17
const W2 = 17179869184; // 2^34
// 2^15 against undershoot, +128 to round a wide lane's top 9 bits.
const WIDE_BIAS = 32896 * (1 + W1 + W2);
// Widened 16-bit lanes of 128 * value: 2^13 against undershoot, +64 to round.
const BIAS16 = 8256 * (1 + 2 ** 16 + 2 ** 32);
/** The constant in every widened opaque pixel: 31 * 2^48 units of 2^-1060. */
const WIDE_C = 31 * 2 ** -1012;
// The 7-bit first pass scales its weights by 2^530 and its sums by 2^530
// again: 2^1060 itself is not a double.
const HALF_SCALE = 2 ** 530;

// Output patterns. With lanes X = R' + G' * 2^16 + B' * 2^32, R' = 256 * R
// plus a fraction: FINAL_BIAS + X * 2^-1052 has exponent 0x01F and mantissa
// top nibble 0xF, so its bytes are R, x, G, x, B, 0, 0xFF, 0x01, which read as
// 16-bit units and narrowed to bytes are R G B 255. BETWEEN_BIAS + X * 2^-1051
// gives R G B 0 instead; widened again, such pixels are subnormal doubles
// (R + G * 2^16 + B * 2^32) * 2^-1074 with no constant at all, so the next
// pass sums them plainly. Lane 0 is rounded by the addition itself; lanes 1
// and 2 get +128 in the bias. The unit changes (2^8, 2^9, 2^22) ride on the
// weights, so no multiply is spent on them.
const FINAL_BIAS = 31 * 2 ** -996 + 128 * (2 ** 16 + 2 ** 32) * 2 ** -1052;
const BETWEEN_BIAS = 2 ** -991 + 128 * (2 ** 16 + 2 ** 32) * 2 ** -1051;
// The same pattern for integer lanes (the wide path): 2^48 + 15 * 2^44 + X / 2^12.
const FINAL_INT = 281474976710656 + 15 * 17592186044416;

// A lane's top 9 bits are round(value) + an offset; 512-entry tables clamp
// that and place it for the next step, so unpack, round, clamp and repack
// are three lookups and no branch.
type Tables = [Float64Array, Float64Array, Float64Array];
const tableCache = new Map<string, Tables>();

/** Tables: index i -> v = clamp(i - offset), as [v * s0 + base, v * s1, v * s2]. */
function tables(offset: number, s0: number, s1: number, s2: number, base: number): Tables {
  const key = `${offset},${s0},${s1},${s2},${base}`;
  let t = tableCache.get(key);
  if (!t) {
    t = [new Float64Array(512), new Float64Array(512), new Float64Array(512)];
    for (let i = 0; i < 512; i++) {
      const v = Math.max(0, Math.min(255, i - offset));
      t[0][i] = v * s0 + base;
      t[1][i] = v * s1;
      t[2][i] = v * s2;
    }
    tableCache.set(key, t);
  }
  return t;
}
// Wide lanes are R, B, G; widened lanes are R, G, B.
const wideToWide = () => tables(128, 1, W1, W2, 0);
const wideToPixels = () => tables(128, 1 / 16, 2 ** 28, 2 ** 12, FINAL_INT);
const narrowToWide = () => tables(64, 1, W2, W1, 0);
const narrowToPixels = () => tables(64, 1 / 16, 2 ** 12, 2 ** 28, FINAL_INT);

/**
 * How a pass reads and writes. wide: wide integer lanes in, tables out.
 * plain: constant-free widened doubles in, `bias` pattern out. diff: widened
 * doubles with constant `c` in, pattern out. diffx: widened with `c` in,
 * 7-bit sums unpacked through tables.
 */
type Mode =
  | { kind: 'wide'; t: Tables }
  | { kind: 'plain'; scale: number; bias: number }
  | { kind: 'diff'; scale: number; bias: number }
  | { kind: 'diffx'; t: Tables };

/** Narrows pattern doubles (see FINAL_BIAS) to RGBA bytes natively. */
function narrow(d: Float64Array): Uint8Array {
  const out = new Uint8Array(d.length * 4);
  out.set(new Uint16Array(d.buffer, d.byteOffset, d.length * 4));
  return out;
}

/** Widens RGBA bytes natively into one double per pixel (see the notes above). */
function widen(bytes: Uint8Array, into?: Float64Array): Float64Array {
  const d = into ?? new Float64Array(bytes.length >> 2);
  new Uint16Array(d.buffer, d.byteOffset, bytes.length).set(bytes);
  return d;
}

/**
 * One separable pass: for every output position i along the filtered axis
 * and every line across it, dst[i * dstI + line * dstL] gets the taps of i
 * applied to src[(start[i] + k) * tapStride + line * lineStride]. The loop
 * runs over lines for a fixed i, so the weights sit in locals; each tap reads
 * through its own subarray view, so all taps share the index `p`. Long
 * kernels add chunks of 8 taps into dst first; difference modes take each
 * block's first sample as its reference: sum w * v - sum(w) * C =
 * sum(w) * (v0 - C) + sum w * (v - v0), every term exact.
 */
function pass(
  src: Float64Array, taps: Taps, tapStride: number, lineStride: number, lines: number,
  dst: Float64Array, dstI: number, dstL: number, mode: Mode,
): void {
  const kind = mode.kind;
  dst.fill(kind === 'wide' ? WIDE_BIAS : 0);
  const views: Float64Array[] = [];
  for (let k = 0; k < taps.taps; k++) views.push(src.subarray(Math.min(k * tapStride, src.length)));
  const { start, count, weights } = taps;
  const differences = kind === 'diff' || kind === 'diffx';
  const scale = kind === 'plain' || kind === 'diff' ? mode.scale : kind === 'diffx' ? HALF_SCALE : 1;
  const bias = kind === 'plain' || kind === 'diff' ? mode.bias : BIAS16;
  const t = kind === 'wide' || kind === 'diffx' ? mode.t : null;
  const t0 = t ? t[0] : dst, t1 = t ? t[1] : dst, t2 = t ? t[2] : dst;
  const c = WIDE_C;
  const big = HALF_SCALE;
  const ls = lineStride, ol = dstL;
  for (let i = 0, outs = start.length; i < outs; i++) {
    const n = count[i];
    const o0 = i * dstI;
    const end = o0 + lines * ol;
    const p0 = start[i] * tapStride;
    let wb = i * taps.taps;
    let k = 0;
    for (; n - k > 12; k += 8, wb += 8) {
      const v0 = views[k], v1 = views[k + 1], v2 = views[k + 2], v3 = views[k + 3];
      const v4 = views[k + 4], v5 = views[k + 5], v6 = views[k + 6], v7 = views[k + 7];
      const w0 = weights[wb] * scale, w1 = weights[wb + 1] * scale, w2 = weights[wb + 2] * scale, w3 = weights[wb + 3] * scale;
      const w4 = weights[wb + 4] * scale, w5 = weights[wb + 5] * scale, w6 = weights[wb + 6] * scale, w7 = weights[wb + 7] * scale;
      if (differences) {
        const ws = w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7;
        for (let o = o0, p = p0; o !== end; o += ol, p += ls) {
          const r = v0[p];
          dst[o] += (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4
            + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7;
        }
      } else {
        for (let o = o0, p = p0; o !== end; o += ol, p += ls) {
          dst[o] += v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7;
        }
      }
    }
    const m = n - k;
    const v0 = views[k], v1 = views[k + 1], v2 = views[k + 2], v3 = views[k + 3], v4 = views[k + 4], v5 = views[k + 5];
    const v6 = views[k + 6], v7 = views[k + 7], v8 = views[k + 8], v9 = views[k + 9], v10 = views[k + 10], v11 = views[k + 11];
    const w = (j: number) => (j < m ? weights[wb + j] * scale : 0);
    const w0 = w(0), w1 = w(1), w2 = w(2), w3 = w(3), w4 = w(4), w5 = w(5);
    const w6 = w(6), w7 = w(7), w8 = w(8), w9 = w(9), w10 = w(10), w11 = w(11);
    const ws = w0 + w1 + w2 + w3 + w4 + w5 + w6 + w7 + w8 + w9 + w10 + w11;
    let o = o0;
    let p = p0;
    // One loop per mode and tap count, chosen once per output position. The
    // cases differ only in how many taps they add; they are written out
    // because an inner loop over taps costs several bytecodes more per tap.
    switch (kind) {
      case 'wide':
        // (a >> 8) keeps a mod 2^32; the multiplies bring lanes 1 and 2 down
        // before & and | truncate.
        switch (m) {
          case 1:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 2:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 3:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 4:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 5:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 6:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 7:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 8:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 9:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + v8[p] * w8;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 10:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + v8[p] * w8 + v9[p] * w9;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 11:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + v8[p] * w8 + v9[p] * w9 + v10[p] * w10;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
          case 12:
            for (; o !== end; o += ol, p += ls) {
              const a = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + v8[p] * w8 + v9[p] * w9 + v10[p] * w10 + v11[p] * w11;
              dst[o] = t0[(a >> 8) & 511] + t1[(a * 2.9802322387695312e-8) & 511] + t2[(a * 2.2737367544323206e-13) | 0];
            }
            break;
        }
        break;
      case 'plain':
        switch (m) {
          case 1:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + bias;
            }
            break;
          case 2:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + bias;
            }
            break;
          case 3:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + bias;
            }
            break;
          case 4:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + bias;
            }
            break;
          case 5:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + bias;
            }
            break;
          case 6:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + bias;
            }
            break;
          case 7:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + bias;
            }
            break;
          case 8:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + bias;
            }
            break;
          case 9:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + v8[p] * w8 + bias;
            }
            break;
          case 10:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + v8[p] * w8 + v9[p] * w9 + bias;
            }
            break;
          case 11:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + v8[p] * w8 + v9[p] * w9 + v10[p] * w10 + bias;
            }
            break;
          case 12:
            for (; o !== end; o += ol, p += ls) {
              dst[o] = dst[o] + v0[p] * w0 + v1[p] * w1 + v2[p] * w2 + v3[p] * w3 + v4[p] * w4 + v5[p] * w5 + v6[p] * w6 + v7[p] * w7 + v8[p] * w8 + v9[p] * w9 + v10[p] * w10 + v11[p] * w11 + bias;
            }
            break;
        }
        break;
      case 'diff':
        switch (m) {
          case 1:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + bias;
            }
            break;
          case 2:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + bias;
            }
            break;
          case 3:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + bias;
            }
            break;
          case 4:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + bias;
            }
            break;
          case 5:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + bias;
            }
            break;
          case 6:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + bias;
            }
            break;
          case 7:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + bias;
            }
            break;
          case 8:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + bias;
            }
            break;
          case 9:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + (v8[p] - r) * w8 + bias;
            }
            break;
          case 10:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + (v8[p] - r) * w8 + (v9[p] - r) * w9 + bias;
            }
            break;
          case 11:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + (v8[p] - r) * w8 + (v9[p] - r) * w9 + (v10[p] - r) * w10 + bias;
            }
            break;
          case 12:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              dst[o] = dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + (v8[p] - r) * w8 + (v9[p] - r) * w9 + (v10[p] - r) * w10 + (v11[p] - r) * w11 + bias;
            }
            break;
        }
        break;
      case 'diffx':
        // 7-bit sums: lanes of 128 * value + 2^13 + 64, top 9 bits index the tables.
        switch (m) {
          case 1:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 2:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 3:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 4:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 5:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 6:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 7:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 8:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 9:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + (v8[p] - r) * w8) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 10:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + (v8[p] - r) * w8 + (v9[p] - r) * w9) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 11:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + (v8[p] - r) * w8 + (v9[p] - r) * w9 + (v10[p] - r) * w10) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
          case 12:
            for (; o !== end; o += ol, p += ls) {
              const r = v0[p];
              const a = (dst[o] + (r - c) * ws + (v1[p] - r) * w1 + (v2[p] - r) * w2 + (v3[p] - r) * w3 + (v4[p] - r) * w4 + (v5[p] - r) * w5 + (v6[p] - r) * w6 + (v7[p] - r) * w7 + (v8[p] - r) * w8 + (v9[p] - r) * w9 + (v10[p] - r) * w10 + (v11[p] - r) * w11) * big + bias;
              dst[o] = t0[(a >> 7) & 511] + t1[(a * 1.1920928955078125e-7) & 511] + t2[(a * 1.8189894035458565e-12) | 0];
            }
            break;
        }
        break;
    }
  }
}

/** True when no weight is negative, so sums never leave 0..255 * 256. */
function nonNegative(taps: Taps): boolean {
  const w = taps.weights;
  for (let i = 0; i < w.length; i++) if (w[i] < 0) return false;
  return true;
}

/** Builds an axis's taps for a weight precision in bits. */
export type TapsFor = (bits: number) => Taps;

/**
 * Resamples with separable taps along x (`xTaps`, null keeps the width) and
 * y (`yTaps`). Runs the axis that leaves less work first and writes that
 * pass transposed, so both passes read their taps along memory.
 */
export function resample(image: RgbaImage, width: number, height: number, xTaps: TapsFor | null, yTaps: TapsFor | null): RgbaImage {
  // Temporaries from scratch.ts (pass() fills what it writes; the result leaves through narrow's copy).
  const out = scratchFloat64(OUT, width * height);
  if (allOpaque(image.data)) {
    opaque(image, width, height, xTaps, yTaps, out);
    return { width, height, data: narrow(out) };
  }
  const { width: w, height: h } = image;
  const words = image.data.byteOffset % 4 === 0
    ? new Int32Array(image.data.buffer, image.data.byteOffset, w * h)
    : new Int32Array(image.data.slice().buffer);
  const n = w * h;
  const packed = scratchFloat64(SOURCE, n);
  for (let i = 0; i < n; i++) {
    const p = words[i];
    packed[i] = (p & 255) + (p & 0xff0000) * 2 + (p & 0xff00) * 67108864;
  }
  const x8 = xTaps && xTaps(8), y8 = yTaps && yTaps(8);
  wide(packed, w, h, width, height, x8, y8, out);
  const rgba = narrow(out);
  // Translucent: alpha takes the same passes on its own plane, in lane 0.
  for (let i = 0; i < n; i++) packed[i] = words[i] >>> 24;
  wide(packed, w, h, width, height, x8, y8, out);
  const alpha = narrow(out);
  for (let i = 3, end = rgba.length; i < end; i += 4) rgba[i] = alpha[i - 3];
  return { width, height, data: rgba };
}

/** Orders two passes: the first is written transposed, the second upright. */
function twoPasses(
  w: number, h: number, width: number, height: number, xFirst: boolean,
  first: (dst: Float64Array, tapStride: number, lineStride: number, lines: number, dstI: number, dstL: number) => void,
  second: (src: Float64Array, dst: Float64Array, tapStride: number, lineStride: number, lines: number, dstI: number, dstL: number) => void,
  out: Float64Array,
): void {
  if (xFirst) {
    // Rows first, stored as `width` columns of h; then those columns are contiguous.
    const mid = scratchFloat64(MID, width * h);
    first(mid, 1, w, h, h, 1);
    second(mid, out, 1, h, width, width, 1);
  } else {
    const mid = scratchFloat64(MID, w * height);
    first(mid, w, 1, w, w, 1);
    second(mid, out, 1, w, height, 1, width);
  }
}

/** Work ~ outputs * (taps + fixed cost per output) for each pass. */
function rowsFirst(w: number, h: number, width: number, height: number, x: Taps, y: Taps): boolean {
  return width * h * (x.taps + 8) + width * height * (y.taps + 8) <= w * height * (y.taps + 8) + width * height * (x.taps + 8);
}

/**
 * Resamples three channels the caller packed into wide lanes, each double
 * R + B * 2^17 + G * 2^34 (integers 0..255), with 8-bit weights on both
 * axes; returns opaque RGBA bytes. For callers that pack by script anyway
 * (plane-resize.ts), where the lanes are strips of one plane.
 */
export function resampleWide(
  packed: Float64Array, w: number, h: number, width: number, height: number, xTaps: TapsFor | null, yTaps: TapsFor | null,
): Uint8Array {
  const out = new Float64Array(width * height);
  wide(packed, w, h, width, height, xTaps && xTaps(8), yTaps && yTaps(8), out);
  return narrow(out);
}

/** Translucent path: script-packed wide lanes, alpha handled by the caller. */
function wide(
  packed: Float64Array, w: number, h: number, width: number, height: number,
  x: Taps | null, y: Taps | null, out: Float64Array,
): void {
  const last: Mode = { kind: 'wide', t: wideToPixels() };
  if (!x || !y) {
    if (x) pass(packed, x, 1, w, h, out, 1, width, last);
    else if (y) pass(packed, y, w, 1, w, out, w, 1, last);
    return;
  }
  const between: Mode = { kind: 'wide', t: wideToWide() };
  const xFirst = rowsFirst(w, h, width, height, x, y);
  twoPasses(w, h, width, height, xFirst,
    (dst, ts, ls, lines, di, dl) => pass(packed, xFirst ? x : y, ts, ls, lines, dst, di, dl, between),
    (src, dst, ts, ls, lines, di, dl) => pass(src, xFirst ? y : x, ts, ls, lines, dst, di, dl, last), out);
}

/** Opaque path: natively widened source (see the notes at the top). */
function opaque(image: RgbaImage, width: number, height: number, xTaps: TapsFor | null, yTaps: TapsFor | null, out: Float64Array): void {
  const { width: w, height: h } = image;
  const src = widen(image.data, scratchFloat64(SOURCE, image.data.length >> 2));
  const x8 = xTaps && xTaps(8), y8 = yTaps && yTaps(8);
  const gentle = (!x8 || nonNegative(x8)) && (!y8 || nonNegative(y8));
  if (!x8 || !y8) {
    const mode: Mode = gentle ? { kind: 'diff', scale: 256, bias: FINAL_BIAS } : { kind: 'diffx', t: narrowToPixels() };
    const bits = gentle ? 8 : 7;
    if (xTaps) pass(src, xTaps(bits), 1, w, h, out, 1, width, mode);
    else if (yTaps) pass(src, yTaps(bits), w, 1, w, out, w, 1, mode);
    return;
  }
  const xFirst = rowsFirst(w, h, width, height, x8, y8);
  const [a, b] = xFirst ? [xTaps!, yTaps!] : [yTaps!, xTaps!];
  if (gentle) {
    // First pass to the R G B 0 pattern; narrowed and widened again it is
    // constant-free, so the second pass sums plainly (units 2^-1074 -> 2^-1052).
    const first = a(8), second = b(8);
    twoPasses(w, h, width, height, xFirst,
      (dst, ts, ls, lines, di, dl) => {
        pass(src, first, ts, ls, lines, dst, di, dl, { kind: 'diff', scale: 512, bias: BETWEEN_BIAS });
        widen(narrow(dst), dst);
      },
      (mid, dst, ts, ls, lines, di, dl) => pass(mid, second, ts, ls, lines, dst, di, dl, { kind: 'plain', scale: 2 ** 22, bias: FINAL_BIAS }),
      out);
  } else {
    // Lanczos: 7-bit first pass into wide lanes, 8-bit second pass.
    const first = a(7), second = b(8);
    twoPasses(w, h, width, height, xFirst,
      (dst, ts, ls, lines, di, dl) => pass(src, first, ts, ls, lines, dst, di, dl, { kind: 'diffx', t: narrowToWide() }),
      (mid, dst, ts, ls, lines, di, dl) => pass(mid, second, ts, ls, lines, dst, di, dl, { kind: 'wide', t: wideToPixels() }),
      out);
  }
}
