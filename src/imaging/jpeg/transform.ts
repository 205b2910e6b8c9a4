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

/** Rotates and mirrors in the DCT domain; callers check `transformFidelity` first (not `unsupported`). */
export function transformCoefficients(c: JpegCoefficients, o: Orientation): JpegCoefficients {
  if (!o.transpose && !o.flipX && !o.flipY) return c;
  const size = o.transpose
    ? { width: c.height, height: c.width, maxH: c.maxV, maxV: c.maxH }
    : { width: c.width, height: c.height, maxH: c.maxH, maxV: c.maxV };
  return { ...size, colorSpace: c.colorSpace, planes: c.planes.map((plane) => transformPlane(plane, o, size)) };
}
