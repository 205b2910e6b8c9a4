import { createImage, type RgbaImage } from '../image.js';
import { blockExtents } from './block-extents.js';
import type { CoefficientPlane, JpegCoefficients } from './coefficients.js';
import { cmykRow, grayRow, rgbRow, withChannelMap, yccRow, yccRowH2, yccRowsH2V2, yccRowsH2V2Blocks, ycckRow } from './color-convert.js';
import { idct2x2, idct4x4, idct8x8, idctTable } from './idct.js';
import { dcImage420 } from './dc-pixels.js';
import { quarter420 } from './quarter-420.js';

/**
 * Decoded coefficients to RGBA pixels, at full size or at 1/2, 1/4 or 1/8
 * (each block's IDCT then yields 4x4, 2x2 or 1x1 samples: a cheap
 * shrink-on-load). Works one MCU row at a time: the IDCT fills a small
 * sample buffer per component, and the colour conversion turns those rows
 * into output rows. Chroma is upsampled by replication (djpeg -nosmooth):
 * about 52 dB from libjpeg's fancy upsampling on the corpus photos, for a
 * fraction of its cost without a JIT. With `channelTable`, R, G and B come
 * out passed through it (see mapsChannels).
 */
export function coefficientsToImage(c: JpegCoefficients, scale: 1 | 2 | 4 | 8 = 1, channelTable?: Uint8Array): RgbaImage {
  if (!channelTable) return drawCoefficients(c, scale);
  if (!mapsChannels(c)) throw new Error(`a ${c.colorSpace} frame cannot map its channels while converting`);
  return withChannelMap(channelTable, () => drawCoefficients(c, scale));
}

/**
 * Whether coefficientsToImage can pass R, G and B through a table as it
 * converts (`channelTable`): gray and YCbCr frames, whose conversions write
 * through the word tables color-convert.ts swaps (withChannelMap).
 */
export function mapsChannels(c: JpegCoefficients): boolean {
  return c.planes.length === 1 || c.colorSpace === 'ycbcr';
}

function drawCoefficients(c: JpegCoefficients, scale: 1 | 2 | 4 | 8): RgbaImage {
  const size = 8 / scale; // samples per block side
  const outW = Math.ceil(c.width / scale);
  const outH = Math.ceil(c.height / scale);
  if (scale !== 8 && c.planes.some((p) => p.dcOnly)) throw new Error('DC-only coefficients can only be drawn at 1/8 scale');
  if (c.planes.some((p) => p.lowOnly)) throw new Error('low-only coefficients are for the shrink alone');
  if (scale === 4 && isYcc420(c)) return cropWords(quarter420(c), outW, outH);
  if (scale === 8 && isYcc420(c) && c.planes.every((p) => p.dcOnly)) return dcImage420(c, outW, outH);
  const image = createImage(outW, outH);
  // Alpha is 255 everywhere: one native fill, then only R, G, B are written.
  image.data.fill(255);
  const out = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const words = new Int32Array(image.data.buffer, image.data.byteOffset, outW * outH);
  const { maxH, maxV } = c;
  const mcuRows = Math.ceil(c.height / (8 * c.maxV));
  const rowsPerMcu = maxV * size;
  const comps = c.planes.map((p) => component(p, c, scale, outW, outH));
  const ws = new Float64Array(64);
  const idct = scale === 1 ? idct8x8 : scale === 2 ? idct4x4 : idct2x2;
  const space = c.planes.length === 1 ? 'gray' : c.colorSpace;
  const [y, cb, cr] = comps;
  // 4:2:0 and 4:2:2 (and 4:4:4) YCbCr get dedicated loops; everything else is upsampled per row first.
  const chromaX = space === 'ycbcr' && y.h === maxH && y.v === maxV && cb.h === 1 && cb.v === 1 && cr.h === 1 && cr.v === 1 && maxH <= 2 ? maxH : 0;
  const pairRows = chromaX === 2 && maxV === 2;

  for (let mcuRow = 0; mcuRow < mcuRows; mcuRow++) {
    const top = mcuRow * rowsPerMcu;
    if (top >= outH) break;
    for (const comp of comps) decodeRow(comp, mcuRow, scale, size, idct, ws);
    const bottom = Math.min(top + rowsPerMcu, outH);
    for (let row = top; row < bottom; row++) {
      const local = row - top;
      const o = row * outW * 4;
      if (space === 'gray') {
        grayRow(y.samples, local * y.width, words, row * outW, outW);
      } else if (chromaX !== 0) {
        const co = ((local * cb.v) / maxV | 0) * cb.width;
        if (pairRows) {
          if (row + 1 < bottom && size >= 4) {
            const blockRow = mcuRow * 2 + ((local / size) | 0);
            yccRowsH2V2Blocks(
              y.samples, local * y.width, (local + 1) * y.width, cb.samples, cr.samples, co, words, row * outW, (row + 1) * outW,
              outW, size, cb.extents, cr.extents, mcuRow * cb.plane.blocksPerLine, y.extents, blockRow * y.plane.blocksPerLine,
            );
            row++;
          } else if (row + 1 < bottom) {
            yccRowsH2V2(y.samples, local * y.width, (local + 1) * y.width, cb.samples, cr.samples, co, words, row * outW, (row + 1) * outW, outW);
            row++;
          } else {
            yccRowH2(y.samples, local * y.width, cb.samples, cr.samples, co, words, row * outW, outW);
          }
        } else if (chromaX === 2) {
          yccRowH2(y.samples, local * y.width, cb.samples, cr.samples, co, words, row * outW, outW);
        } else {
          yccRow(y.samples, local * y.width, cb.samples, co, cr.samples, co, words, row * outW, outW);
        }
      } else {
        // General case: bring every component to full resolution for this row.
        for (const comp of comps) upsampleRow(comp, local, maxV);
        const [a, b, d, k] = comps;
        if (space === 'rgb') rgbRow(a.row, a.rowOffset, b.row, b.rowOffset, d.row, d.rowOffset, out, o, outW);
        else if (space === 'ycbcr') yccRow(a.row, a.rowOffset, b.row, b.rowOffset, d.row, d.rowOffset, words, row * outW, outW);
        else if (space === 'cmyk') cmykRow(a.row, a.rowOffset, b.row, b.rowOffset, d.row, d.rowOffset, k.row, k.rowOffset, out, o, outW);
        else ycckRow(a.row, a.rowOffset, b.row, b.rowOffset, d.row, d.rowOffset, k.row, k.rowOffset, out, o, outW);
      }
    }
  }
  return image;
}

