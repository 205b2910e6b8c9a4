import type { Orientation } from '../orientation.js';
import { blockExtents, recordBlockExtents } from './block-extents.js';
import { planeSource, shiftBlocks, type BlockSource } from './block-shift.js';
import { planeBlocks, ZIGZAG_TO_NATURAL, type CoefficientPlane, type JpegCoefficients, type JpegFrame } from './coefficients.js';

/**
 * Lossless operations on quantized DCT coefficients (what jpegtran does):
 * no IDCT, no FDCT, no requantization, so the output decodes to exactly the
 * transformed pixels of the input.
 */

/** The luma plane alone, as a one-component (grayscale) JPEG: Rec. 601 luma is what Y already is. */
export function keepLuma(c: JpegCoefficients): JpegCoefficients {
  const luma = c.planes[0];
  // A lone component is coded non-interleaved: one block per MCU, so its
  // block grid shrinks to ceil(size / 8) however it was sampled before.
  const blocksPerLine = Math.ceil(Math.ceil((c.width * luma.h) / c.maxH) / 8);
  const blocksPerColumn = Math.ceil(Math.ceil((c.height * luma.v) / c.maxV) / 8);
  const stride = luma.dcOnly ? 1 : 64;
  const coefficients = new Int16Array(blocksPerLine * blocksPerColumn * stride);
  const rowLength = blocksPerLine * stride;
  // The decoder's per-block extents come along, so the IDCT need not rescan every block for them.
  const sourceExtents = luma.dcOnly ? new Uint8Array(luma.blocksPerLine * luma.blocksPerColumn).fill(1) : blockExtents(luma);
  const extents = new Uint8Array(blocksPerLine * blocksPerColumn);
  for (let row = 0; row < blocksPerColumn; row++) {
    const from = row * luma.blocksPerLine;
    // Block rows are contiguous: one native copy per row of blocks.
    coefficients.set(luma.coefficients.subarray(from * stride, from * stride + rowLength), row * rowLength);
    extents.set(sourceExtents.subarray(from, from + blocksPerLine), row * blocksPerLine);
  }
  recordBlockExtents(coefficients, extents);
  const plane: CoefficientPlane = { ...luma, h: 1, v: 1, blocksPerLine, blocksPerColumn, coefficients };
  return { width: c.width, height: c.height, maxH: 1, maxV: 1, colorSpace: 'gray', planes: [plane] };
}

/** True when `keepLuma` gives the image's luma (YCbCr or already gray). */
export function hasLumaPlane(c: JpegFrame): boolean {
  return c.colorSpace === 'ycbcr' || c.colorSpace === 'gray';
}

/**
 * How faithfully whole-block moves can perform a transform:
 * - `exact`: every plane ends on a block boundary along each mirrored axis.
 * - `requantized`: some plane does not, so its partial edge block would land
 *   at the start; that plane is shifted back by a fraction of a block in the
 *   DCT domain (block-shift.ts), costing one requantization with its own table.
 * - `unsupported`: a subsampled plane covers half a pixel at the edge (odd
 *   size with 4:2:0), so no block shift lines it up; decode pixels instead.
 */
export type TransformFidelity = 'exact' | 'requantized' | 'unsupported';

export function transformFidelity(
  c: JpegFrame, o: Orientation, lumaOnly = false,
): TransformFidelity {
  // Mirrors act on output axes; after a transpose the output x axis is the source y axis.
  const mirrorsSourceX = o.transpose ? o.flipY : o.flipX;
  const mirrorsSourceY = o.transpose ? o.flipX : o.flipY;
  // A lone luma plane is coded one block per MCU (see keepLuma).
  const planes = lumaOnly ? [{ h: 1, v: 1 }] : c.planes;
  const maxH = lumaOnly ? 1 : c.maxH;
  const maxV = lumaOnly ? 1 : c.maxV;
  let fidelity: TransformFidelity = 'exact';
  for (const plane of planes) {
    for (const [mirrored, size, sampling, max] of [
      [mirrorsSourceX, c.width, plane.h, maxH],
      [mirrorsSourceY, c.height, plane.v, maxV],
    ] as const) {
      if (!mirrored) continue;
      if ((size * sampling) % max !== 0) return 'unsupported';
      if (((size * sampling) / max) % 8 !== 0) fidelity = 'requantized';
    }
  }
  return fidelity;
}

