import type { Color } from './color.js';
import type { ImageFormat, SourceFormat } from './format.js';
import { mcuRegionCovering, type McuRegion } from './jpeg/crop.js';
import type { Operation } from './operations.js';
import type { MonochromeStep } from './planar/monochrome.js';
import { resizePeak, resizeTarget, type Fit } from './ops/fit.js';
import { fitInside, THUMBNAIL_FILTER, type ResizeFilter } from './ops/resize.js';
import { compose, fromExif, isUpright, mirror, rotation, type Orientation } from './orientation.js';

/**
 * Chooses the cheapest exact way to run a job, before any pixel is decoded
 * (sharp and libvips do the same: "shrink on load", lossless JPEG paths).
 * - `jpeg-lossless`: JPEG in and out, only grayscale / rotate / flip / invert /
 *   no-op (or grayscale / invert / no-op and a crop whose corner is on an MCU corner):
 *   work on the DCT coefficients (drop chroma, move or cut blocks), with no
 *   IDCT or FDCT, and keep the source's quantization; with a `quality`
 *   (YCbCr or gray sources), requantize to its tables in the DCT domain.
 *   Also `brightness` and `contrast` with factors up to 1 (YCbCr or gray, no
 *   invert): they map every sample into 0..255 affinely, so they scale the
 *   coefficients and move the DC (see jpeg/requantize.ts).
 * - `jpeg-luma`: JPEG in and out, upright, a lone `sharpen` (which changes
 *   luma only; no-ops aside): IDCT, sharpen and FDCT the luma plane alone; the chroma
 *   planes keep their coefficients, requantized in the DCT domain to the
 *   output quality (see planar/sharpen.ts). No colour conversion either way.
 * - `jpeg-blur`: JPEG in and out, upright, a lone `blur` (no-ops aside), every
 *   plane sampled alike along both axes: IDCT, blur and FDCT each plane at
 *   its own resolution, sigma scaled to it (see planar/blur.ts). No colour
 *   conversion, no chroma upsampling or downsampling.
 * - `jpeg-mono`: JPEG in and out, upright, a lone `threshold` or
 *   `black-and-white` (no-ops aside): the luma plane alone is decoded (IDCT),
 *   cut or dithered and transformed back into a gray JPEG (see
 *   planar/monochrome.ts): byte for byte what the pixels path writes.
 * - `jpeg-shrink`: JPEG in and out, one `thumbnail` (or `area` resize inside
 *   a box) to between a quarter and an eighth of the size, rotations and
 *   mirrors (and EXIF orientation) aside, every plane sampled alike along
 *   both axes: each output sample averaged straight from the coefficients of
 *   the blocks it covers (see planar/shrink.ts), turned afterwards. No IDCT,
 *   no colour conversion, no intermediate image.
 * - `jpeg-resize`: JPEG in and out, one `resize` (fit inside or fill) or
 *   `thumbnail` to more than half the size, rotations and mirrors (and EXIF
 *   orientation) aside: IDCT, resize, turn and FDCT each plane at its own
 *   resolution (see planar/resize.ts). No colour conversion, no chroma
 *   upsampling or downsampling.
 * - `pixels`: decode (only the luma plane when the first colour-dependent
 *   step is grayscale, threshold or black-and-white, which read luma alone;
 *   for PNG, straight to grayscale when that step is grayscale or threshold;
 *   at 1/2, 1/4 or 1/8 scale when a downscale follows), run the operations,
 *   encode (one channel when the result is gray).
 */
export type DecodeScale = 1 | 2 | 4 | 8;

