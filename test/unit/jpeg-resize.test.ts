import { describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../src/imaging/jpeg/decode.js';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { quantTablesForQuality } from '../../src/imaging/jpeg/quant-tables.js';
import { OperationSchema, type Operation } from '../../src/imaging/operations.js';
import { applyOperations } from '../../src/imaging/ops/apply.js';
import { DEFAULT_LIMITS } from '../../src/imaging/limits.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { decodePng } from '../../src/imaging/png/decode.js';
import { encodeJpeg } from '../../src/imaging/jpeg/encode.js';
import { corpusFile, psnr } from '../helpers.js';
import { generalPath, sampling } from '../planar-paths.js';

// The JPEG resize path (plan `jpeg-resize`, planar/resize.ts) resizes Y, Cb
// and Cr at their own resolutions; it must give what the general path
// (decode, RGB resize, encode) gives, up to the rounding it skips, clipping
// overshoot in YCbCr rather than RGB and, for subsampled chroma, resizing at
// its own resolution rather than upsampling, resizing and downsampling.

const MAX = 1e9;
const ops = (...list: unknown[]): Operation[] => list.map((op) => OperationSchema.parse(op));
const general = (source: Uint8Array, operations: Operation[], gray = false) =>
  generalPath(source, (image) => applyOperations(image, operations, DEFAULT_LIMITS, operations, () => {}), gray);

describe('JPEG resize on the sample planes', () => {
  // Floors 2 dB under what was measured (46.1, 47.4, 47.9, 54.1, 39.0, 38.3, 45.9 dB); 4:4:4 and 4:2:2
  // are lower because the general path writes 4:2:0.
  for (const [file, operations, size, floor] of [
    ['jpeg_baseline_420_1920x1080.jpg', ops({ type: 'resize', width_px: 1280 }), [1280, 720], 44],
    ['jpeg_progressive_1920x1080.jpg', ops({ type: 'resize', width_px: 1000, height_px: 1000, fit: 'fill', filter: 'bilinear' }), [1000, 1000], 45],
    ['jpeg_restart_markers_1920x1080.jpg', ops({ type: 'thumbnail', size: 1500 }), [1500, 844], 45],
    ['jpeg_12mp_4000x3000.jpg', ops({ type: 'resize', height_px: 2001, filter: 'area' }), [2668, 2001], 52],
    ['jpeg_422_799x533.jpg', ops({ type: 'resize', width_px: 601, height_px: 300, fit: 'fill', filter: 'nearest' }), [601, 300], 37],
    ['jpeg_444_641x427.jpg', ops({ type: 'resize', width_px: 1000 }), [1000, 666], 36],
    ['jpeg_grayscale_800x600.jpg', ops({ type: 'resize', width_px: 799 }), [799, 599], 43],
  ] as const) {
    it(`${file}, ${JSON.stringify(operations[0])}: over ${floor} dB from decode -> resize -> encode, as close to the resized decode, same sampling`, async () => {
      const source = corpusFile(file);
      const fast = await runPipeline(source, { operations });
      expect([fast.width, fast.height]).toEqual(size);
      expect(sampling(fast.bytes)).toEqual(sampling(source));
      const slow = general(source, operations, file.includes('grayscale'));
      const a = decodeJpeg(fast.bytes, MAX), b = decodeJpeg(slow.bytes, MAX);
      expect([a.width, a.height]).toEqual(size);
      expect(psnr(a.data, b.data)).toBeGreaterThan(floor);
      // Against the resized decode before any encoding: no worse than the general path's own output.
      expect(psnr(a.data, slow.filtered)).toBeGreaterThan(psnr(b.data, slow.filtered) - 0.1);
    }, 60_000);
  }

  it('writes the output quality\'s tables: luma\'s for Y, chroma\'s for Cb and Cr', async () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    for (const quality of [85, 40]) {
      const output = readJpegCoefficients((await runPipeline(source, { operations: ops({ type: 'resize', width_px: 1500 }), quality })).bytes, MAX);
      const tables = quantTablesForQuality(quality);
      expect([...output.planes[0].quantTable]).toEqual([...tables.luminance]);
      for (const k of [1, 2]) expect([...output.planes[k].quantTable], `plane ${k}`).toEqual([...tables.chrominance]);
    }
  }, 60_000);

  it('resizes tiny images, enlarging too, and checkpoints between its steps', async () => {
    for (const [file, operations, size] of [
      ['jpeg_tiny_1x1.jpg', ops({ type: 'resize', width_px: 3, height_px: 2, fit: 'fill' }), [3, 2]],
      ['jpeg_tiny_7x5.jpg', ops({ type: 'resize', width_px: 5 }), [5, 4]],
      ['jpeg_tiny_7x5.jpg', ops({ type: 'resize', height_px: 40, filter: 'bilinear' }), [56, 40]],
    ] as const) {
      const source = corpusFile(file);
      let calls = 0;
      const fast = await runPipeline(source, { operations, checkpoint: () => calls++ });
      const decoded = decodeJpeg(fast.bytes, MAX);
      expect([fast.width, fast.height, decoded.width, decoded.height], file).toEqual([...size, ...size]);
      // One after the scans, two per plane.
      expect(calls, file).toBeGreaterThanOrEqual(1 + 2 * readJpegCoefficients(source, MAX).planes.length);
      expect(psnr(decoded.data, decodeJpeg(general(source, operations).bytes, MAX).data), file).toBeGreaterThan(35);
    }
  });

  it('turns the resized planes for EXIF orientation, rotations and mirrors, as the general path turns pixels', async () => {
    // Measured: 46.1 dB (orientation 6: 1080x1920 stored) and 47.0 (mirrored, resized, turned).
    for (const [file, operations, size] of [
      ['jpeg_exif_orientation6_1080x1920.jpg', ops({ type: 'resize', width_px: 1280 }), [1280, 720]],
      ['jpeg_baseline_420_1920x1080.jpg', ops({ type: 'flip', direction: 'horizontal' }, { type: 'resize', height_px: 1000 }, { type: 'rotate', degrees: 90 }), [1000, 1778]],
    ] as const) {
      const source = corpusFile(file);
      const fast = await runPipeline(source, { operations });
      expect([fast.width, fast.height]).toEqual(size);
      // The general path, with the EXIF orientation applied: the pipeline's pixels, as PNG, encoded at 85.
      const pixels = await decodePng((await runPipeline(source, { operations, format: 'png' })).bytes);
      const a = decodeJpeg(fast.bytes, MAX), b = decodeJpeg(encodeJpeg(pixels, 85), MAX);
      expect([a.width, a.height]).toEqual(size);
      expect(psnr(a.data, b.data), file).toBeGreaterThan(44);
    }
  }, 60_000);

  it('leaves PNG output, cover and two steps to the general path', async () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    const resize = ops({ type: 'resize', width_px: 1280 });
    const png = await runPipeline(source, { operations: resize, format: 'png' });
    expect([png.format, png.width, png.height]).toEqual(['png', 1280, 720]);
    for (const operations of [
      ops({ type: 'resize', width_px: 1000, height_px: 1000, fit: 'cover' }),
      ops({ type: 'resize', width_px: 1280 }, { type: 'invert' }),
    ]) {
      const out = await runPipeline(source, { operations });
      expect(Buffer.from(out.bytes).equals(Buffer.from(general(source, operations).bytes))).toBe(true);
    }
  }, 60_000);
});
