import { blockExtents } from './block-extents.js';
import { planeBlocks, type CoefficientPlane } from './coefficients.js';
import { fdctQuantizePlane, quantMultipliers } from './fdct.js';
import { idct8x8, idctTable } from './idct.js';
import { reorientInto } from '../ops/geometry.js';
import { isUpright, type Orientation } from '../orientation.js';

/**
 * One component's 8-bit samples, laid out as its coefficient plane's blocks
 * (the whole padded block grid, rows `stride` apart), and the transforms
 * between the two: the encoder fills one from pixels, the JPEG sharpen path
 * (luma-sharpen.ts) gets one from the luma coefficients and back.
 */
export interface SamplePlane extends Omit<CoefficientPlane, 'coefficients'> {
  /** Bytes per row: blocksPerLine * 8, a multiple of 8 so rows are whole 32-bit words. */
  readonly stride: number;
  readonly samples: Uint8Array;
}

export function newPlane(
  id: number, h: number, v: number, width: number, height: number, maxH: number, maxV: number, quantTable: Uint16Array,
): SamplePlane {
  const { blocksPerLine, blocksPerColumn } = planeBlocks(width, height, h, v, maxH, maxV);
  const stride = blocksPerLine * 8;
  return { id, h, v, quantTable, blocksPerLine, blocksPerColumn, stride, samples: new Uint8Array(stride * blocksPerColumn * 8) };
}

/** FDCT and quantization with the plane's own table. */
export function forwardTransform(plane: SamplePlane): CoefficientPlane {
  const { id, h, v, quantTable, blocksPerLine, blocksPerColumn, stride, samples } = plane;
  const coefficients = new Int16Array(blocksPerLine * blocksPerColumn * 64);
  const words = new Uint32Array(samples.buffer, samples.byteOffset, samples.length >> 2);
  fdctQuantizePlane(words, stride >> 2, blocksPerLine, blocksPerColumn, quantMultipliers(quantTable), coefficients);
  return { id, h, v, quantTable, blocksPerLine, blocksPerColumn, coefficients };
}

/**
 * Dequantization and IDCT of the blocks that cover the first `width` x
 * `height` samples (the component's own size); the blocks beyond, MCU
 * padding, are left zero, for `replicateEdges` to fill before any FDCT.
 * The same IDCT as the pixel decoder (to-pixels.ts), so the samples are the
 * ones a full decode sees.
 */
export function inverseTransform(plane: CoefficientPlane, width: number, height: number): SamplePlane {
  const { id, h, v, quantTable, blocksPerLine, blocksPerColumn, coefficients } = plane;
  const stride = blocksPerLine * 8;
  const samples = new Uint8Array(stride * blocksPerColumn * 8);
  // The IDCT stores through a clamped view: rounding and clamping are native.
  const out = new Uint8ClampedArray(samples.buffer);
  const q = idctTable(quantTable, 1);
  const ws = new Float64Array(64);
  const extents = blockExtents(plane);
  const usedX = Math.min(blocksPerLine, Math.ceil(width / 8));
  const usedY = Math.min(blocksPerColumn, Math.ceil(height / 8));
  for (let by = 0; by < usedY; by++) {
    for (let bx = 0, block = by * blocksPerLine, o = by * 8 * stride; bx < usedX; bx++, block++, o += 8) {
      idct8x8(coefficients, block * 64, q, ws, out, o, stride, extents[block]);
    }
  }
  return { id, h, v, quantTable, blocksPerLine, blocksPerColumn, stride, samples };
}

/**
 * Fills the plane outside the `width` x `height` image area with copies of
 * the last column and row, as libjpeg pads edge blocks: a smooth edge costs
 * fewer bits than a jump to black and does not bleed into the visible part.
 * Native fill/copyWithin do the per-sample work.
 */
export function replicateEdges(samples: Uint8Array, stride: number, width: number, height: number): void {
  const rows = samples.length / stride;
  if (width < stride) {
    for (let y = 0, row = 0; y < height; y++, row += stride) samples.fill(samples[row + width - 1], row + width, row + stride);
  }
  const last = (height - 1) * stride;
  for (let y = height; y < rows; y++) samples.copyWithin(y * stride, last, last + stride);
}

/**
 * A plane's coefficients filtered in the sample domain: IDCT, `filter` on
 * its `width` x `height` samples (the component's own size) in place, edge
 * padding, FDCT quantized with `quantTable`. The JPEG planar paths
 * (planar/sharpen.ts, planar/blur.ts) run each plane they change through this.
 * `checkpoint` is called between the long steps.
 */
export function filterPlane(
  plane: CoefficientPlane, width: number, height: number, quantTable: Uint16Array,
  filter: (samples: Uint8Array, stride: number) => void, checkpoint: () => void,
): CoefficientPlane {
  const samples = inverseTransform(plane, width, height);
  checkpoint();
  filter(samples.samples, samples.stride);
  checkpoint();
  // Padding as the encoder pads pixels, so edge blocks code the same way.
  replicateEdges(samples.samples, samples.stride, width, height);
  return forwardTransform({ ...samples, quantTable });
}

/** A frame's size and largest sampling factors: where a plane's block grid comes from. */
export interface PlaneFrame {
  readonly width: number;
  readonly height: number;
  readonly maxH: number;
  readonly maxV: number;
}

/**
 * The plane's `width` x `height` samples turned by `o`, in the block grid of
 * `turned` (the frame after the turn: a transpose swaps the plane's sampling
 * factors, and the frame's).
 */
function reorientPlane(plane: SamplePlane, width: number, height: number, o: Orientation, turned: PlaneFrame): SamplePlane {
  const [h, v] = o.transpose ? [plane.v, plane.h] : [plane.h, plane.v];
  const out = newPlane(plane.id, h, v, turned.width, turned.height, turned.maxH, turned.maxV, plane.quantTable);
  reorientInto(plane.samples, plane.stride, width, height, o, out.samples, out.stride);
  return out;
}

/** The frame after a turn by `o`: a transpose swaps its size and its largest sampling factors. */
export function turnedFrame(frame: PlaneFrame, o: Orientation): PlaneFrame {
  return o.transpose ? { width: frame.height, height: frame.width, maxH: frame.maxV, maxV: frame.maxH } : frame;
}

/**
 * The last steps of the planar paths that turn (planar/shrink.ts,
 * planar/resize.ts): the plane's `width` x `height` samples turned by `o`
 * into the block grid of `turned`, padded as the encoder pads pixels (so
 * edge blocks code the same way), then FDCT with the plane's own table.
 */
export function turnAndTransform(plane: SamplePlane, width: number, height: number, o: Orientation, turned: PlaneFrame): CoefficientPlane {
  const out = isUpright(o) ? plane : reorientPlane(plane, width, height, o, turned);
  const [w, h] = o.transpose ? [height, width] : [width, height];
  replicateEdges(out.samples, out.stride, w, h);
  return forwardTransform(out);
}
