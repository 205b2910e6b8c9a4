import { describe, expect, it } from 'vitest';
import { ImageError } from '../../src/imaging/errors.js';
import { encodeJpeg } from '../../src/imaging/jpeg/encode.js';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { coefficientsToImage } from '../../src/imaging/jpeg/to-pixels.js';
import { keepLuma } from '../../src/imaging/jpeg/transform.js';
import { blackAndWhite, threshold } from '../../src/imaging/ops/adjust.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { corpusFile } from '../helpers.js';
import { sampling } from '../planar-paths.js';

// The JPEG threshold / black-and-white path (plan `jpeg-mono`,
// planar/monochrome.ts) works on the luma plane alone; it must write exactly
// what the pixels path writes from its luma-only decode.

const MAX = 1e9;

/** The pixels path by hand: luma-only decode, the operation on RGBA, gray encode. */
function pixelsPath(source: Uint8Array, op: 'threshold' | 'black-and-white', quality: number): Uint8Array {
  const image = coefficientsToImage(keepLuma(readJpegCoefficients(source, MAX)));
  return encodeJpeg(op === 'threshold' ? threshold(image, 128) : blackAndWhite(image), quality, { grayscale: true });
}

describe('threshold and black-and-white on the luma plane', () => {
  for (const file of [
    'jpeg_baseline_420_1920x1080.jpg', 'jpeg_progressive_1920x1080.jpg', 'jpeg_grayscale_800x600.jpg',
    'jpeg_444_641x427.jpg', 'jpeg_422_799x533.jpg', 'jpeg_tiny_7x5.jpg', 'jpeg_tiny_1x1.jpg',
  ]) {
    it(`${file}: byte for byte the pixels path's gray JPEG`, async () => {
      const source = corpusFile(file);
      for (const op of ['threshold', 'black-and-white'] as const) {
        for (const quality of [undefined, 60]) {
          const operations = [op === 'threshold' ? { type: op, level: 128 } : { type: op }];
          const fast = (await runPipeline(source, { operations, quality })).bytes;
          expect(sampling(fast)).toEqual(['1x1']);
          expect(Buffer.from(fast).equals(Buffer.from(pixelsPath(source, op, quality ?? 85))), `${op} q${quality}`).toBe(true);
        }
      }
    }, 60_000);
  }

  it('fails a truncated file with the decoder\'s reason, and leaves PNG output and turned sources to the pixels path', async () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    await expect(runPipeline(source.subarray(0, source.length >> 1), { operations: [{ type: 'black-and-white' }] }))
      .rejects.toThrow(new ImageError('JPEG is truncated'));
    const png = await runPipeline(source, { operations: [{ type: 'threshold', level: 100 }], format: 'png' });
    expect(png.format).toBe('png');
    const turned = await runPipeline(corpusFile('jpeg_exif_orientation6_1080x1920.jpg'), { operations: [{ type: 'black-and-white' }] });
    expect([turned.width, turned.height, ...sampling(turned.bytes)]).toEqual([1920, 1080, '1x1']);
  }, 60_000);
});
