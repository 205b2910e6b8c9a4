import type { CoefficientPlane, JpegCoefficients } from '../jpeg/coefficients.js';
import { quantTablesForQuality } from '../jpeg/quant-tables.js';
import { newPlane, turnAndTransform, turnedFrame, type PlaneFrame, type SamplePlane } from '../jpeg/sample-plane.js';
import type { Orientation } from '../orientation.js';

/**
 * A JPEG shrunk by area averaging straight from its DCT coefficients, plane
 * by plane (the planner's `jpeg-shrink` path, for thumbnails of 4:1 and
 * more, below 8:1 where the 1/8 DC-only decode is cheaper): no IDCT, no
 * colour conversion either way, no intermediate image.
 *
 * Each output sample is the mean of the source samples its span covers, and
 * a block's samples are a sum of cosines weighted by its coefficients, so
 * the mean is a weighted sum of coefficients whose weights depend only on
 * where the span cuts the block. At 4:1 and more a span covers half a block
 * or more, and only the 2x2 lowest frequencies carry weight worth keeping
 * (what a 1/4 scaled decode keeps too), so the decoder stores only those
 * (coefficientsKept(4)) and each block contributes four products.
 *
 * Separable, in two passes over one plane: for every block row and output
 * column, the weighted sums over the covered blocks along x, one per
 * vertical frequency (2 numbers); then for every output row, the same along
 * y. The weights are built once per plane from the span geometry, with the
 * dequantization folded in.
 *
 * Chroma keeps its subsampling: the output is written with the source's
 * sampling factors, each plane shrunk at its own resolution by the same
 * ratio, so luma and chroma stay aligned. A turn or mirror (EXIF, rotate,
 * flip) commutes with the area mean, so it is applied to the few shrunk
 * samples before the FDCT.
 */

/** C(u) / 2 * cos((2x + 1) u pi / 16) for u = 0, 1 and x = 0..7: the IDCT's basis along one axis. */
const BASIS0 = Math.SQRT1_2 / 2;
const BASIS1 = Float64Array.from({ length: 8 }, (_, x) => Math.cos(((2 * x + 1) * Math.PI) / 16) / 2);

/**
 * Per output sample along one axis: the blocks its span touches (at most
 * `per` of them, unused slots with zero weights) and, for each, the mean of
 * the basis functions 0 and 1 over the part of the span inside that block.
 */
interface AxisWeights {
  readonly per: number;
  /** Block index, per output sample and slot. */
  readonly block: Int32Array;
  /** Weights of frequency 0 and 1, per output sample and slot. */
  readonly w0: Float64Array;
  readonly w1: Float64Array;
}

function axisWeights(srcSize: number, dstSize: number, ratio: number): AxisWeights {
  const per = Math.ceil(ratio / 8) + 1;
  const block = new Int32Array(dstSize * per);
  const w0 = new Float64Array(dstSize * per);
  const w1 = new Float64Array(dstSize * per);
  for (let i = 0; i < dstSize; i++) {
    const a = i * ratio;
    const b = Math.min((i + 1) * ratio, srcSize);
    const length = b - a;
    const first = Math.floor(a) >> 3;
    for (let x = Math.floor(a); x < Math.ceil(b); x++) {
      const slot = i * per + (x >> 3) - first;
      const weight = (Math.min(x + 1, b) - Math.max(x, a)) / length;
      block[slot] = x >> 3;
      w0[slot] += weight * BASIS0;
      w1[slot] += weight * BASIS1[x & 7];
    }
    // Unused slots point at the first block with zero weights: read, but add nothing.
    for (let k = 1; k < per; k++) if (w0[i * per + k] === 0) block[i * per + k] = first;
  }
  return { per, block, w0, w1 };
}

/**
 * Shrinks one plane of `srcWidth` x `srcHeight` samples to `width` x `height`
 * (its own sizes) into a sample plane with `quantTable`; `frame` is the
 * shrunk image's size, which sets the block grid.
 */