export type Plan =
  | {
      readonly kind: 'jpeg-lossless';
      readonly lumaOnly: boolean;
      readonly orientation: Orientation;
      /** Invert the coefficients (jpeg/invert.ts): the job has an odd number of inverts. */
      readonly invert?: boolean;
      /** Keep these MCUs, as an image of this size (jpegtran -crop): the crop's corner is on an MCU corner. */
      readonly crop?: { readonly region: McuRegion; readonly width: number; readonly height: number };
      /** Requantize to this quality's tables (luma's for the first plane, chroma's for the rest). */
      readonly quality?: number;
      /** The job's brightness and contrast steps as one map of R, G and B: v -> scale * v + shift. */
      readonly affine?: { readonly scale: number; readonly shift: number };
    }
  | { readonly kind: 'jpeg-luma'; readonly sigma: number; readonly amount: number }
  | { readonly kind: 'jpeg-blur'; readonly sigma: number }
  | { readonly kind: 'jpeg-mono'; readonly step: MonochromeStep }
  | {
      readonly kind: 'jpeg-shrink';
      /** The shrunk size, in the stored frame's orientation. */
      readonly width: number;
      readonly height: number;
      /** Then turned so (EXIF orientation and the job's rotations and mirrors). */
      readonly orientation: Orientation;
    }
  | {
      readonly kind: 'jpeg-resize';
      /** The resized size, in the stored frame's orientation. */
      readonly width: number;
      readonly height: number;
      readonly filter: ResizeFilter;
      /** Then turned so (EXIF orientation and the job's rotations and mirrors). */
      readonly orientation: Orientation;
    }
  | {
      readonly kind: 'pixels';
      readonly lumaOnly: boolean;
      readonly scale: DecodeScale;
      /** The job's operations, with size-dependent ones rewritten for the decode scale. */
      readonly operations: readonly Operation[];
      /** The result has R = G = B everywhere, so it can be written with one channel. */
      readonly grayOutput: boolean;
      /** JPEG sources: decode only these MCUs (a crop comes first; `operations` has it rewritten relative to them). */
      readonly decodeRegion?: McuRegion;
    };

export interface PlanInput {
  readonly sourceFormat: SourceFormat;
  /** Stored size, before EXIF orientation. */
  readonly width: number;
  readonly height: number;
  readonly exifOrientation: number;
  readonly operations: readonly Operation[];
  readonly outputFormat: ImageFormat;
  readonly quality?: number;
  readonly background: Color;
  /** For JPEG sources: what the coefficient planes allow. */
  readonly jpeg?: {
    readonly gray: boolean;
    readonly hasLumaPlane: boolean;
    /** Largest sampling factors: an MCU is 8 * maxH x 8 * maxV pixels. */
    readonly maxH: number;
    readonly maxV: number;
    /** The luma plane is sampled at the image's full size (h = maxH, v = maxV): one sample per pixel. */
    readonly lumaAtFullSize: boolean;
    /** Every plane is sampled at the same fraction of the image's size along both axes (h / maxH = v / maxV). */
    readonly squareSampling: boolean;
    /** Whether `invert` can be done on the coefficients (see jpeg/invert.ts). */
    readonly canInvert: boolean;
    /** Whether the DCT-domain transform can do this orientation (see jpeg/transform.ts). */
    canTransform(orientation: Orientation, lumaOnly: boolean): boolean;
  };
}

// invert commutes with all of them: an odd number of inverts is one invert of the coefficients.
const LOSSLESS_OPERATIONS = new Set<Operation['type']>(['no-op', 'grayscale', 'rotate', 'flip', 'invert']);
// Steps that give the same result whether the colour is dropped before or after them
// (geometry and non-negative linear filters), so a later grayscale can move to the decoder.
const COLOR_BLIND = new Set<Operation['type']>(['no-op', 'rotate', 'flip', 'crop', 'resize', 'thumbnail', 'blur']);
// Steps that commute with downscaling, so a later resize can move into the decoder's IDCT.
const SCALE_BLIND = new Set<Operation['type']>(['no-op', 'grayscale', 'rotate', 'flip', 'invert']);
const GRAY_MAKERS = new Set<Operation['type']>(['grayscale', 'threshold', 'black-and-white']);
// Steps that only move pixels, never mixing them: exact before or after a per-pixel step.
const PIXEL_MOVERS = new Set<Operation['type']>(['no-op', 'rotate', 'flip', 'crop']);
const EXACT_ON_GRAY = new Set<Operation['type']>(['grayscale', 'threshold']);