/** Extent (one past a zigzag position) -> one past the end of that position's anti-diagonal. */
const DIAGONAL_EXTENT = new Uint8Array(65);
for (let extent = 1; extent <= 64; extent++) {
  const natural = ZIGZAG_TO_NATURAL[extent - 1];
  const d = (natural >> 3) + (natural & 7);
  DIAGONAL_EXTENT[extent] = d <= 7 ? ((d + 1) * (d + 2)) / 2 : 64 - ((14 - d) * (15 - d)) / 2;
}

const IDENTITY_EXTENT = new Uint8Array(65).map((_, i) => i);

/**
 * For each natural-order coefficient index of a source block: where it goes in
 * the output block, and its sign. Transposing a block transposes its
 * frequencies; mirroring negates the odd frequencies along that axis.
 */
function coefficientMap(o: Orientation): { target: Uint8Array; sign: Int8Array } {
  const target = new Uint8Array(64);
  const sign = new Int8Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      const [outU, outV] = o.transpose ? [v, u] : [u, v];
      target[v * 8 + u] = outV * 8 + outU;
      sign[v * 8 + u] = (o.flipX && outU & 1 ? -1 : 1) * (o.flipY && outV & 1 ? -1 : 1);
    }
  }
  return { target, sign };
}

function transformPlane(plane: CoefficientPlane, o: Orientation, out: { width: number; height: number; maxH: number; maxV: number }): CoefficientPlane {
  const h = o.transpose ? plane.v : plane.h;
  const v = o.transpose ? plane.h : plane.v;
  const { blocksPerLine, blocksPerColumn } = planeBlocks(out.width, out.height, h, v, out.maxH, out.maxV);
  // Blocks that hold image content in the output; the MCU padding beyond stays zero.
  const usedX = Math.ceil(Math.ceil((out.width * h) / out.maxH) / 8);
  const usedY = Math.ceil(Math.ceil((out.height * v) / out.maxV) / 8);
  const { target, sign } = coefficientMap(o);
  const quantTable = new Uint16Array(64);
  for (let k = 0; k < 64; k++) quantTable[target[k]] = plane.quantTable[k];
  // Undo the mirrors, then the transpose, to find the source block: output block (bx, by)
  // reads source block first + bx * stepX + by * stepY.
  const line = plane.blocksPerLine;
  const [alongX, alongY] = o.transpose ? [line, 1] : [1, line];
  const index = new Uint8Array(64);
  const signs = new Int8Array(64);
  for (let k = 0; k < 64; k++) {
    index[target[k]] = k;
    signs[target[k]] = sign[k];
  }
  // Per-block extents (the decoder's, or computed once here) bound the visit to each block's
  // nonzero coefficients, one position for the many flat blocks. They carry over to the output
  // for the writer and the IDCT: mirrors keep every coefficient's zigzag position, a transpose
  // keeps its anti-diagonal.
  const source: BlockSource = {
    coefficients: plane.coefficients, extents: blockExtents(plane),
    first: (o.flipX ? (usedX - 1) * alongX : 0) + (o.flipY ? (usedY - 1) * alongY : 0),
    stepX: o.flipX ? -alongX : alongX, stepY: o.flipY ? -alongY : alongY,
    index, sign: signs, extentMap: o.transpose ? DIAGONAL_EXTENT : IDENTITY_EXTENT,
  };
  // Mirrored axes whose content does not end on a block boundary would start
  // with the padding; the content is shifted back over it, reading the source
  // blocks where they are (no moved copy first).
  const samplesX = (out.width * h) / out.maxH;
  const samplesY = (out.height * v) / out.maxV;
  const shiftX = o.flipX && samplesX % 8 !== 0;
  const shiftY = o.flipY && samplesY % 8 !== 0;
  let result = shiftX || shiftY
    ? shiftBlocks(source, blocksPerLine, blocksPerColumn, usedX, usedY, quantTable, !shiftX, 8 - ((shiftX ? samplesX : samplesY) % 8))
    : o.transpose
      ? transposeBlocks(source, blocksPerLine, blocksPerColumn, usedX, usedY, o.flipX ? -1 : 1, o.flipY ? -1 : 1)
      : moveBlocks(source, target, blocksPerLine, blocksPerColumn, usedX, usedY);
  if (shiftX && shiftY) {
    result = shiftBlocks(planeSource(result, blocksPerLine), blocksPerLine, blocksPerColumn, usedX, usedY, quantTable, true, 8 - (samplesY % 8));
  }
  return { id: plane.id, h, v, quantTable, blocksPerLine, blocksPerColumn, coefficients: result };
}

