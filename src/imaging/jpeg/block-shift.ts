import { blockExtents, recordBlockExtents } from './block-extents.js';
import { ZIGZAG_TO_NATURAL } from './coefficients.js';

/**
 * Shifts a plane of quantized DCT blocks by a fraction of a block along one
 * axis, without leaving the DCT domain.
 *
 * Why: mirroring an image whose side is not a whole number of blocks moves
 * the partial edge block to the start, where a JPEG cannot hold it (jpegtran
 * refuses or trims). Mirroring whole blocks and then shifting the content back
 * by the padding width fixes that. Every output block mixes two neighbouring
 * input blocks, a linear map per row or column of coefficients:
 * out = M_A * A + M_B * B, with M = C * S * C^T for the shift S and the
 * orthonormal 8-point DCT C (JPEG's DCT is exactly that, separably).
 * Computed sparsely: a photo's blocks hold a handful of nonzero coefficients,
 * each of which costs 8 multiply-adds, instead of a whole IDCT and FDCT per
 * block. The result is requantized with the plane's own table, so the only
 * loss is one rounding of the shifted coefficients.
 */

const DCT = new Float64Array(64); // DCT[k * 8 + i] = alpha(k) cos((2i + 1) k pi / 16)
for (let k = 0; k < 8; k++) {
  for (let i = 0; i < 8; i++) DCT[k * 8 + i] = (k === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * i + 1) * k * Math.PI) / 16);
}

/** M_A and M_B for a shift by `shift` samples (1-7) towards the start: M[out * 8 + in]. */
function shiftMatrices(shift: number): { first: Float64Array; second: Float64Array } {
  const first = new Float64Array(64);
  const second = new Float64Array(64);
  for (let out = 0; out < 8; out++) {
    for (let input = 0; input < 8; input++) {
      let a = 0, b = 0;
      // Output sample i is input sample i + shift of the first block, or of the second past its end.
      for (let i = 0; i < 8 - shift; i++) a += DCT[out * 8 + i] * DCT[input * 8 + i + shift];
      for (let i = 8 - shift; i < 8; i++) b += DCT[out * 8 + i] * DCT[input * 8 + i + shift - 8];
      first[out * 8 + input] = a;
      second[out * 8 + input] = b;
    }
  }
  return { first, second };
}

/**
 * Adds the dequantized coefficients of one input block into the output block
 * it starts (`current`, through M_A) and the one it ends (`previous`, through
 * M_B, when there is one), visiting each coefficient once. `vertical`: coefficient
 * rows mix (a shift along y); otherwise columns mix. Returns the bitmask of the
 * lines across the axis (columns, or rows) that received anything.
 */
function accumulate(
  coefficients: Int16Array, extent: number, block: number, quant: Uint16Array, vertical: boolean,
  first: Float64Array, current: Float64Array, second: Float64Array, previous: Float64Array | undefined,
): number {
  let touched = 0;
  const start = block * 64;
  const zigzag = ZIGZAG_TO_NATURAL;
  // Only the zigzag positions the block's extent says may be nonzero (one for a flat block).
  for (let z = 0; z < extent; z++) {
    const k = zigzag[z];
    const value = coefficients[start + k];
    if (value === 0) continue;
    const d = value * quant[k];
    // Column `index` of M, added along the axis (unrolled: a loop's own bytecodes would double the cost).
    const m = vertical ? k >> 3 : k & 7;
    if (vertical) {
      const o = k & 7;
      current[o] += first[m] * d; current[o + 8] += first[m + 8] * d; current[o + 16] += first[m + 16] * d; current[o + 24] += first[m + 24] * d;
      current[o + 32] += first[m + 32] * d; current[o + 40] += first[m + 40] * d; current[o + 48] += first[m + 48] * d; current[o + 56] += first[m + 56] * d;
      if (previous) {
        previous[o] += second[m] * d; previous[o + 8] += second[m + 8] * d; previous[o + 16] += second[m + 16] * d; previous[o + 24] += second[m + 24] * d;
        previous[o + 32] += second[m + 32] * d; previous[o + 40] += second[m + 40] * d; previous[o + 48] += second[m + 48] * d; previous[o + 56] += second[m + 56] * d;
      }
    } else {
      const o = k & 56;
      current[o] += first[m] * d; current[o + 1] += first[m + 8] * d; current[o + 2] += first[m + 16] * d; current[o + 3] += first[m + 24] * d;
      current[o + 4] += first[m + 32] * d; current[o + 5] += first[m + 40] * d; current[o + 6] += first[m + 48] * d; current[o + 7] += first[m + 56] * d;
      if (previous) {
        previous[o] += second[m] * d; previous[o + 1] += second[m + 8] * d; previous[o + 2] += second[m + 16] * d; previous[o + 3] += second[m + 24] * d;
        previous[o + 4] += second[m + 32] * d; previous[o + 5] += second[m + 40] * d; previous[o + 6] += second[m + 48] * d; previous[o + 7] += second[m + 56] * d;
      }
    }
    touched |= 1 << (vertical ? k & 7 : k >> 3);
  }
  return touched;
}