function isGrayColor(c: { r: number; g: number; b: number }): boolean {
  return c.r === c.g && c.g === c.b;
}

function geometry(op: Operation): Orientation | undefined {
  if (op.type === 'rotate') return rotation(op.degrees);
  if (op.type === 'flip') return mirror(op.direction);
  return undefined;
}

type CropOperation = Extract<Operation, { type: 'crop' }>;

/**
 * For a crop inside an upright JPEG: the MCUs that cover it and their pixel
 * origin. A crop that does not fit is left to the operation, whose error
 * names the whole image.
 */
function coveringMcus(input: PlanInput, op: CropOperation): ReturnType<typeof mcuRegionCovering> | undefined {
  const { jpeg } = input;
  if (!jpeg || !isUpright(fromExif(input.exifOrientation))) return undefined;
  if (op.x + op.width > input.width || op.y + op.height > input.height) return undefined;
  return mcuRegionCovering({ width: input.width, height: input.height, maxH: jpeg.maxH, maxV: jpeg.maxV }, op);
}

/**
 * A crop the DCT domain can do exactly: its top-left corner is the corner of
 * the MCUs covering it (the right and bottom edges may fall anywhere: the
 * last MCUs become padding). null: not such a crop.
 */
function blockAlignedCrop(input: PlanInput, op: CropOperation): Extract<Plan, { kind: 'jpeg-lossless' }>['crop'] | null {
  const covering = coveringMcus(input, op);
  if (!covering || covering.x !== op.x || covering.y !== op.y) return null;
  return { region: covering.region, width: op.width, height: op.height };
}

function planLossless(input: PlanInput): Plan | undefined {
  const { jpeg } = input;
  if (!jpeg || input.outputFormat !== 'jpeg') return undefined;
  // The quality's tables are for luma and chroma: Adobe RGB or CMYK planes are re-encoded as YCbCr by the pixels path.
  const { quality } = input;
  if (quality !== undefined && !jpeg.hasLumaPlane) return undefined;
  // One block-aligned crop, with no rotation or mirror (those would be judged on the uncropped frame).
  const cropOp = input.operations.find((op) => op.type === 'crop');
  const crop = cropOp?.type === 'crop' ? blockAlignedCrop(input, cropOp) : undefined;
  if (crop === null) return undefined;
  const others = input.operations.filter((op) => op !== cropOp);
  const affine = affineSteps(others);
  if (affine && (!jpeg.hasLumaPlane || others.some((op) => op.type === 'invert'))) return undefined;
  if (!others.every((op) => LOSSLESS_OPERATIONS.has(op.type) || (affine && (op.type === 'brightness' || op.type === 'contrast')))) return undefined;
  if (crop && others.some((op) => geometry(op))) return undefined;
  const wantsGray = input.operations.some((op) => op.type === 'grayscale');
  if (wantsGray && !jpeg.hasLumaPlane) return undefined;
  let orientation = fromExif(input.exifOrientation);
  for (const op of input.operations) {
    const step = geometry(op);
    if (step) orientation = compose(orientation, step);
  }
  const lumaOnly = wantsGray && !jpeg.gray;
  const invert = input.operations.filter((op) => op.type === 'invert').length % 2 === 1;
  if (invert && !jpeg.canInvert) return undefined;
  if (!jpeg.canTransform(orientation, lumaOnly)) return undefined;
  return {
    kind: 'jpeg-lossless', lumaOnly, orientation, ...(invert && { invert }), ...(crop && { crop }),
    ...(quality !== undefined && { quality }), ...(affine && { affine }),
  };
}

/**
 * The brightness and contrast steps of a job composed into one map
 * v -> scale * v + shift, when there are some and every factor is at most 1:
 * such a step maps 0..255 into itself, so no value is ever clipped and the
 * map is exactly affine (the rounding of each step aside). Otherwise undefined.
 */