function shrinkPlane(
  plane: CoefficientPlane, srcWidth: number, srcHeight: number, width: number, height: number,
  ratioX: number, ratioY: number, frame: PlaneFrame, quantTable: Uint16Array,
): SamplePlane {
  const coef = plane.coefficients;
  const quant = plane.quantTable;
  const x = axisWeights(srcWidth, width, ratioX);
  const y = axisWeights(srcHeight, height, ratioY);
  // Dequantization folded into the x weights: one product per coefficient in the loop.
  const slots = x.w0.length;
  const xa0 = new Float64Array(slots), xb0 = new Float64Array(slots), xa1 = new Float64Array(slots), xb1 = new Float64Array(slots);
  for (let k = 0; k < slots; k++) {
    xa0[k] = x.w0[k] * quant[0]; xb0[k] = x.w1[k] * quant[1];
    xa1[k] = x.w0[k] * quant[8]; xb1[k] = x.w1[k] * quant[9];
  }
  const blockRows = Math.ceil(srcHeight / 8);
  // Block layout: 64 coefficients, or the lowOnly 8 slots, where (1,0) and (1,1) follow (0,0) and (0,1).
  const perBlock = plane.lowOnly ? 8 : 64;
  const second = plane.lowOnly ? 1 : 4;
  const rowLength = plane.blocksPerLine * perBlock;
  // Pass 1, along x: per block row and output column, the sums for vertical frequency 0 and 1.
  const g0 = new Float64Array(blockRows * width);
  const g1 = new Float64Array(blockRows * width);
  // Column-major: an output column's weights are the same for every block
  // row, so they sit in locals while the loop walks down the block rows
  // (typed-array reads are what cost here, not arithmetic).
  const last = blockRows * width;
  // (0,0) and (0,1) are neighbours, as are (1,0) and (1,1): one 32-bit read
  // gets both, half the typed-array reads, which cost far more than the
  // shifts that split them. Blocks start at multiples of 16 bytes, so the view aligns.
  const pairs = new Int32Array(coef.buffer, coef.byteOffset, coef.length >> 1);
  const rowPairs = rowLength >> 1;
  const pairsPerBlock = perBlock >> 1;
  let o, c, d, s0, s1, k, a0, b0, a1, b1, a0b, b0b, a1b, b1b, p, q;
  for (let i = 0; i < width; i++) {
    k = i * x.per;
    if (x.per === 2 && xa0[k + 1] === 0) {
      // The span lies inside one block (at 6:1, every other column).
      a0 = xa0[k]; b0 = xb0[k]; a1 = xa1[k]; b1 = xb1[k];
      for (o = i, c = x.block[k] * pairsPerBlock; o < last; o += width, c += rowPairs) {
        p = pairs[c];
        g0[o] = ((p << 16) >> 16) * a0 + (p >> 16) * b0;
        p = pairs[c + second];
        g1[o] = ((p << 16) >> 16) * a1 + (p >> 16) * b1;
      }
    } else if (x.per === 2) {
      a0 = xa0[k]; b0 = xb0[k]; a1 = xa1[k]; b1 = xb1[k];
      a0b = xa0[k + 1]; b0b = xb0[k + 1]; a1b = xa1[k + 1]; b1b = xb1[k + 1];
      for (o = i, c = x.block[k] * pairsPerBlock, d = x.block[k + 1] * pairsPerBlock; o < last; o += width, c += rowPairs, d += rowPairs) {
        // Horizontal frequencies 0 and 1 of vertical frequency 0 and 1, two blocks;
        // little-endian, so the even coefficient is the low half.
        p = pairs[c]; q = pairs[d];
        g0[o] = ((p << 16) >> 16) * a0 + (p >> 16) * b0 + ((q << 16) >> 16) * a0b + (q >> 16) * b0b;
        p = pairs[c + second]; q = pairs[d + second];
        g1[o] = ((p << 16) >> 16) * a1 + (p >> 16) * b1 + ((q << 16) >> 16) * a1b + (q >> 16) * b1b;
      }
    } else {
      // Spans that can touch three blocks (8:1 or more along this axis; the planner sends most such jobs to the 1/8 decode).
      for (let by = 0; by < blockRows; by++) {
        s0 = 0; s1 = 0;
        for (let slot = k; slot < k + x.per; slot++) {
          c = by * rowLength + x.block[slot] * perBlock;
          s0 += coef[c] * xa0[slot] + coef[c + 1] * xb0[slot];
          s1 += coef[c + 2 * second] * xa1[slot] + coef[c + 2 * second + 1] * xb1[slot];
        }
        g0[by * width + i] = s0;
        g1[by * width + i] = s1;
      }
    }
  }
  // Pass 2, along y, into 8-bit samples (the clamped view rounds and clamps natively).
  const out = newPlane(plane.id, plane.h, plane.v, frame.width, frame.height, frame.maxH, frame.maxV, quantTable);
  const samples = new Uint8ClampedArray(out.samples.buffer);
  const stride = out.stride;
  let row, end, t, r, v0, v1;
  for (let j = 0; j < height; j++) {
    row = j * stride;
    end = row + width;
    k = j * y.per;
    if (y.per === 2 && y.w0[k + 1] === 0) {
      const r0 = y.block[k] * width - row;
      const v00 = y.w0[k], v10 = y.w1[k];
      for (o = row; o < end; o++) samples[o] = 128 + g0[o + r0] * v00 + g1[o + r0] * v10;
    } else if (y.per === 2) {
      const r0 = y.block[k] * width - row, r1 = y.block[k + 1] * width - row;
      const v00 = y.w0[k], v10 = y.w1[k], v01 = y.w0[k + 1], v11 = y.w1[k + 1];
      for (o = row; o < end; o++) {
        samples[o] = 128 + g0[o + r0] * v00 + g1[o + r0] * v10 + g0[o + r1] * v01 + g1[o + r1] * v11;
      }
    } else {
      for (o = row; o < end; o++) {
        t = 128;
        for (let slot = k; slot < k + y.per; slot++) {
          r = y.block[slot] * width + o - row;
          v0 = y.w0[slot]; v1 = y.w1[slot];
          t += g0[r] * v0 + g1[r] * v1;
        }
        samples[o] = t;
      }
    }
  }
  return out;
}

