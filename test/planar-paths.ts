import { expect } from 'vitest';
import type { RgbaImage } from '../src/imaging/image.js';
import { decodeJpeg } from '../src/imaging/jpeg/decode.js';
import { encodeJpeg } from '../src/imaging/jpeg/encode.js';
import { readJpegCoefficients } from '../src/imaging/jpeg/entropy-decode.js';
import { readJpegMarkers } from '../src/imaging/jpeg/markers.js';
import { coefficientsToImage } from '../src/imaging/jpeg/to-pixels.js';
import type { Operation } from '../src/imaging/operations.js';
import { runPipeline } from '../src/imaging/pipeline.js';
import { decodePng } from '../src/imaging/png/decode.js';
import { corpusFile, psnr } from './helpers.js';

// Checks shared by the tests of the JPEG planar paths (planar/sharpen.ts, planar/blur.ts).

const MAX = 1e9;

/** Each plane's sampling factors, as `hxv`. */
export const sampling = (bytes: Uint8Array) => readJpegMarkers(bytes).components.map((c) => `${c.h}x${c.v}`);

/**
 * On the tiny corpus files the path keeps the size, calls `checkpoint` at
 * least `checkpoints` times, and comes over `floor` dB from `general`'s JPEG.
 */
export async function expectTinyLikeGeneral(
  operations: Operation[], general: (source: Uint8Array) => Uint8Array, checkpoints: number, floor: number,
): Promise<void> {
  for (const file of ['jpeg_tiny_1x1.jpg', 'jpeg_tiny_7x5.jpg']) {
    const source = corpusFile(file);
    let calls = 0;
    const fast = await runPipeline(source, { operations, checkpoint: () => calls++ });
    expect([fast.width, fast.height]).toEqual([decodeJpeg(source, MAX).width, decodeJpeg(source, MAX).height]);
    expect(calls, file).toBeGreaterThanOrEqual(checkpoints);
    expect(psnr(decodeJpeg(fast.bytes, MAX).data, decodeJpeg(general(source), MAX).data), file).toBeGreaterThan(floor);
  }
}

/**
 * The general path's fallbacks every planar path shares: PNG output is
 * exactly the decode with `apply` on it (no JPEG step at all); an EXIF
 * orientation 6 source comes out upright; CMYK (no luma plane) is written
 * as the encoder writes, YCbCr 4:2:0.
 */
export async function expectCommonFallbacks(operations: Operation[], apply: (image: RgbaImage) => RgbaImage): Promise<void> {
  const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
  const png = await runPipeline(source, { operations, format: 'png' });
  expect(png.format).toBe('png');
  const expected = apply(coefficientsToImage(readJpegCoefficients(source, MAX))).data;
  expect(Buffer.from((await decodePng(png.bytes)).data).equals(Buffer.from(expected))).toBe(true);
  const turned = await runPipeline(corpusFile('jpeg_exif_orientation6_1080x1920.jpg'), { operations });
  expect([turned.width, turned.height]).toEqual([1920, 1080]);
  const cmyk = await runPipeline(corpusFile('jpeg_cmyk_adobe_640x504.jpg'), { operations });
  expect(sampling(cmyk.bytes)).toEqual(['2x2', '1x1', '1x1']);
}

/**
 * The general path by hand: full decode, `apply`, encode at 85 (4:2:0, or
 * luma only for a gray source); also the image before encoding.
 */
export function generalPath(source: Uint8Array, apply: (image: RgbaImage) => RgbaImage, gray = false): { bytes: Uint8Array; filtered: Uint8Array } {
  const image = apply(decodeJpeg(source, MAX));
  return { bytes: encodeJpeg(image, 85, { grayscale: gray }), filtered: image.data };
}
