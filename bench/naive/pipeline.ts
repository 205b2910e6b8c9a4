// The benchmark's baseline: the same job contract and operations as the
// product, with the codecs a first version would pick off the shelf (jpeg-js
// for JPEG, fast-png with fflate's JS zlib for PNG) and no planner: always
// decode everything, run each operation on full-size RGBA, encode. The bench
// builds the worker with this module in place of src/imaging/pipeline.ts.
import { decode as decodePngJs, encode as encodePngJs } from 'fast-png';
import jpeg from 'jpeg-js';
import { WHITE } from '../../src/imaging/color.js';
import { decodeBmp } from '../../src/imaging/bmp/decode.js';
import { detectFormat, type ImageFormat } from '../../src/imaging/format.js';
import { decodeGif } from '../../src/imaging/gif/decode.js';
import type { RgbaImage } from '../../src/imaging/image.js';
import { readJpegHeader } from '../../src/imaging/jpeg/header.js';
import { DEFAULT_LIMITS } from '../../src/imaging/limits.js';
import { applyOperations } from '../../src/imaging/ops/apply.js';
import { flatten } from '../../src/imaging/ops/flatten.js';
import { applyOrientation } from '../../src/imaging/ops/geometry.js';
import type { PipelineResult, PipelineSpec } from '../../src/imaging/pipeline.js';

export type { PipelineResult, PipelineSpec };

function toRgba(png: ReturnType<typeof decodePngJs>): RgbaImage {
  const { width, height, channels, data } = png;
  if (channels === 4 && data instanceof Uint8Array) return { width, height, data };
  const out = new Uint8Array(width * height * 4);
  const shift = data instanceof Uint16Array ? 8 : 0;
  for (let p = 0, s = 0; p < width * height; p++, s += channels) {
    const gray = channels < 3;
    out[p * 4] = data[s] >> shift;
    out[p * 4 + 1] = data[gray ? s : s + 1] >> shift;
    out[p * 4 + 2] = data[gray ? s : s + 2] >> shift;
    out[p * 4 + 3] = channels === 2 || channels === 4 ? data[s + channels - 1] >> shift : 255;
  }
  return { width, height, data: out };
}

function decode(bytes: Uint8Array): { image: RgbaImage; format: ImageFormat | 'gif' | 'bmp'; orientation: number } {
  const format = detectFormat(bytes);
  switch (format) {
    case 'jpeg': {
      const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 100, maxMemoryUsageInMB: 2048 });
      return { image: { width: decoded.width, height: decoded.height, data: decoded.data as Uint8Array }, format, orientation: readJpegHeader(bytes).orientation };
    }
    case 'png': return { image: toRgba(decodePngJs(bytes)), format, orientation: 1 };
    case 'gif': return { image: decodeGif(bytes), format, orientation: 1 };
    case 'bmp': return { image: decodeBmp(bytes), format, orientation: 1 };
  }
}

export async function runPipeline(source: Uint8Array, spec: PipelineSpec): Promise<PipelineResult> {
  const limits = spec.limits ?? DEFAULT_LIMITS;
  const decoded = decode(source);
  let image = applyOrientation(decoded.image, decoded.orientation);
  image = applyOperations(image, spec.operations, limits);
  const format: ImageFormat = spec.format ?? (decoded.format === 'jpeg' ? 'jpeg' : 'png');
  const bytes =
    format === 'jpeg'
      ? jpeg.encode({ width: image.width, height: image.height, data: flatten(image, spec.background ?? WHITE).data }, spec.quality ?? 85).data
      : encodePngJs({ width: image.width, height: image.height, data: image.data, channels: 4, depth: 8 });
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), format, width: image.width, height: image.height };
}