function affineSteps(operations: readonly Operation[]): { scale: number; shift: number } | undefined {
  let scale = 1, shift = 0, any = false;
  for (const op of operations) {
    if (op.type !== 'brightness' && op.type !== 'contrast') continue;
    if (op.factor > 1) return undefined;
    any = true;
    // brightness: v -> f v; contrast: v -> f (v - 128) + 128.
    [scale, shift] = op.type === 'brightness' ? [op.factor * scale, op.factor * shift] : [op.factor * scale, op.factor * (shift - 128) + 128];
  }
  return any ? { scale, shift } : undefined;
}

/**
 * The job's one step (no-ops aside) when the source is an upright YCbCr or
 * gray JPEG written as JPEG, which the planar paths below need: their
 * planes are the source's, with no colour conversion and no reorientation.
 */
function loneStepOnUprightJpeg(input: PlanInput): Operation | undefined {
  if (!input.jpeg?.hasLumaPlane || input.outputFormat !== 'jpeg') return undefined;
  if (!isUpright(fromExif(input.exifOrientation))) return undefined;
  const steps = input.operations.filter((op) => op.type !== 'no-op');
  return steps.length === 1 ? steps[0] : undefined;
}

/**
 * A lone sharpen: it adds the same delta to R, G and B, so it changes Y
 * alone and leaves Cb and Cr as they were, up to clamping at saturated
 * colours (ops/sharpen.ts). A longer list would need every step to be
 * luma-only as well; no other step is, so that is not attempted.
 */
function planLuma(input: PlanInput): Plan | undefined {
  const op = loneStepOnUprightJpeg(input);
  if (op?.type !== 'sharpen' || !input.jpeg!.lumaAtFullSize) return undefined;
  return { kind: 'jpeg-luma', sigma: op.sigma, amount: op.amount };
}

/**
 * A lone blur: linear and per channel, so blurring Y, Cb and Cr is blurring
 * R, G and B (up to rounding). Each plane is blurred at its own resolution
 * with sigma scaled by its sampling, so only where that scale is the same
 * along both axes (4:4:4, 4:2:0, gray; not 4:2:2 or 4:4:0), as the blur
 * takes one sigma.
 */
function planBlur(input: PlanInput): Plan | undefined {
  const op = loneStepOnUprightJpeg(input);
  if (op?.type !== 'blur' || !input.jpeg!.squareSampling) return undefined;
  return { kind: 'jpeg-blur', sigma: op.sigma };
}

/**
 * A lone threshold or black-and-white: both read luma alone and write gray,
 * so the luma plane is all there is to decode, filter and encode.
 */
function planMono(input: PlanInput): Plan | undefined {
  const op = loneStepOnUprightJpeg(input);
  if ((op?.type !== 'threshold' && op?.type !== 'black-and-white') || !input.jpeg!.lumaAtFullSize) return undefined;
  return { kind: 'jpeg-mono', step: op };
}

/** The planar shrink reads the 2x2 lowest frequencies only: exact enough once a span covers half a block. */
const SHRINK_MIN_RATIO = 4;

/**
 * One thumbnail, or area resize inside a box, to between a quarter and an
 * eighth of the size, with any rotations and mirrors around it (they commute
 * with the area mean, so they apply to the shrunk samples): averaged from
 * the coefficients plane by plane (see planar/shrink.ts), with every plane
 * sampled alike along both axes so each shrinks by the same ratio.
 */
function planShrink(input: PlanInput): Plan | undefined {
  if (!input.jpeg?.squareSampling) return undefined;
  const found = oneStepAmongTurns(input, (op) => op.type === 'thumbnail' || (op.type === 'resize' && op.filter === 'area' && op.fit === 'inside'));
  if (!found) return undefined;
  const { step, width, height } = found;
  const target = step.type === 'thumbnail' ? fitInside(width, height, step.size, step.size) : step.type === 'resize' ? fitInside(width, height, step.width_px, step.height_px) : undefined;
  if (!target || width < target.width * SHRINK_MIN_RATIO || height < target.height * SHRINK_MIN_RATIO) return undefined;
  // From 8:1 on, the 1/8 decode stores one DC per block and the pixels left are few:
  // measured cheaper (12 MP -> 320: ~0.7 s against ~1.1 s), and far less memory.
  if (scaleFor(width, height, target) === 8) return undefined;
  return { kind: 'jpeg-shrink', ...storedSize(target, found.atStep), orientation: found.orientation };
}

