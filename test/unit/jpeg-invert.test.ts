import { describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../src/imaging/jpeg/decode.js';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { invertCoefficients } from '../../src/imaging/jpeg/invert.js';
import { invert } from '../../src/imaging/ops/adjust.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { corpusFile, psnr } from '../helpers.js';

const MAX = 40e6;

// invert on the coefficients (plan `jpeg-lossless` with `invert`): every
// coefficient negated, the DC of level planes lowered by one level. Its only
// rounding is that DC shift (under half a level), so the result must decode to
// within a level or so of the source decode inverted.
describe('invert in the DCT domain', () => {
  for (const file of ['jpeg_baseline_420_1920x1080.jpg', 'jpeg_444_641x427.jpg', 'jpeg_422_799x533.jpg', 'jpeg_grayscale_800x600.jpg', 'jpeg_progressive_1920x1080.jpg', 'jpeg_tiny_7x5.jpg']) {
    it(`${file}: decodes to the inverted source decode within a level or two, keeping the source's quantization`, async () => {
      const source = corpusFile(file);
      const result = await runPipeline(source, { operations: [{ type: 'invert' }] });
      const expected = invert(decodeJpeg(source, MAX)).data;
      const actual = decodeJpeg(result.bytes, MAX).data;
      let worst = 0;
      for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      expect(worst, file).toBeLessThanOrEqual(2);
      expect(psnr(actual, expected), file).toBeGreaterThan(50);
      expect(readJpegCoefficients(result.bytes, MAX).planes.map((p) => [...p.quantTable]))
        .toEqual(readJpegCoefficients(source, MAX).planes.map((p) => [...p.quantTable]));
    });
  }

  it('chroma is negated exactly, and inverting twice gives back the coefficients, up to the DC rounding', () => {
    const c = readJpegCoefficients(corpusFile('jpeg_baseline_420_1920x1080.jpg'), MAX);
    const once = invertCoefficients(c);
    let chromaMismatches = 0;
    for (const plane of [1, 2]) {
      const a = c.planes[plane].coefficients, b = once.planes[plane].coefficients;
      for (let i = 0; i < a.length; i++) if (b[i] !== -a[i]) chromaMismatches++;
    }
    expect(chromaMismatches).toBe(0);
    const twice = invertCoefficients(once).planes[0].coefficients;
    const original = c.planes[0].coefficients;
    let acMismatches = 0, worstDc = 0;
    for (let i = 0; i < original.length; i++) {
      if (i % 64 === 0) worstDc = Math.max(worstDc, Math.abs(twice[i] - original[i]));
      else if (twice[i] !== original[i]) acMismatches++;
    }
    expect(acMismatches).toBe(0);
    expect(worstDc).toBeLessThanOrEqual(1);
  });
});
