import { WHITE, type Color } from './color.js';
import { readBmpHeader, decodeBmp } from './bmp/decode.js';
import { detectFormat, type ImageFormat, type SourceFormat } from './format.js';
import { decodeGif, readGifHeader } from './gif/decode.js';
import type { RgbaImage } from './image.js';
import type { JpegCoefficients, JpegFrame } from './jpeg/coefficients.js';
import { cropCoefficients } from './jpeg/crop.js';
import { canInvertCoefficients, invertCoefficients } from './jpeg/invert.js';
import { coefficientsKept, decodeScans, jpegFrame } from './jpeg/entropy-decode.js';
import { readJpegMarkers } from './jpeg/markers.js';
import { writeJpeg } from './jpeg/entropy-encode.js';
import { coefficientsToImage, mapsChannels } from './jpeg/to-pixels.js';
import { hasLumaPlane, keepLuma, transformCoefficients, transformFidelity } from './jpeg/transform.js';
import { blurJpegPlanes } from './planar/blur.js';
import { sharpenJpegLuma } from './planar/sharpen.js';
import { resizeJpegPlanes } from './planar/resize.js';
import { shrinkJpegPlanes } from './planar/shrink.js';
import { monochromeJpeg } from './planar/monochrome.js';
import { planJob, type PlanInput } from './plan.js';
import { DEFAULT_JPEG_QUALITY, encodeJpeg } from './jpeg/encode.js';
import { readJpegHeader } from './jpeg/header.js';
import { quantTablesForQuality } from './jpeg/quant-tables.js';
import { requantize, requantizeAffine } from './jpeg/requantize.js';
import { checkInputSize, checkOutputSize, DEFAULT_LIMITS, type ImageLimits } from './limits.js';
import type { Operation } from './operations.js';
import { channelTableOf } from './ops/adjust.js';
import { applyOperations } from './ops/apply.js';
import { flatten } from './ops/flatten.js';
import { applyOrientation } from './ops/geometry.js';
import { decodePng } from './png/decode.js';
import { encodePng } from './png/encode.js';
import { readPngHeader } from './png/header.js';

/** A whole job for the imaging library, described as data. */
export interface PipelineSpec {
  readonly operations: readonly Operation[];
  /** Output format; when absent the source's (JPEG stays JPEG, the rest becomes PNG). */
  readonly format?: ImageFormat;
  /** JPEG quality 1-100. Absent: the source's quantization on the DCT-domain path, else 85. */
  readonly quality?: number;
  /** Colour that transparent pixels are composited onto when writing JPEG (default white). */
  readonly background?: Color;
  readonly limits?: ImageLimits;
  /**
   * Called between the long steps (decode, each operation, encode): the
   * worker renews its task lease here, since one job can outlast a lease.
   */
  readonly checkpoint?: () => void;
}

export interface PipelineResult {
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

interface SourceHeader {
  width: number;
  height: number;
  orientation: number;
}

function readHeader(bytes: Uint8Array, format: SourceFormat): SourceHeader {
  switch (format) {
    case 'jpeg': return readJpegHeader(bytes);
    case 'png': return { ...readPngHeader(bytes), orientation: 1 };
    case 'gif': return { ...readGifHeader(bytes), orientation: 1 };
    case 'bmp': return { ...readBmpHeader(bytes), orientation: 1 };
  }
}

async function decodeOther(bytes: Uint8Array, format: Exclude<SourceFormat, 'jpeg'>, limits: ImageLimits, gray: boolean): Promise<RgbaImage> {
  switch (format) {
    case 'png': return decodePng(bytes, { gray, limits });
    case 'gif': return decodeGif(bytes, limits);
    case 'bmp': return decodeBmp(bytes, limits);
  }
}

function jpegCapabilities(c: JpegFrame): PlanInput['jpeg'] {
  return {
    gray: c.colorSpace === 'gray',
    hasLumaPlane: hasLumaPlane(c),
    maxH: c.maxH,
    maxV: c.maxV,
    lumaAtFullSize: c.planes[0].h === c.maxH && c.planes[0].v === c.maxV,
    canInvert: canInvertCoefficients(c.colorSpace),
    // h / maxH = v / maxV, without the division.
    squareSampling: c.planes.every((p) => p.h * c.maxV === p.v * c.maxH),
    canTransform: (orientation, lumaOnly) => transformFidelity(c, orientation, lumaOnly) !== 'unsupported',
  };
}

/**
 * Coefficients quantized with a quality's tables (luma's for the first
 * plane, chroma's for the rest; absent: each plane's own) in the DCT
 * domain, after the map v -> scale * v + shift of R, G and B if given (in
 * YCbCr: Y -> scale * Y + shift, chroma scaled about 128): what decoding,
 * mapping and encoding at that quality gives, up to the sample rounding
 * this skips.
 */
function requantizeTo(c: JpegCoefficients, quality?: number, affine = { scale: 1, shift: 0 }): JpegCoefficients {
  const tables = quality === undefined ? undefined : quantTablesForQuality(quality);
  const { scale, shift } = affine;
  return {
    ...c,
    planes: c.planes.map((p, i) => {
      const table = tables ? (i === 0 ? tables.luminance : tables.chrominance) : p.quantTable;
      // requantizeAffine maps s -> 128 + scale * (s - 128) + sampleShift.
      const sampleShift = i === 0 ? 128 * scale + shift - 128 : 0;
      return scale === 1 && sampleShift === 0 ? requantize(p, table) : requantizeAffine(p, table, scale, sampleShift);
    }),
  };
}

/**
 * The job's leading per-channel steps (brightness, contrast, invert; no-ops
 * between them aside) as one table, the composition of theirs, and the
 * operations with them replaced by no-ops (so error messages keep the job's
 * indexes). Undefined when the job does not start with one.
 */
function foldChannelMaps(operations: readonly Operation[]): { table: Uint8Array; operations: Operation[] } | undefined {
  let table: Uint8Array | undefined;
  const rest = [...operations];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i].type === 'no-op') continue;
    const step = channelTableOf(rest[i]);
    if (!step) break;
    table = table ? table.map((v) => step[v]) : step;
    rest[i] = { type: 'no-op' };
  }
  return table && { table, operations: rest };
}