/** The source's blocks moved whole into a new plane of `blocksPerLine` x `blocksPerColumn` blocks. */
function moveBlocks(
  source: BlockSource, target: Uint8Array, blocksPerLine: number, blocksPerColumn: number, usedX: number, usedY: number,
): Int16Array {
  const coefficients = new Int16Array(blocksPerLine * blocksPerColumn * 64);
  const extents = new Uint8Array(blocksPerLine * blocksPerColumn);
  const { coefficients: src, extents: sourceExtents, first, stepX, stepY, extentMap } = source;
  // Per source zigzag position: its natural index, where it lands and its sign, so the block
  // loop does one table load per lookup (this runs for every coefficient).
  const from = new Uint8Array(64);
  const to = new Uint8Array(64);
  const flips = new Int8Array(64);
  for (let z = 0; z < 64; z++) {
    from[z] = ZIGZAG_TO_NATURAL[z];
    to[z] = target[from[z]];
    flips[z] = source.sign[to[z]];
  }
  // Locals declared once, outside the loops (cheaper per turn in the interpreter).
  let sourceBlock = 0, block = 0, s = 0, d = 0, extent = 0, z = 0, value = 0, bx = 0;
  for (let by = 0; by < usedY; by++) {
    sourceBlock = first + by * stepY;
    block = by * blocksPerLine;
    for (bx = 0; bx < usedX; bx++, sourceBlock += stepX, block++) {
      s = sourceBlock * 64;
      d = block * 64;
      extent = sourceExtents[sourceBlock];
      extents[block] = extentMap[extent];
      for (z = 0; z < extent; z++) {
        value = src[s + from[z]];
        if (value !== 0) coefficients[d + to[z]] = value * flips[z];
      }
    }
  }
  recordBlockExtents(coefficients, extents);
  return coefficients;
}

/**
 * `moveBlocks` for the transposing orientations (rotations by 90 and 270, transverse,
 * transpose), which move every coefficient to another index: one unrolled statement per
 * zigzag position, entered by a switch on the block's extent and falling through down to
 * the DC. Why: the loop form pays per position a loop test, an increment and three table
 * loads (source index, target index, sign) besides the coefficient itself; here indexes
 * are constants and the sign a local, so a zero costs one load and a test (measured: the
 * 1080p luma plane's move 55 -> 33 ms CPU in the component). A coefficient at source
 * row r, column c goes to row c, column r; it changes sign when r is odd and the output
 * is mirrored across (`oddRow`), when c is odd and it is mirrored down (`oddColumn`).
 */