/**
 * The job's one step that `accepts` takes, among rotations, mirrors and
 * no-ops, on a YCbCr or gray JPEG written as JPEG: with the image's size as
 * the step sees it (EXIF orientation and the turns before it applied: its
 * box is for that view), the orientation then, and the whole turn at the
 * end. Undefined for any other step, a second one, or none.
 */
function oneStepAmongTurns(
  input: PlanInput, accepts: (op: Operation) => boolean,
): { step: Operation; width: number; height: number; atStep: Orientation; orientation: Orientation } | undefined {
  if (!input.jpeg?.hasLumaPlane || input.outputFormat !== 'jpeg') return undefined;
  let orientation = fromExif(input.exifOrientation);
  let step: Operation | undefined;
  let atStep = orientation;
  for (const op of input.operations) {
    const turn = geometry(op);
    if (turn) orientation = compose(orientation, turn);
    else if (op.type === 'no-op') continue;
    else if (step || !accepts(op)) return undefined;
    else [step, atStep] = [op, orientation];
  }
  if (!step) return undefined;
  const [width, height] = atStep.transpose ? [input.height, input.width] : [input.width, input.height];
  return { step, width, height, atStep, orientation };
}

/** A size seen at a step turned by `atStep`, in the stored frame's orientation (where the planar paths work, before any turn). */
function storedSize(size: { width: number; height: number }, atStep: Orientation): { width: number; height: number } {
  return atStep.transpose ? { width: size.height, height: size.width } : size;
}

/**
 * One resize that keeps to the box's size (fit inside or fill, or one side
 * given) or thumbnail, with any rotations and mirrors around it (and EXIF
 * orientation): resampling is linear and per channel, so resizing Y, Cb and
 * Cr is resizing R, G and B (up to rounding and where a lanczos overshoot
 * clips), and it commutes with turns, which apply to the resized planes.
 * Only to more than half the size: from there the pixels path decodes at
 * 1/2, 1/4 or 1/8 scale, which costs less than a full IDCT.
 */
function planResize(input: PlanInput): Plan | undefined {
  const found = oneStepAmongTurns(input, (op) => op.type === 'thumbnail' || op.type === 'resize');
  if (!found) return undefined;
  const { step, width, height } = found;
  let target: { width: number; height: number };
  let filter: ResizeFilter;
  if (step.type === 'thumbnail' && Math.max(width, height) > step.size) {
    [target, filter] = [fitInside(width, height, step.size, step.size), THUMBNAIL_FILTER];
  } else if (step.type === 'resize' && (step.fit === 'inside' || step.fit === 'fill' || step.width_px === undefined || step.height_px === undefined)) {
    const request = { width: step.width_px, height: step.height_px, fit: step.fit as Fit, filter: step.filter, background: step.background };
    [target, filter] = [resizeTarget({ width, height }, request), step.filter];
  } else {
    return undefined;
  }
  if (scaleFor(width, height, target) > 1) return undefined;
  return { kind: 'jpeg-resize', ...storedSize(target, found.atStep), filter, orientation: found.orientation };
}

/** Largest decode scale that still leaves at least `target` pixels along both axes. */
function scaleFor(width: number, height: number, target: { width: number; height: number }): DecodeScale {
  for (const scale of [8, 4, 2] as const) {
    if (Math.ceil(width / scale) >= target.width && Math.ceil(height / scale) >= target.height) return scale;
  }
  return 1;
}

/**
 * Picks a decode scale from the first downscale, if only scale-blind steps
 * precede it, and rewrites that step with its full-resolution output size
 * so the result has exactly the size the full decode would give.
 */
