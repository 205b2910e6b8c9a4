import { describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../src/imaging/jpeg/decode.js';
import { encodeJpeg } from '../../src/imaging/jpeg/encode.js';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { quantTablesForQuality } from '../../src/imaging/jpeg/quant-tables.js';
import { DEFAULT_LIMITS } from '../../src/imaging/limits.js';
import { OperationSchema, type Operation } from '../../src/imaging/operations.js';
import { applyOperations } from '../../src/imaging/ops/apply.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { decodePng } from '../../src/imaging/png/decode.js';
import { corpusFile, psnr } from '../helpers.js';

// Brightness and contrast with factors up to 1 never clip, so on a JPEG they
// are affine maps of Y (and of Cb, Cr about 128) and run on the coefficients
// (plan `jpeg-lossless` with `affine`): checked against the pixel path, the
// job's own pixels (as the pipeline's PNG output gives them) encoded again.

const MAX = 1e9;
const ops = (...list: unknown[]): Operation[] => list.map((op) => OperationSchema.parse(op));

async function pixelPath(source: Uint8Array, operations: Operation[], quality: number, gray: boolean) {
  const pixels = await decodePng((await runPipeline(source, { operations, format: 'png' })).bytes);
  return { pixels, reencoded: decodeJpeg(encodeJpeg(pixels, quality, { grayscale: gray }), MAX) };
}

describe('brightness and contrast on the coefficients', () => {
  for (const [file, operations, quality, gray] of [
    ['jpeg_baseline_420_1920x1080.jpg', ops({ type: 'brightness', factor: 0.7 }), undefined, false],
    ['jpeg_progressive_1920x1080.jpg', ops({ type: 'contrast', factor: 0.5 }), 85, false],
    ['jpeg_444_641x427.jpg', ops({ type: 'contrast', factor: 0.8 }, { type: 'brightness', factor: 0.9 }, { type: 'rotate', degrees: 180 }), 90, false],
    ['jpeg_grayscale_800x600.jpg', ops({ type: 'brightness', factor: 0.5 }), undefined, true],
    ['jpeg_exif_orientation6_1080x1920.jpg', ops({ type: 'grayscale' }, { type: 'contrast', factor: 0 }), 70, true],
  ] as const) {
    it(`${file}, ${operations.map((o) => o.type).join(' + ')}: as close to the mapped decode as re-encoding it`, async () => {
      const source = corpusFile(file);
      const out = await runPipeline(source, { operations, quality });
      const coefficients = readJpegCoefficients(out.bytes, MAX);
      // No re-encode: the source's tables, or the quality's.
      const expectedTable = quality === undefined ? readJpegCoefficients(source, MAX).planes[0].quantTable : quantTablesForQuality(quality).luminance;
      expect([...coefficients.planes[0].quantTable]).toEqual([...expectedTable]);
      expect(coefficients.planes).toHaveLength(gray ? 1 : 3);
      const { pixels, reencoded } = await pixelPath(source, operations, quality ?? 85, gray);
      const fast = decodeJpeg(out.bytes, MAX);
      expect([fast.width, fast.height]).toEqual([pixels.width, pixels.height]);
      const mine = psnr(fast.data, pixels.data), theirs = psnr(reencoded.data, pixels.data);
      // Measured: 44.9 (the source's own, coarser tables) vs 48.7 at 85; 49.1 vs 49.4; 36.7 vs 37.2; 38.0 vs 38.3; flat.
      expect(mine).toBeGreaterThan(Math.min(theirs - 1, 44));
    }, 60_000);
  }

  it('leaves factors over 1, a job with invert and CMYK to the pixel path', async () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    for (const operations of [ops({ type: 'brightness', factor: 1.2 }), ops({ type: 'contrast', factor: 0.5 }, { type: 'invert' })]) {
      const out = await runPipeline(source, { operations });
      const expected = applyOperations(decodeJpeg(source, MAX), operations, DEFAULT_LIMITS, operations, () => {});
      expect(Buffer.from(out.bytes).equals(Buffer.from(encodeJpeg(expected, 85)))).toBe(true);
    }
    const cmyk = await runPipeline(corpusFile('jpeg_cmyk_adobe_640x504.jpg'), { operations: ops({ type: 'brightness', factor: 0.5 }) });
    expect(readJpegCoefficients(cmyk.bytes, MAX).planes.map((p) => p.quantTable[0])).toEqual([quantTablesForQuality(85).luminance[0], quantTablesForQuality(85).chrominance[0], quantTablesForQuality(85).chrominance[0]]);
  }, 60_000);
});

describe('leading per-channel steps folded into the colour conversion', () => {
  // brightness / contrast / invert first in a pixels-path job ride in the decoder's word tables:
  // byte for byte what decoding, applying them and encoding gives.
  const manual = async (source: Uint8Array, operations: Operation[]) => {
    const pixels = applyOperations(decodeJpeg(source, MAX), operations, DEFAULT_LIMITS, operations, () => {});
    return pixels;
  };
  for (const file of ['jpeg_baseline_420_1920x1080.jpg', 'jpeg_progressive_1920x1080.jpg', 'jpeg_444_641x427.jpg', 'jpeg_422_799x533.jpg', 'jpeg_grayscale_800x600.jpg', 'jpeg_tiny_7x5.jpg']) {
    it(`${file}: exactly the unfolded steps' pixels`, async () => {
      const source = corpusFile(file);
      for (const operations of [
        ops({ type: 'brightness', factor: 1.2 }),
        ops({ type: 'contrast', factor: 1.5 }, { type: 'no-op' }, { type: 'invert' }, { type: 'brightness', factor: 2 }, { type: 'rotate', degrees: 90 }),
        ops({ type: 'invert' }, { type: 'threshold', level: 100 }),
      ]) {
        const expected = await manual(source, operations);
        const png = await decodePng((await runPipeline(source, { operations, format: 'png' })).bytes);
        expect(Buffer.from(png.data).equals(Buffer.from(expected.data)), `${file} ${operations.map((o) => o.type)}`).toBe(true);
      }
      // JPEG out: the same bytes as encoding those pixels.
      const operations = ops({ type: 'contrast', factor: 1.2 });
      const out = await runPipeline(source, { operations });
      const gray = file.includes('grayscale');
      expect(Buffer.from(out.bytes).equals(Buffer.from(encodeJpeg(await manual(source, operations), 85, { grayscale: gray })))).toBe(true);
    }, 60_000);
  }

  it('leaves the tables as they were, also after a failure inside the decode', async () => {
    const source = corpusFile('jpeg_444_641x427.jpg');
    const plain = decodeJpeg(source, MAX).data;
    await runPipeline(source, { operations: ops({ type: 'invert' }, { type: 'blur', sigma: 1 }) });
    expect(Buffer.from(decodeJpeg(source, MAX).data).equals(Buffer.from(plain))).toBe(true);
    await expect(runPipeline(source, { operations: ops({ type: 'brightness', factor: 3 }, { type: 'crop', x: 0, y: 0, width: 9999, height: 1 }) })).rejects.toThrow();
    expect(Buffer.from(decodeJpeg(source, MAX).data).equals(Buffer.from(plain))).toBe(true);
  });
});
