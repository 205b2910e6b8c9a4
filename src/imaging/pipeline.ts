import { ImageError } from './errors.js';
import { detectFormat, type ImageFormat } from './format.js';
import type { RgbaImage } from './image.js';
import { decodeJpeg } from './jpeg/decode.js';
import { DEFAULT_JPEG_QUALITY, encodeJpeg } from './jpeg/encode.js';
import { readJpegHeader } from './jpeg/header.js';
import { checkInputSize, checkOutputSize, DEFAULT_LIMITS, type ImageLimits } from './limits.js';
import type { Operation } from './operations.js';
import { flatten, WHITE, type Rgb } from './ops/flatten.js';
import { grayscale } from './ops/grayscale.js';
import { fitInside, resize } from './ops/resize.js';
import { decodePng } from './png/decode.js';
import { encodePng } from './png/encode.js';
import { readPngHeader } from './png/header.js';

/** A whole job for the imaging library, described as data. */
export interface PipelineSpec {
  readonly operations: readonly Operation[];
  /** Output format; the source's format when absent. */
  readonly format?: ImageFormat;
  readonly quality?: number;
  /** Colour that transparent pixels are composited onto when writing JPEG. */
  readonly background?: Rgb;
  readonly limits?: ImageLimits;
}

export interface PipelineResult {
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

function readHeader(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } {
  return format === 'jpeg' ? readJpegHeader(bytes) : readPngHeader(bytes);
}

async function decode(bytes: Uint8Array, format: ImageFormat, limits: ImageLimits): Promise<RgbaImage> {
  return format === 'jpeg' ? decodeJpeg(bytes, limits.maxInputPixels) : decodePng(bytes);
}

function apply(image: RgbaImage, operation: Operation, limits: ImageLimits): RgbaImage {
  switch (operation.type) {
    case 'no-op':
      return image;
    case 'grayscale':
      return grayscale(image);
    case 'resize': {
      const size = fitInside(image.width, image.height, operation.width_px, operation.height_px);
      checkOutputSize(size.width, size.height, limits);
      return resize(image, size.width, size.height);
    }
  }
}

/** Decodes, applies the operations in order and encodes: the whole job on bytes. */
export async function runPipeline(source: Uint8Array, spec: PipelineSpec): Promise<PipelineResult> {
  const limits = spec.limits ?? DEFAULT_LIMITS;
  const sourceFormat = detectFormat(source);
  const header = readHeader(source, sourceFormat);
  checkInputSize(header.width, header.height, limits);
  let image = await decode(source, sourceFormat, limits);
  for (let i = 0; i < spec.operations.length; i++) {
    try {
      image = apply(image, spec.operations[i], limits);
    } catch (error) {
      if (error instanceof ImageError) throw new ImageError(`operation ${i} (${spec.operations[i].type}): ${error.message}`);
      throw error;
    }
  }
  const format = spec.format ?? sourceFormat;
  const bytes =
    format === 'jpeg'
      ? encodeJpeg(flatten(image, spec.background ?? WHITE), spec.quality ?? DEFAULT_JPEG_QUALITY)
      : await encodePng(image);
  return { bytes, format, width: image.width, height: image.height };
}
