import { describe, expect, it } from 'vitest';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { decodeJpeg } from '../../src/imaging/jpeg/decode.js';
import { readJpegMarkers } from '../../src/imaging/jpeg/markers.js';
import { quantTablesForQuality } from '../../src/imaging/jpeg/quant-tables.js';
import { requantize } from '../../src/imaging/jpeg/requantize.js';
import { inverseTransform } from '../../src/imaging/jpeg/sample-plane.js';
import { sharpen, sharpenPlane } from '../../src/imaging/ops/sharpen.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { corpusFile, psnr } from '../helpers.js';
import { expectCommonFallbacks, expectTinyLikeGeneral, generalPath } from '../planar-paths.js';

// The JPEG sharpen path (plan `jpeg-luma`, planar/sharpen.ts) works on the luma
// plane and requantizes chroma in the DCT domain; it must give what the
// general path (decode, sharpen, encode) gives, up to the rounding it skips.

const bytesOf = (a: Int16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const SHARPEN = [{ type: 'sharpen' as const, sigma: 1, amount: 1 }];
const MAX = 1e9;

/** PSNR of two sample planes over their `width` x `height` area. */
function planePsnr(a: Uint8Array, b: Uint8Array, stride: number, width: number, height: number): number {
  let sum = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) sum += (a[y * stride + x] - b[y * stride + x]) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / (width * height)));
}

const general = (source: Uint8Array, gray = false) => generalPath(source, (image) => sharpen(image, 1, 1), gray);

describe('JPEG sharpen on the luma plane', () => {
  // Measured: 51.8 dB for the three 1080p encodings of one photo, 53.4 for the 12 MP one, identical for gray.
  for (const [file, floor] of [
    ['jpeg_baseline_420_1920x1080.jpg', 48], ['jpeg_progressive_1920x1080.jpg', 48],
    ['jpeg_restart_markers_1920x1080.jpg', 48], ['jpeg_12mp_4000x3000.jpg', 48], ['jpeg_grayscale_800x600.jpg', 60],
  ] as const) {
    it(`${file}: over ${floor} dB from decode -> sharpen -> encode`, async () => {
      const source = corpusFile(file);
      const fast = await runPipeline(source, { operations: SHARPEN });
      const slow = general(source, file.includes('grayscale'));
      expect(psnr(decodeJpeg(fast.bytes, MAX).data, decodeJpeg(slow.bytes, MAX).data)).toBeGreaterThan(floor);
    }, 60_000);
  }

  it('keeps 4:2:2 and 4:4:4 chroma, closer to the sharpened source than the general 4:2:0 encode', async () => {
    // Measured against the unencoded sharpened decode: 48.8 vs 40.0 dB (4:2:2), 40.2 vs 35.6 dB (4:4:4).
    for (const [file, sampling] of [['jpeg_422_799x533.jpg', '2x1'], ['jpeg_444_641x427.jpg', '1x1']] as const) {
      const source = corpusFile(file);
      const fast = (await runPipeline(source, { operations: SHARPEN })).bytes;
      expect(readJpegMarkers(fast).components.map((c) => `${c.h}x${c.v}`)).toEqual([sampling, '1x1', '1x1']);
      const slow = general(source);
      const fastError = psnr(decodeJpeg(fast, MAX).data, slow.filtered);
      expect(fastError, file).toBeGreaterThan(psnr(decodeJpeg(slow.bytes, MAX).data, slow.filtered));
      expect(fastError, file).toBeGreaterThan(39);
    }
  });

  it('writes the output quality\'s tables, chroma requantized from the source coefficients, luma sharpened', async () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg'); // quality 75
    const input = readJpegCoefficients(source, MAX);
    for (const quality of [85, 40]) {
      const output = readJpegCoefficients((await runPipeline(source, { operations: SHARPEN, quality })).bytes, MAX);
      const tables = quantTablesForQuality(quality);
      expect([...output.planes[0].quantTable]).toEqual([...tables.luminance]);
      for (const k of [1, 2]) {
        expect(output.planes[k].h).toBe(input.planes[k].h);
        const expected = requantize(input.planes[k], tables.chrominance);
        expect(bytesOf(output.planes[k].coefficients).equals(bytesOf(expected.coefficients)), `plane ${k}, q${quality}`).toBe(true);
      }
      // Luma is the source's sharpened, not the source's requantized.
      const before = inverseTransform(input.planes[0], input.width, input.height);
      const sharpened = new Uint8Array(before.samples);
      sharpenPlane(sharpened, before.stride, input.width, input.height, 1, 1);
      const after = inverseTransform(output.planes[0], output.width, output.height).samples;
      const error = (a: Uint8Array) => planePsnr(after, a, before.stride, input.width, input.height);
      expect(error(sharpened), `q${quality}`).toBeGreaterThan(error(before.samples) + 3);
    }
  }, 60_000);

  it('leaves equal chroma tables untouched and requantizes by rounding c * q_source / q_target', () => {
    const plane = {
      id: 2, h: 1, v: 1, blocksPerLine: 1, blocksPerColumn: 1,
      quantTable: new Uint16Array(64).fill(10), coefficients: new Int16Array(64),
    };
    plane.coefficients.set([7, -7, 3, -3, 1, 0, 25], 0);
    expect(requantize(plane, new Uint16Array(64).fill(10))).toBe(plane);
    const out = requantize(plane, new Uint16Array(64).fill(4));
    // 70/4 = 17.5 -> 18, -17.5 -> -17 (half up), 30/4 = 7.5 -> 8, -7.5 -> -7, 10/4 = 2.5 -> 3, 250/4 = 62.5 -> 63.
    expect([...out.coefficients.subarray(0, 7)]).toEqual([18, -17, 8, -7, 3, 0, 63]);
    expect([...out.quantTable]).toEqual(new Array(64).fill(4));
  });

  it('is what the general path gives on tiny images, and checkpoints between its steps', async () => {
    // 35 pixels re-encoded twice by different routes: measured 32.9 dB for 7x5; 1x1 identical.
    await expectTinyLikeGeneral(SHARPEN, (source) => general(source).bytes, 3, 30);
  });

  it('falls back to the general path for PNG output, a rotated source and CMYK', async () => {
    await expectCommonFallbacks(SHARPEN, (image) => sharpen(image, 1, 1));
  }, 60_000);
});
