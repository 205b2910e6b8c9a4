import { describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../src/imaging/jpeg/decode.js';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { quantTablesForQuality } from '../../src/imaging/jpeg/quant-tables.js';
import { blur } from '../../src/imaging/ops/blur.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { corpusFile, psnr } from '../helpers.js';
import { expectCommonFallbacks, expectTinyLikeGeneral, generalPath, sampling } from '../planar-paths.js';

// The JPEG blur path (plan `jpeg-blur`, planar/blur.ts) blurs Y, Cb and Cr at
// their own resolutions; it must give what the general path (decode, RGB
// blur, encode) gives, up to the rounding it skips and, for subsampled
// chroma, blurring at half resolution rather than blurring then downsampling.

const MAX = 1e9;
const BLUR = [{ type: 'blur' as const, sigma: 2 }];

const general = (source: Uint8Array, gray = false) => generalPath(source, (image) => blur(image, 2), gray);

describe('JPEG blur on the sample planes', () => {
  // Measured: 49.9 dB for the three 1080p encodings of one photo, 56.0 for the 12 MP one, 68.2 for gray.
  for (const [file, floor] of [
    ['jpeg_baseline_420_1920x1080.jpg', 46], ['jpeg_progressive_1920x1080.jpg', 46],
    ['jpeg_restart_markers_1920x1080.jpg', 46], ['jpeg_12mp_4000x3000.jpg', 50], ['jpeg_grayscale_800x600.jpg', 60],
  ] as const) {
    it(`${file}: over ${floor} dB from decode -> blur -> encode, same sampling as the source`, async () => {
      const source = corpusFile(file);
      const fast = await runPipeline(source, { operations: BLUR });
      expect(sampling(fast.bytes)).toEqual(sampling(source));
      const slow = general(source, file.includes('grayscale'));
      expect(psnr(decodeJpeg(fast.bytes, MAX).data, decodeJpeg(slow.bytes, MAX).data)).toBeGreaterThan(floor);
    }, 60_000);
  }

  it('keeps 4:4:4 chroma, closer to the blurred source than the general 4:2:0 encode', async () => {
    // Measured against the unencoded blurred decode: 46.9 vs 43.6 dB; 43.2 dB between the two outputs.
    const source = corpusFile('jpeg_444_641x427.jpg');
    const fast = (await runPipeline(source, { operations: BLUR })).bytes;
    expect(sampling(fast)).toEqual(['1x1', '1x1', '1x1']);
    const slow = general(source);
    const fastError = psnr(decodeJpeg(fast, MAX).data, slow.filtered);
    expect(fastError).toBeGreaterThan(psnr(decodeJpeg(slow.bytes, MAX).data, slow.filtered));
    expect(psnr(decodeJpeg(fast, MAX).data, decodeJpeg(slow.bytes, MAX).data)).toBeGreaterThan(40);
  });

  it('writes the output quality\'s tables: luma\'s for Y, chroma\'s for Cb and Cr', async () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    for (const quality of [85, 40]) {
      const output = readJpegCoefficients((await runPipeline(source, { operations: BLUR, quality })).bytes, MAX);
      const tables = quantTablesForQuality(quality);
      expect([...output.planes[0].quantTable]).toEqual([...tables.luminance]);
      for (const k of [1, 2]) expect([...output.planes[k].quantTable], `plane ${k}`).toEqual([...tables.chrominance]);
    }
  }, 60_000);

  it('is what the general path gives on tiny images, and checkpoints between its steps', async () => {
    // Two checkpoints per plane and one after the scans. Measured: 49.4 dB for 7x5; 1x1 identical.
    await expectTinyLikeGeneral(BLUR, (source) => general(source).bytes, 7, 40);
  });

  it('falls back to the general path for PNG output, a rotated source, CMYK and 4:2:2', async () => {
    await expectCommonFallbacks(BLUR, (image) => blur(image, 2));
    // 4:2:2 chroma would need two sigmas: exactly the general path's bytes, 4:2:0.
    const source = corpusFile('jpeg_422_799x533.jpg');
    const out = (await runPipeline(source, { operations: BLUR })).bytes;
    expect(sampling(out)).toEqual(['2x2', '1x1', '1x1']);
    expect(Buffer.from(out).equals(Buffer.from(general(source).bytes))).toBe(true);
  }, 60_000);
});