/** Zigzag position of each natural-order index. */
const NATURAL_TO_ZIGZAG = new Uint8Array(64);
for (let z = 0; z < 64; z++) NATURAL_TO_ZIGZAG[ZIGZAG_TO_NATURAL[z]] = z;

/**
 * Writes the requantized lines of `acc` that received anything into out[o..],
 * clearing them; returns the block's extent (one past its last nonzero zigzag
 * position), which the writer then uses instead of searching for it.
 */
function flush(acc: Float64Array, touched: number, reciprocal: Float64Array, vertical: boolean, out: Int16Array, o: number): number {
  let extent = 1;
  for (let line = 0; line < 8; line++) {
    if ((touched & (1 << line)) === 0) continue;
    for (let j = 0; j < 8; j++) {
      const k = vertical ? j * 8 + line : line * 8 + j;
      // The Int16Array store truncates v + 65536.5 modulo 2^16: round half up, with no Math.round call.
      out[o + k] = acc[k] * reciprocal[k] + 65536.5;
      acc[k] = 0;
      if (out[o + k] !== 0 && NATURAL_TO_ZIGZAG[k] >= extent) extent = NATURAL_TO_ZIGZAG[k] + 1;
    }
  }
  return extent;
}

/**
 * Returns a copy of the plane's `usedX` x `usedY` blocks moved `shift`
 * samples (1-7) towards the start along one axis; content past the last block
 * is taken as zero (it lands in the padding beyond the image).
 */
export function shiftBlocks(
  coefficients: Int16Array, blocksPerLine: number, usedX: number, usedY: number, quant: Uint16Array,
  vertical: boolean, shift: number,
): Int16Array {
  const out = new Int16Array(coefficients.length);
  const source = coefficients;
  const outExtents = new Uint8Array(coefficients.length >> 6);
  const extents = blockExtents({ coefficients, blocksPerLine, blocksPerColumn: coefficients.length / 64 / blocksPerLine });
  const { first, second } = shiftMatrices(shift);
  const reciprocal = new Float64Array(64);
  for (let k = 0; k < 64; k++) reciprocal[k] = 1 / quant[k];
  let current = new Float64Array(64);
  let previous = new Float64Array(64);
  const lines = vertical ? usedX : usedY;
  const length = vertical ? usedY : usedX;
  const stride = vertical ? blocksPerLine : 1;
  for (let line = 0; line < lines; line++) {
    let block = vertical ? line : line * blocksPerLine;
    let previousTouched = 0;
    for (let n = 0; n < length; n++, block += stride) {
      // Input block n starts output block n and ends output block n - 1.
      const touched = accumulate(source, extents[block], block, quant, vertical, first, current, second, n > 0 ? previous : undefined);
      if (n > 0) outExtents[block - stride] = flush(previous, previousTouched | touched, reciprocal, vertical, out, (block - stride) * 64);
      const swap = previous;
      previous = current;
      current = swap;
      previousTouched = touched;
    }
    outExtents[block - stride] = flush(previous, previousTouched, reciprocal, vertical, out, (block - stride) * 64);
  }
  recordBlockExtents(out, outExtents);
  return out;
}
