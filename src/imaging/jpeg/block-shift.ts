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

/**
 * Below this magnitude a matrix entry is taken as exactly zero: the entries
 * that vanish analytically (see `oddRowsOnly`) come out of the cosine sums as
 * rounding noise of about 1e-17, which would only decide exact rounding ties
 * by accident.
 */
const ZERO_ENTRY = 1e-12;

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
      first[out * 8 + input] = Math.abs(a) < ZERO_ENTRY ? 0 : a;
      second[out * 8 + input] = Math.abs(b) < ZERO_ENTRY ? 0 : b;
    }
  }
  return { first, second };
}

/**
 * Whether column `m` of both matrices is zero in every even row but row m.
 * True for the even frequencies of a half-block shift (4 samples, what 4:2:0
 * chroma of a side that is an odd multiple of 8 needs): the first half of an
 * even basis function is its own second half, and the even basis functions
 * are orthogonal over half a block. Such a coefficient then feeds 5 of the 8
 * accumulators of its line, not all 8.
 */
function oddRowsOnly(first: Float64Array, second: Float64Array, m: number): boolean {
  for (let row = 0; row < 8; row += 2) {
    if (row !== m && (first[row * 8 + m] !== 0 || second[row * 8 + m] !== 0)) return false;
  }
  return true;
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
  // Accumulators are kept line by line (8 per line across the shift axis, in
  // order along it) whatever the direction, and a coefficient's contribution
  // goes through views of its line and of its matrix column, so every one of
  // the 16 multiply-adds indexes with a constant: no index arithmetic in the
  // innermost statements. Per natural index k: its line, its position m along
  // the axis, and its column of M_A / M_B (colA[k][i] = M_A[i][m]).
  const lineOf = new Uint8Array(64);
  const positionOf = new Uint8Array(64);
  const lineBit = new Int32Array(64);
  // Per k, 1 when its columns vanish in the even rows but m (see oddRowsOnly): 10 multiply-adds, not 16.
  const sparse = new Uint8Array(64);
  // Per k, its line's bit unless the coefficient can only feed positions 0 and the odd ones
  // (sparse with m = 0): lines never marked here skip requantizing positions 2, 4 and 6.
  const evenBit = new Int32Array(64);
  const colA: Float64Array[] = [];
  const colB: Float64Array[] = [];
  for (let k = 0; k < 64; k++) {
    const m = vertical ? k >> 3 : k & 7;
    const ownLine = vertical ? k & 7 : k >> 3;
    const a = new Float64Array(8);
    const b = new Float64Array(8);
    for (let i = 0; i < 8; i++) {
      a[i] = first[i * 8 + m];
      b[i] = second[i * 8 + m];
    }
    colA.push(a);
    colB.push(b);
    lineOf[k] = ownLine;
    positionOf[k] = m;
    lineBit[k] = 1 << ownLine;
    sparse[k] = m % 2 === 0 && oddRowsOnly(first, second, m) ? 1 : 0;
    evenBit[k] = sparse[k] && m === 0 ? 0 : 1 << ownLine;
  }
  // Per accumulator line, position i: the natural index it becomes, its reciprocal quantizer and
  // zigzag position, as views per line so the unrolled requantization indexes with constants.
  const naturalOf = new Uint8Array(64);
  const reciprocal = new Float64Array(64);
  const zigzagOf = new Uint8Array(64);
  for (let a = 0; a < 64; a++) {
    const line = a >> 3;
    const i = a & 7;
    naturalOf[a] = vertical ? i * 8 + line : line * 8 + i;
    reciprocal[a] = 1 / quant[naturalOf[a]];
    zigzagOf[a] = NATURAL_TO_ZIGZAG[naturalOf[a]];
  }
  const zigzag = ZIGZAG_TO_NATURAL;
  // Per zigzag position: where the source holds it (one load per visited position, zeros
  // included); per natural index: its quantizer times the source's sign (one multiply per nonzero).
  const sourceIndex = new Uint8Array(64);
  const signedQuant = new Float64Array(64);
  for (let z = 0; z < 64; z++) sourceIndex[z] = index[zigzag[z]];
  for (let k = 0; k < 64; k++) signedQuant[k] = sign[k] * quant[k];
  const bufferA = new Float64Array(64);
  const bufferB = new Float64Array(64);
  const linesA: Float64Array[] = [];
  const linesB: Float64Array[] = [];
  const naturalLines: Uint8Array[] = [];
  const reciprocalLines: Float64Array[] = [];
  const zigzagLines: Uint8Array[] = [];
  for (let line = 0; line < 8; line++) {
    linesA.push(bufferA.subarray(line * 8, line * 8 + 8));
    linesB.push(bufferB.subarray(line * 8, line * 8 + 8));
    naturalLines.push(naturalOf.subarray(line * 8, line * 8 + 8));
    reciprocalLines.push(reciprocal.subarray(line * 8, line * 8 + 8));
    zigzagLines.push(zigzagOf.subarray(line * 8, line * 8 + 8));
  }
  let current = linesA;
  let previous = linesB;
  let swap = current;
  // The coefficients at m = 0 (70% of a chroma plane's nonzero ones: DC and the first column or
  // row) skip the accumulators: each is kept as one number per line, for this block (`dcCurrent`)
  // and the one before (`dcPrevious`), and requantization applies column 0 of M_A and M_B to the
  // pair from locals. A line that received only those costs no accumulator loads, stores or
  // clearing; the others add the pair to their accumulators as they requantize them.
  let dcCurrent = new Float64Array(8);
  let dcPrevious = new Float64Array(8);
  let dcSwap = dcCurrent;
  const ma0 = first[0], ma1 = first[8], ma2 = first[16], ma3 = first[24];
  const ma4 = first[32], ma5 = first[40], ma6 = first[48], ma7 = first[56];
  const mb0 = second[0], mb1 = second[8], mb2 = second[16], mb3 = second[24];
  const mb4 = second[32], mb5 = second[40], mb6 = second[48], mb7 = second[56];
  // Per line, a bound on |u0 - v0| under which the odd positions of a line holding only m = 0
  // coefficients all requantize to zero, so they need no evaluation (most neighbouring chroma
  // blocks differ by at most one DC step). Valid when M_B's column 0 is minus M_A's in the odd
  // rows (a half-block shift): the value is then M_A[i][0] (u0 - v0) / q_i, kept within 0.49 of
  // zero, and the 0.01 to spare covers the rounding of the two products. 0 (never) otherwise.
  const oddLimit = new Float64Array(8);
  const antisymmetric = Math.abs(ma1 + mb1) < ZERO_ENTRY && Math.abs(ma3 + mb3) < ZERO_ENTRY
    && Math.abs(ma5 + mb5) < ZERO_ENTRY && Math.abs(ma7 + mb7) < ZERO_ENTRY;
  for (let line = 0; line < 8 && antisymmetric; line++) {
    const r = reciprocalLines[line];
    const largest = Math.max(Math.abs(ma1) * r[1], Math.abs(ma3) * r[3], Math.abs(ma5) * r[5], Math.abs(ma7) * r[7]);
    oddLimit[line] = 0.49 / largest;
  }
  const lines = vertical ? usedX : usedY;
  const length = vertical ? usedY : usedX;
  const blockStride = vertical ? blocksPerLine : 1;
  // The source block moves with the output block, by its own strides.
  const sourceStride = vertical ? source.stepY : source.stepX;
  const sourceLine = vertical ? source.stepX : source.stepY;
  let sourceBlock = 0, v = 0;
  let lc: Float64Array = bufferA, lp: Float64Array = bufferB, ca: Float64Array = bufferA, cb: Float64Array = bufferB;
  let rq: Float64Array = bufferA, na: Uint8Array = naturalOf, zl: Uint8Array = zigzagOf;
  let block = 0, n = 0, touched = 0, previousTouched = 0, evenTouched = 0, previousEvenTouched = 0;
  let accumulated = 0, previousAccumulated = 0, u0 = 0, v0 = 0;
  let extent = 0, z = 0, k = 0, d = 0, line = 0, m = 0;
  let s = 0, mask = 0, full = 0, accumulate = 0, x = 0, target = 0, limit = 0;
  for (let row = 0; row < lines; row++) {
    block = vertical ? row : row * blocksPerLine;
    sourceBlock = source.first + row * sourceLine;
    previousTouched = 0;
    previousEvenTouched = 0;
    previousAccumulated = 0;
    for (n = 0; n <= length; n++, block += blockStride, sourceBlock += sourceStride) {
      touched = 0;
      evenTouched = 0;
      accumulated = 0;
      if (n < length) {
        // Add this block's dequantized coefficients into `current` (M_A) and `previous` (M_B).
        s = sourceBlock * 64;
        extent = extentMap[extents[sourceBlock]];
        for (z = 0; z < extent; z++) {
          v = src[s + sourceIndex[z]];
          if (v === 0) continue;
          k = zigzag[z];
          d = v * signedQuant[k];
          touched |= lineBit[k];
          evenTouched |= evenBit[k];
          if (positionOf[k] === 0) {
            dcCurrent[lineOf[k]] = d;
            continue;
          }
          accumulated |= lineBit[k];
          lc = current[lineOf[k]];
          ca = colA[k];
          if (sparse[k] === 1) {
            // Zero entries skipped: only position m and the odd positions receive anything.
            m = positionOf[k];
            lc[m] += ca[m] * d; lc[1] += ca[1] * d; lc[3] += ca[3] * d; lc[5] += ca[5] * d; lc[7] += ca[7] * d;
            if (n > 0) {
              lp = previous[lineOf[k]];
              cb = colB[k];
              lp[m] += cb[m] * d; lp[1] += cb[1] * d; lp[3] += cb[3] * d; lp[5] += cb[5] * d; lp[7] += cb[7] * d;
            }
          } else {
            lc[0] += ca[0] * d; lc[1] += ca[1] * d; lc[2] += ca[2] * d; lc[3] += ca[3] * d;
            lc[4] += ca[4] * d; lc[5] += ca[5] * d; lc[6] += ca[6] * d; lc[7] += ca[7] * d;
            if (n > 0) {
              lp = previous[lineOf[k]];
              cb = colB[k];
              lp[0] += cb[0] * d; lp[1] += cb[1] * d; lp[2] += cb[2] * d; lp[3] += cb[3] * d;
              lp[4] += cb[4] * d; lp[5] += cb[5] * d; lp[6] += cb[6] * d; lp[7] += cb[7] * d;
            }
          }
        }
      }
      if (n > 0) {
        // Output block n - 1 is complete: requantize the lines that received anything, clearing
        // them, 8 positions unrolled per line (constant indexes, no inner loop). The Int16Array
        // store truncates x + 65536.5 modulo 2^16: round half up, with no Math.round call; x | 0
        // is 65536 exactly when the result is zero, and only nonzero results are stored (the
        // output starts zeroed).
        mask = previousTouched | touched;
        full = previousEvenTouched | evenTouched;
        accumulate = previousAccumulated | accumulated;
        target = (block - blockStride) * 64;
        extent = 1;
        for (line = 0; mask !== 0; line++, mask >>>= 1, full >>>= 1, accumulate >>>= 1) {
          if ((mask & 1) === 0) continue;
          u0 = dcPrevious[line];
          v0 = dcCurrent[line];
          dcPrevious[line] = 0;
          rq = reciprocalLines[line];
          na = naturalLines[line];
          zl = zigzagLines[line];
          if ((accumulate & 1) === 0) {
            // Only m = 0 coefficients: the line is column 0 of M_A and M_B times the pair.
            x = (ma0 * u0 + mb0 * v0) * rq[0] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[0]] = x; if (zl[0] >= extent) extent = zl[0] + 1; }
            limit = oddLimit[line];
            x = u0 - v0;
            if (x < limit && x > -limit && (full & 1) === 0) continue;
            x = (ma1 * u0 + mb1 * v0) * rq[1] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[1]] = x; if (zl[1] >= extent) extent = zl[1] + 1; }
            x = (ma3 * u0 + mb3 * v0) * rq[3] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[3]] = x; if (zl[3] >= extent) extent = zl[3] + 1; }
            x = (ma5 * u0 + mb5 * v0) * rq[5] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[5]] = x; if (zl[5] >= extent) extent = zl[5] + 1; }
            x = (ma7 * u0 + mb7 * v0) * rq[7] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[7]] = x; if (zl[7] >= extent) extent = zl[7] + 1; }
            // Positions 2, 4 and 6 are exactly zero when column 0 is sparse (see oddRowsOnly).
            if ((full & 1) === 0) continue;
            x = (ma2 * u0 + mb2 * v0) * rq[2] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[2]] = x; if (zl[2] >= extent) extent = zl[2] + 1; }
            x = (ma4 * u0 + mb4 * v0) * rq[4] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[4]] = x; if (zl[4] >= extent) extent = zl[4] + 1; }
            x = (ma6 * u0 + mb6 * v0) * rq[6] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[6]] = x; if (zl[6] >= extent) extent = zl[6] + 1; }
            continue;
          }
          // The 8 accumulators of the line plus the m = 0 pair, requantized; then cleared with one
          // native fill (cheaper than 8 stores in the interpreter).
          lp = previous[line];
          x = (lp[0] + (ma0 * u0 + mb0 * v0)) * rq[0] + 65536.5;
          if ((x | 0) !== 65536) { out[target + na[0]] = x; if (zl[0] >= extent) extent = zl[0] + 1; }
          x = (lp[1] + (ma1 * u0 + mb1 * v0)) * rq[1] + 65536.5;
          if ((x | 0) !== 65536) { out[target + na[1]] = x; if (zl[1] >= extent) extent = zl[1] + 1; }
          x = (lp[3] + (ma3 * u0 + mb3 * v0)) * rq[3] + 65536.5;
          if ((x | 0) !== 65536) { out[target + na[3]] = x; if (zl[3] >= extent) extent = zl[3] + 1; }
          x = (lp[5] + (ma5 * u0 + mb5 * v0)) * rq[5] + 65536.5;
          if ((x | 0) !== 65536) { out[target + na[5]] = x; if (zl[5] >= extent) extent = zl[5] + 1; }
          x = (lp[7] + (ma7 * u0 + mb7 * v0)) * rq[7] + 65536.5;
          if ((x | 0) !== 65536) { out[target + na[7]] = x; if (zl[7] >= extent) extent = zl[7] + 1; }
          // Positions 2, 4 and 6 stay exactly zero in a line fed only through sparse m = 0 columns.
          if ((full & 1) !== 0) {
            x = (lp[2] + (ma2 * u0 + mb2 * v0)) * rq[2] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[2]] = x; if (zl[2] >= extent) extent = zl[2] + 1; }
            x = (lp[4] + (ma4 * u0 + mb4 * v0)) * rq[4] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[4]] = x; if (zl[4] >= extent) extent = zl[4] + 1; }
            x = (lp[6] + (ma6 * u0 + mb6 * v0)) * rq[6] + 65536.5;
            if ((x | 0) !== 65536) { out[target + na[6]] = x; if (zl[6] >= extent) extent = zl[6] + 1; }
          }
          lp.fill(0);
        }
        outExtents[block - blockStride] = extent;
      }
      swap = previous;
      previous = current;
      current = swap;
      previousTouched = touched;
      previousEvenTouched = evenTouched;
      previousAccumulated = accumulated;
      dcSwap = dcPrevious;
      dcPrevious = dcCurrent;
      dcCurrent = dcSwap;
    }
  }
  recordBlockExtents(out, outExtents);
  return out;
}