/**
 * The whole frame shrunk to `width` x `height` (each at most a quarter of
 * the source's along its axis), then turned by `orientation`, encoded with
 * `quality`'s tables.
 */
export function shrinkJpegPlanes(
  c: JpegCoefficients, width: number, height: number, orientation: Orientation, quality: number, checkpoint: () => void,
): JpegCoefficients {
  const tables = quantTablesForQuality(quality);
  const ratioX = c.width / width;
  const ratioY = c.height / height;
  const shrunk: PlaneFrame = { width, height, maxH: c.maxH, maxV: c.maxV };
  const turned = turnedFrame(shrunk, orientation);
  const planes = c.planes.map((plane, index) => {
    // The component's own sizes, as the decoder and encoder size them.
    const planeWidth = Math.ceil((width * plane.h) / c.maxH);
    const planeHeight = Math.ceil((height * plane.v) / c.maxV);
    const samples = shrinkPlane(
      plane, Math.ceil((c.width * plane.h) / c.maxH), Math.ceil((c.height * plane.v) / c.maxV), planeWidth, planeHeight,
      ratioX, ratioY, shrunk, index === 0 ? tables.luminance : tables.chrominance,
    );
    checkpoint();
    return turnAndTransform(samples, planeWidth, planeHeight, orientation, turned);
  });
  return { ...c, width: turned.width, height: turned.height, maxH: turned.maxH, maxV: turned.maxV, planes };
}