/** YCbCr with 2x2-sampled luma and 1x1 chroma. */
function isYcc420(c: JpegCoefficients): boolean {
  const [y, cb, cr] = c.planes;
  return c.colorSpace === 'ycbcr' && c.planes.length === 3 && c.maxH === 2 && c.maxV === 2
    && y.h === 2 && y.v === 2 && cb.h === 1 && cb.v === 1 && cr.h === 1 && cr.v === 1;
}

/** The top-left `width` x `height` of an image of RGBA words `stride` wide, rows moved natively. */
function cropWords({ words, stride }: { words: Int32Array; stride: number }, width: number, height: number): RgbaImage {
  if (stride !== width) for (let y = 1; y < height; y++) words.copyWithin(y * width, y * stride, y * stride + width);
  return { width, height, data: new Uint8Array(words.buffer, 0, width * height * 4) };
}

interface Component {
  readonly plane: CoefficientPlane;
  readonly h: number;
  readonly v: number;
  /** Samples per row of the buffer (the plane's width in blocks times the block size). */
  readonly width: number;
  /** One MCU row of samples. */
  readonly samples: Uint8ClampedArray;
  readonly q: Float64Array;
  readonly extents: Uint8Array;
  /** Blocks per row / block rows worth decoding: the rest is MCU padding beyond the output. */
  readonly usedX: number;
  readonly usedY: number;
  /** For upsampleRow: output column -> sample column, and where the current full-resolution row is. */
  readonly columns: Int32Array | undefined;
  row: Uint8ClampedArray;
  rowOffset: number;
}

function component(p: CoefficientPlane, c: JpegCoefficients, scale: number, outW: number, outH: number): Component {
  const size = 8 / scale;
  const width = p.blocksPerLine * size;
  const samples = new Uint8ClampedArray(width * p.v * size);
  const full = p.h === c.maxH;
  let columns: Int32Array | undefined;
  if (!full) {
    columns = new Int32Array(outW);
    for (let x = 0; x < outW; x++) columns[x] = ((x * p.h) / c.maxH) | 0;
  }
  // Last sample column / row the output refers to (output x maps to x * h / maxH).
  const lastX = (((outW - 1) * p.h) / c.maxH) | 0;
  const lastY = (((outH - 1) * p.v) / c.maxV) | 0;
  return {
    plane: p, h: p.h, v: p.v, width, samples, q: idctTable(p.quantTable, scale as 1 | 2 | 4 | 8),
    // The 1x1 scale reads the DC alone and has no use for extents.
    extents: scale === 8 ? new Uint8Array(0) : blockExtents(p),
    usedX: Math.min(p.blocksPerLine, ((lastX / size) | 0) + 1),
    usedY: Math.min(p.blocksPerColumn, ((lastY / size) | 0) + 1),
    columns, row: full ? samples : new Uint8ClampedArray(outW), rowOffset: 0,
  };
}

type Idct = typeof idct8x8;

/** IDCT of one MCU row of a component's blocks into its sample buffer. */
function decodeRow(comp: Component, mcuRow: number, scale: number, size: number, idct: Idct, ws: Float64Array): void {
  const { plane, samples, width, q, extents, usedX } = comp;
  const coef = plane.coefficients;
  const perLine = plane.blocksPerLine;
  const firstRow = mcuRow * comp.v;
  const endRow = Math.min(firstRow + comp.v, comp.usedY);
  for (let by = firstRow; by < endRow; by++) {
    let block = by * perLine;
    const o = (by - firstRow) * size * width;
    if (scale === 8) {
      // 1x1: the DC alone, inline (a call per sample would cost more than the sample).
      const q0 = q[0];
      const stride = plane.dcOnly ? 1 : 64;
      for (let bx = 0, off = block * stride; bx < usedX; bx++, off += stride) samples[o + bx] = coef[off] * q0 + 128;
      continue;
    }
    for (let bx = 0, off = block * 64, so = o; bx < usedX; bx++, block++, off += 64, so += size) {
      idct(coef, off, q, ws, samples, so, width, extents[block]);
    }
  }
}

/** Points `row`/`rowOffset` at this output row's samples, replicating sub-sampled components. */
function upsampleRow(comp: Component, local: number, maxV: number): void {
  const offset = (((local * comp.v) / maxV) | 0) * comp.width;
  const columns = comp.columns;
  if (!columns) {
    comp.rowOffset = offset;
    return;
  }
  const { row, samples } = comp;
  for (let x = 0; x < row.length; x++) row[x] = samples[offset + columns[x]];
  comp.rowOffset = 0;
}