function planScale(input: PlanInput, operations: Operation[]): DecodeScale {
  if (input.sourceFormat !== 'jpeg') return 1;
  const o = fromExif(input.exifOrientation);
  let width = o.transpose ? input.height : input.width;
  let height = o.transpose ? input.width : input.height;
  for (let i = 0; i < operations.length; i++) {
    const op = operations[i];
    if (op.type === 'rotate' && op.degrees !== 180) [width, height] = [height, width];
    if (SCALE_BLIND.has(op.type)) continue;
    if (op.type === 'thumbnail') {
      if (Math.max(width, height) <= op.size) return 1;
      const target = fitInside(width, height, op.size, op.size);
      const scale = scaleFor(width, height, target);
      operations[i] = fillTo(target, THUMBNAIL_FILTER);
      return scale;
    }
    if (op.type === 'resize') {
      const request = { width: op.width_px, height: op.height_px, fit: op.fit as Fit, filter: op.filter, background: op.background };
      const scale = scaleFor(width, height, resizePeak({ width, height }, request));
      const keepsAspect = op.fit === 'inside' || op.width_px === undefined || op.height_px === undefined;
      if (scale > 1 && keepsAspect) operations[i] = fillTo(fitInside(width, height, op.width_px, op.height_px), op.filter);
      return scale;
    }
    return 1;
  }
  return 1;
}

/**
 * When the job starts with a crop (after nothing but grayscale, which the
 * decoder does, and no-ops) of an upright JPEG: the MCUs to decode, and the
 * crop rewritten relative to them.
 */
function planRegion(input: PlanInput, operations: Operation[]): McuRegion | undefined {
  const first = operations.findIndex((op) => op.type !== 'no-op' && op.type !== 'grayscale');
  const crop = operations[first];
  if (crop?.type !== 'crop') return undefined;
  const covering = coveringMcus(input, crop);
  if (!covering) return undefined;
  operations[first] = { ...crop, x: crop.x - covering.x, y: crop.y - covering.y };
  return covering.region;
}

function fillTo(size: { width: number; height: number }, filter: ResizeFilter): Operation {
  return { type: 'resize', width_px: size.width, height_px: size.height, fit: 'fill', filter, background: { r: 0, g: 0, b: 0, a: 0 } };
}

function planPixels(input: PlanInput): Plan {
  const operations = [...input.operations];
  let lumaOnly = false;
  // JPEG: the luma plane, for any step that reads luma alone. PNG: the decoder's
  // exact grayscale, for the steps whose result on it is identical (threshold's
  // cut of the rounded luma is; black-and-white's finer luma is not), after
  // steps that only move pixels.
  const png = input.sourceFormat === 'png';
  if ((input.jpeg?.hasLumaPlane && !input.jpeg.gray) || png) {
    const first = operations.findIndex((op) => !(png ? PIXEL_MOVERS : COLOR_BLIND).has(op.type));
    if (first >= 0 && (png ? EXACT_ON_GRAY : GRAY_MAKERS).has(operations[first].type)) {
      lumaOnly = true;
      // The decoder already produces the luma; running grayscale on it would change nothing.
      // (Replaced, not removed, so error messages keep the job's operation indexes.)
      if (operations[first].type === 'grayscale') operations[first] = { type: 'no-op' };
    }
  }
  const decodeRegion = planRegion(input, operations);
  const scale = planScale(input, operations);
  let gray = lumaOnly || input.jpeg?.gray === true;
  for (const op of operations) {
    if (GRAY_MAKERS.has(op.type)) gray = true;
    else if (op.type === 'resize' && op.fit === 'contain' && !isGrayColor(op.background)) gray = false;
  }
  const grayOutput = gray && (input.outputFormat === 'png' || isGrayColor(input.background));
  return { kind: 'pixels', lumaOnly, scale, operations, grayOutput, ...(decodeRegion && { decodeRegion }) };
}

export function planJob(input: PlanInput): Plan {
  return planLossless(input) ?? planLuma(input) ?? planBlur(input) ?? planMono(input) ?? planShrink(input) ?? planResize(input) ?? planPixels(input);
}
