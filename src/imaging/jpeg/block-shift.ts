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

/** Zigzag position of each natural-order index. */
const NATURAL_TO_ZIGZAG = new Uint8Array(64);
for (let z = 0; z < 64; z++) NATURAL_TO_ZIGZAG[ZIGZAG_TO_NATURAL[z]] = z;

/**
 * Where the blocks to shift are read from, so a rotation or mirror can feed
 * the shift directly instead of first writing a moved copy of the plane:
 * block (bx, by) is source block `first + bx * stepX + by * stepY`, its
 * natural-order coefficient k the source's `index[k]` times `sign[k]`, and
 * its extent `extentMap[source extent]`.
 */
export interface BlockSource {
  readonly coefficients: Int16Array;
  readonly extents: Uint8Array;
  readonly first: number;
  readonly stepX: number;
  readonly stepY: number;
  readonly index: Uint8Array;
  readonly sign: Int8Array;
  readonly extentMap: Uint8Array;
}

const IDENTITY_INDEX = new Uint8Array(64).map((_, i) => i);
const NO_SIGN = new Int8Array(64).fill(1);
const IDENTITY_EXTENT = new Uint8Array(65).map((_, i) => i);

/** A plane's own blocks, unmoved. */
export function planeSource(coefficients: Int16Array, blocksPerLine: number): BlockSource {
  const extents = blockExtents({ coefficients, blocksPerLine, blocksPerColumn: coefficients.length / 64 / blocksPerLine });
  return {
    coefficients, extents, first: 0, stepX: 1, stepY: blocksPerLine, index: IDENTITY_INDEX, sign: NO_SIGN, extentMap: IDENTITY_EXTENT,
  };
}

/**
 * Returns a plane of `blocksPerLine` x `blocksPerColumn` blocks holding the
 * source's `usedX` x `usedY` blocks moved `shift` samples (1-7) towards the
 * start along one axis; content past the last block is taken as zero (it
 * lands in the padding beyond the image).
 *
 * Input block n starts output block n (through M_A) and ends output block
 * n - 1 (through M_B). `vertical`: coefficient rows mix (a shift along y),
 * otherwise columns do; in either case a coefficient feeds one line of 8
 * accumulators across the axis, `step` apart. One loop with everything
 * inline: a call per block (or per line) costs more than the arithmetic of
 * the typical chroma block, which holds one to three coefficients.
 */
export function shiftBlocks(
  source: BlockSource, blocksPerLine: number, blocksPerColumn: number, usedX: number, usedY: number, quant: Uint16Array,
  vertical: boolean, shift: number,
): Int16Array {
  const out = new Int16Array(blocksPerLine * blocksPerColumn * 64);
  const outExtents = new Uint8Array(blocksPerLine * blocksPerColumn);
  const { coefficients: src, extents, index, sign, extentMap } = source;
  const { first, second } = shiftMatrices(shift);
  // Per natural index k: the column of M_A / M_B it multiplies (fa[k * 8 + i] = M_A[i][m]),
  // the first accumulator of its line, and that line's bit.
  const fa = new Float64Array(512);
  const fb = new Float64Array(512);
  const lineStart = new Uint8Array(64);
  const lineBit = new Int32Array(64);
  const step = vertical ? 8 : 1;
  for (let k = 0; k < 64; k++) {
    const m = vertical ? k >> 3 : k & 7;
    for (let i = 0; i < 8; i++) {
      fa[k * 8 + i] = first[i * 8 + m];
      fb[k * 8 + i] = second[i * 8 + m];
    }
    lineStart[k] = vertical ? k & 7 : k & 56;
    lineBit[k] = 1 << (vertical ? k & 7 : k >> 3);
  }
  const reciprocal = new Float64Array(64);
  for (let k = 0; k < 64; k++) reciprocal[k] = 1 / quant[k];
  const zigzag = ZIGZAG_TO_NATURAL;
  const toZigzag = NATURAL_TO_ZIGZAG;
  const s1 = step, s2 = 2 * step, s3 = 3 * step, s4 = 4 * step, s5 = 5 * step, s6 = 6 * step, s7 = 7 * step;
  const across = vertical ? 1 : 8; // distance between lines
  let current = new Float64Array(64);
  let previous = new Float64Array(64);
  let swap = current;
  const lines = vertical ? usedX : usedY;
  const length = vertical ? usedY : usedX;
  const blockStride = vertical ? blocksPerLine : 1;
  // The source block moves with the output block, by its own strides.
  const sourceStride = vertical ? source.stepY : source.stepX;
  const sourceLine = vertical ? source.stepX : source.stepY;
  let sourceBlock = 0, v = 0;
  let block = 0, n = 0, touched = 0, previousTouched = 0, extent = 0, z = 0, k = 0, value = 0, d = 0, kb = 0, o = 0;
  let s = 0, mask = 0, line = 0, j = 0, x = 0, target = 0, zz = 0;
  for (let row = 0; row < lines; row++) {
    block = vertical ? row : row * blocksPerLine;
    sourceBlock = source.first + row * sourceLine;
    previousTouched = 0;
    for (n = 0; n <= length; n++, block += blockStride, sourceBlock += sourceStride) {
      touched = 0;
      if (n < length) {
        // Add this block's dequantized coefficients into `current` (M_A) and `previous` (M_B).
        s = sourceBlock * 64;
        extent = extentMap[extents[sourceBlock]];
        for (z = 0; z < extent; z++) {
          k = zigzag[z];
          v = src[s + index[k]];
          if (v === 0) continue;
          value = v * sign[k];
          d = value * quant[k];
          kb = k << 3;
          o = lineStart[k];
          current[o] += fa[kb] * d; current[o + s1] += fa[kb + 1] * d; current[o + s2] += fa[kb + 2] * d; current[o + s3] += fa[kb + 3] * d;
          current[o + s4] += fa[kb + 4] * d; current[o + s5] += fa[kb + 5] * d; current[o + s6] += fa[kb + 6] * d; current[o + s7] += fa[kb + 7] * d;
          if (n > 0) {
            previous[o] += fb[kb] * d; previous[o + s1] += fb[kb + 1] * d; previous[o + s2] += fb[kb + 2] * d; previous[o + s3] += fb[kb + 3] * d;
            previous[o + s4] += fb[kb + 4] * d; previous[o + s5] += fb[kb + 5] * d; previous[o + s6] += fb[kb + 6] * d; previous[o + s7] += fb[kb + 7] * d;
          }
          touched |= lineBit[k];
        }
      }
      if (n > 0) {
        // Output block n - 1 is complete: requantize the lines that received anything, clearing them.
        mask = previousTouched | touched;
        target = (block - blockStride) * 64;
        extent = 1;
        for (line = 0, o = 0; mask !== 0; line++, o += across, mask >>>= 1) {
          if ((mask & 1) === 0) continue;
          for (j = 0, k = o; j < 8; j++, k += step) {
            // The Int16Array store truncates x + 65536.5 modulo 2^16: round half up, with no
            // Math.round call. Only the nonzero results are stored (the output starts zeroed).
            x = previous[k] * reciprocal[k] + 65536.5;
            previous[k] = 0;
            if (x >= 65537 || x < 65536) {
              out[target + k] = x;
              zz = toZigzag[k];
              if (zz >= extent) extent = zz + 1;
            }
          }
        }
        outExtents[block - blockStride] = extent;
      }
      swap = previous;
      previous = current;
      current = swap;
      previousTouched = touched;
    }
  }
  recordBlockExtents(out, outExtents);
  return out;
}