/** The result of a path that ends in coefficients: written as they are. */
function writtenJpeg(c: JpegCoefficients): PipelineResult {
  return { bytes: writeJpeg(c), format: 'jpeg', width: c.width, height: c.height };
}

/**
 * Decodes, makes the image upright (EXIF orientation), applies the operations
 * in order and encodes, by the cheapest exact path the planner finds (see
 * plan.ts). The EXIF block is not carried over, so viewers do not rotate the
 * already-upright output a second time.
 */
export async function runPipeline(source: Uint8Array, spec: PipelineSpec): Promise<PipelineResult> {
  const limits = spec.limits ?? DEFAULT_LIMITS;
  const sourceFormat = detectFormat(source);
  const header = readHeader(source, sourceFormat);
  checkInputSize(header.width, header.height, limits);
  // GIF and BMP sources are written as PNG unless another format is asked for.
  const format: ImageFormat = spec.format ?? (sourceFormat === 'jpeg' ? 'jpeg' : 'png');
  const background = spec.background ?? WHITE;
  const checkpoint = spec.checkpoint ?? (() => {});
  const markers = sourceFormat === 'jpeg' ? readJpegMarkers(source) : undefined;
  const plan = planJob({
    sourceFormat, width: header.width, height: header.height, exifOrientation: header.orientation,
    operations: spec.operations, outputFormat: format, quality: spec.quality, background,
    jpeg: markers && jpegCapabilities(jpegFrame(markers)),
  });
  // Planned before the scans are decoded, so a scaled decode can skip what it will not read.
  const coefficients = markers && decodeScans(
    source, markers, limits.maxInputPixels,
    plan.kind === 'pixels' ? coefficientsKept(plan.scale) : 64, plan.kind === 'jpeg-shrink',
  );
  checkpoint();

  if (plan.kind === 'jpeg-lossless') {
    // A crop's last MCUs may reach past its edges: the frame says its exact size, the rest is padding.
    const { crop } = plan;
    const kept = crop ? { ...cropCoefficients(coefficients!, crop.region), width: crop.width, height: crop.height } : coefficients!;
    const moved = transformCoefficients(plan.lumaOnly ? keepLuma(kept) : kept, plan.orientation);
    checkOutputSize(moved.width, moved.height, limits);
    const done = plan.invert ? invertCoefficients(moved) : moved;
    return writtenJpeg(plan.quality === undefined && !plan.affine ? done : requantizeTo(done, plan.quality, plan.affine));
  }

  if (plan.kind === 'jpeg-luma' || plan.kind === 'jpeg-blur') {
    // Checked before the planes are filtered: their size is the source's.
    checkOutputSize(coefficients!.width, coefficients!.height, limits);
    const quality = spec.quality ?? DEFAULT_JPEG_QUALITY;
    return writtenJpeg(plan.kind === 'jpeg-luma'
      ? sharpenJpegLuma(coefficients!, plan.sigma, plan.amount, quality, checkpoint)
      : blurJpegPlanes(coefficients!, plan.sigma, quality, checkpoint));
  }

  if (plan.kind === 'jpeg-mono') {
    checkOutputSize(coefficients!.width, coefficients!.height, limits);
    return writtenJpeg(monochromeJpeg(coefficients!, plan.step, spec.quality ?? DEFAULT_JPEG_QUALITY, checkpoint));
  }

  if (plan.kind === 'jpeg-shrink') {
    checkOutputSize(plan.width, plan.height, limits);
    return writtenJpeg(shrinkJpegPlanes(
      coefficients!, plan.width, plan.height, plan.orientation, spec.quality ?? DEFAULT_JPEG_QUALITY, checkpoint,
    ));
  }

  if (plan.kind === 'jpeg-resize') {
    checkOutputSize(plan.width, plan.height, limits);
    return writtenJpeg(resizeJpegPlanes(
      coefficients!, plan.width, plan.height, plan.filter, plan.orientation, spec.quality ?? DEFAULT_JPEG_QUALITY, checkpoint,
    ));
  }

  const cropped = coefficients && plan.decodeRegion ? cropCoefficients(coefficients, plan.decodeRegion) : coefficients;
  const decoded = cropped && plan.lumaOnly ? keepLuma(cropped) : cropped;
  // Leading per-channel steps ride in the colour conversion's tables.
  const folded = decoded && mapsChannels(decoded) ? foldChannelMaps(plan.operations) : undefined;
  let image = decoded
    ? coefficientsToImage(decoded, plan.scale, folded?.table)
    : await decodeOther(source, sourceFormat as Exclude<SourceFormat, 'jpeg'>, limits, plan.lumaOnly);
  checkpoint();
  image = applyOrientation(image, header.orientation);
  image = applyOperations(image, folded?.operations ?? plan.operations, limits, spec.operations, checkpoint);
  checkOutputSize(image.width, image.height, limits);
  const bytes =
    format === 'jpeg'
      ? encodeJpeg(flatten(image, background), spec.quality ?? DEFAULT_JPEG_QUALITY, { grayscale: plan.grayOutput })
      // Unfiltered: the worker's latency targets outweigh the smaller file "up" gives (see PngEncodeOptions).
      : await encodePng(image, { gray: plan.grayOutput, filter: 'none' });
  return { bytes, format, width: image.width, height: image.height };
}