function transposeBlocks(
  source: BlockSource, blocksPerLine: number, blocksPerColumn: number, usedX: number, usedY: number,
  oddRow: number, oddColumn: number,
): Int16Array {
  const out = new Int16Array(blocksPerLine * blocksPerColumn * 64);
  const extents = new Uint8Array(blocksPerLine * blocksPerColumn);
  const { coefficients: src, extents: sourceExtents, first, stepX, stepY, extentMap } = source;
  const oddBoth = oddRow * oddColumn;
  let sourceBlock = 0, block = 0, s = 0, d = 0, extent = 0, value = 0, bx = 0;
  for (let by = 0; by < usedY; by++) {
    sourceBlock = first + by * stepY;
    block = by * blocksPerLine;
    for (bx = 0; bx < usedX; bx++, sourceBlock += stepX, block++) {
      s = sourceBlock * 64;
      d = block * 64;
      extent = sourceExtents[sourceBlock];
      extents[block] = extentMap[extent];
      // Generated: case e handles zigzag position e - 1 (source natural index -> transposed index).
      switch (extent) {
          case 64: if ((value = src[s + 63]) !== 0) out[d + 63] = value * oddBoth;
          case 63: if ((value = src[s + 62]) !== 0) out[d + 55] = value * oddRow;
          case 62: if ((value = src[s + 55]) !== 0) out[d + 62] = value * oddColumn;
          case 61: if ((value = src[s + 47]) !== 0) out[d + 61] = value * oddBoth;
          case 60: if ((value = src[s + 54]) !== 0) out[d + 54] = value;
          case 59: if ((value = src[s + 61]) !== 0) out[d + 47] = value * oddBoth;
          case 58: if ((value = src[s + 60]) !== 0) out[d + 39] = value * oddRow;
          case 57: if ((value = src[s + 53]) !== 0) out[d + 46] = value * oddColumn;
          case 56: if ((value = src[s + 46]) !== 0) out[d + 53] = value * oddRow;
          case 55: if ((value = src[s + 39]) !== 0) out[d + 60] = value * oddColumn;
          case 54: if ((value = src[s + 31]) !== 0) out[d + 59] = value * oddBoth;
          case 53: if ((value = src[s + 38]) !== 0) out[d + 52] = value;
          case 52: if ((value = src[s + 45]) !== 0) out[d + 45] = value * oddBoth;
          case 51: if ((value = src[s + 52]) !== 0) out[d + 38] = value;
          case 50: if ((value = src[s + 59]) !== 0) out[d + 31] = value * oddBoth;
          case 49: if ((value = src[s + 58]) !== 0) out[d + 23] = value * oddRow;
          case 48: if ((value = src[s + 51]) !== 0) out[d + 30] = value * oddColumn;
          case 47: if ((value = src[s + 44]) !== 0) out[d + 37] = value * oddRow;
          case 46: if ((value = src[s + 37]) !== 0) out[d + 44] = value * oddColumn;
          case 45: if ((value = src[s + 30]) !== 0) out[d + 51] = value * oddRow;
          case 44: if ((value = src[s + 23]) !== 0) out[d + 58] = value * oddColumn;
          case 43: if ((value = src[s + 15]) !== 0) out[d + 57] = value * oddBoth;
          case 42: if ((value = src[s + 22]) !== 0) out[d + 50] = value;
          case 41: if ((value = src[s + 29]) !== 0) out[d + 43] = value * oddBoth;
          case 40: if ((value = src[s + 36]) !== 0) out[d + 36] = value;
          case 39: if ((value = src[s + 43]) !== 0) out[d + 29] = value * oddBoth;
          case 38: if ((value = src[s + 50]) !== 0) out[d + 22] = value;
          case 37: if ((value = src[s + 57]) !== 0) out[d + 15] = value * oddBoth;
          case 36: if ((value = src[s + 56]) !== 0) out[d + 7] = value * oddRow;
          case 35: if ((value = src[s + 49]) !== 0) out[d + 14] = value * oddColumn;
          case 34: if ((value = src[s + 42]) !== 0) out[d + 21] = value * oddRow;
          case 33: if ((value = src[s + 35]) !== 0) out[d + 28] = value * oddColumn;
          case 32: if ((value = src[s + 28]) !== 0) out[d + 35] = value * oddRow;
          case 31: if ((value = src[s + 21]) !== 0) out[d + 42] = value * oddColumn;
          case 30: if ((value = src[s + 14]) !== 0) out[d + 49] = value * oddRow;
          case 29: if ((value = src[s + 7]) !== 0) out[d + 56] = value * oddColumn;
          case 28: if ((value = src[s + 6]) !== 0) out[d + 48] = value;
          case 27: if ((value = src[s + 13]) !== 0) out[d + 41] = value * oddBoth;
          case 26: if ((value = src[s + 20]) !== 0) out[d + 34] = value;
          case 25: if ((value = src[s + 27]) !== 0) out[d + 27] = value * oddBoth;
          case 24: if ((value = src[s + 34]) !== 0) out[d + 20] = value;
          case 23: if ((value = src[s + 41]) !== 0) out[d + 13] = value * oddBoth;
          case 22: if ((value = src[s + 48]) !== 0) out[d + 6] = value;
          case 21: if ((value = src[s + 40]) !== 0) out[d + 5] = value * oddRow;
          case 20: if ((value = src[s + 33]) !== 0) out[d + 12] = value * oddColumn;
          case 19: if ((value = src[s + 26]) !== 0) out[d + 19] = value * oddRow;
          case 18: if ((value = src[s + 19]) !== 0) out[d + 26] = value * oddColumn;
          case 17: if ((value = src[s + 12]) !== 0) out[d + 33] = value * oddRow;
          case 16: if ((value = src[s + 5]) !== 0) out[d + 40] = value * oddColumn;
          case 15: if ((value = src[s + 4]) !== 0) out[d + 32] = value;
          case 14: if ((value = src[s + 11]) !== 0) out[d + 25] = value * oddBoth;
          case 13: if ((value = src[s + 18]) !== 0) out[d + 18] = value;
          case 12: if ((value = src[s + 25]) !== 0) out[d + 11] = value * oddBoth;
          case 11: if ((value = src[s + 32]) !== 0) out[d + 4] = value;
          case 10: if ((value = src[s + 24]) !== 0) out[d + 3] = value * oddRow;
          case 9: if ((value = src[s + 17]) !== 0) out[d + 10] = value * oddColumn;
          case 8: if ((value = src[s + 10]) !== 0) out[d + 17] = value * oddRow;
          case 7: if ((value = src[s + 3]) !== 0) out[d + 24] = value * oddColumn;
          case 6: if ((value = src[s + 2]) !== 0) out[d + 16] = value;
          case 5: if ((value = src[s + 9]) !== 0) out[d + 9] = value * oddBoth;
          case 4: if ((value = src[s + 16]) !== 0) out[d + 2] = value;
          case 3: if ((value = src[s + 8]) !== 0) out[d + 1] = value * oddRow;
          case 2: if ((value = src[s + 1]) !== 0) out[d + 8] = value * oddColumn;
          case 1: out[d] = src[s];
      }
    }
  }
  recordBlockExtents(out, extents);
  return out;
}

/** Rotates and mirrors in the DCT domain; callers check `transformFidelity` first (not `unsupported`). */
export function transformCoefficients(c: JpegCoefficients, o: Orientation): JpegCoefficients {
  if (!o.transpose && !o.flipX && !o.flipY) return c;
  const size = o.transpose
    ? { width: c.height, height: c.width, maxH: c.maxV, maxV: c.maxH }
    : { width: c.width, height: c.height, maxH: c.maxH, maxV: c.maxV };
  return { ...size, colorSpace: c.colorSpace, planes: c.planes.map((plane) => transformPlane(plane, o, size)) };
}
