import { describe, expect, it } from 'vitest';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { writeJpeg } from '../../src/imaging/jpeg/entropy-encode.js';
import { encodeJpeg } from '../../src/imaging/jpeg/encode.js';
import { coefficientsToImage } from '../../src/imaging/jpeg/to-pixels.js';
import { keepLuma, transformFidelity, transformCoefficients } from '../../src/imaging/jpeg/transform.js';
import { grayscale } from '../../src/imaging/ops/grayscale.js';
import { reorient } from '../../src/imaging/ops/geometry.js';
import { fromExif, rotation } from '../../src/imaging/orientation.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { resize } from '../../src/imaging/ops/resize.js';
import { quantTablesForQuality } from '../../src/imaging/jpeg/quant-tables.js';
import { applyOperations } from '../../src/imaging/ops/apply.js';
import { DEFAULT_LIMITS } from '../../src/imaging/limits.js';
import { corpusFile, psnr } from '../helpers.js';

const MAX = 40e6;
const REQUANTIZED_MIN_PSNR_DB = 42;
const decode = (bytes: Uint8Array, scale: 1 | 2 | 4 | 8 = 1) => coefficientsToImage(readJpegCoefficients(bytes, MAX), scale);

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** A 4:2:0 photo crop whose sides are whole MCUs (16 px), so every transform is exact. */
function alignedJpeg(): Uint8Array {
  const photo = decode(corpusFile('jpeg_444_641x427.jpg'));
  const width = 320, height = 208;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) data.set(photo.data.subarray(y * photo.width * 4, (y * photo.width + width) * 4), y * width * 4);
  return encodeJpeg({ width, height, data }, 90);
}

describe('lossless transforms on DCT coefficients', () => {
  const source = alignedJpeg();
  const coefficients = readJpegCoefficients(source, MAX);
  const pixels = coefficientsToImage(coefficients);

  for (let tag = 2; tag <= 8; tag++) {
    const o = fromExif(tag);
    it(`orientation ${tag} decodes to the pixel transform of the decoded source`, () => {
      expect(transformFidelity(coefficients, o)).toBe('exact');
      const moved = decode(writeJpeg(transformCoefficients(coefficients, o)));
      const expected = reorient(pixels, o);
      expect([moved.width, moved.height]).toEqual([expected.width, expected.height]);
      // Mirrors only negate odd frequencies: bit-exact. A transpose swaps the IDCT's row and
      // column passes, whose intermediate rounding may differ by one level.
      expect(maxDifference(moved.data, expected.data)).toBeLessThanOrEqual(o.transpose ? 1 : 0);
    });
  }

  it('keeping luma gives a one-component JPEG of the Rec. 601 luma', () => {
    const gray = readJpegCoefficients(writeJpeg(keepLuma(coefficients)), MAX);
    expect(gray.planes).toHaveLength(1);
    expect(gray.colorSpace).toBe('gray');
    const decoded = coefficientsToImage(gray);
    // Y is the luma before colour conversion and clamping: within rounding of grayscale(decode).
    expect(psnr(decoded.data, grayscale(coefficientsToImage(coefficients)).data)).toBeGreaterThan(40);
  });

  it('re-encoding the coefficients unchanged loses nothing', () => {
    expect(maxDifference(decode(writeJpeg(coefficients)).data, pixels.data)).toBe(0);
  });

  it('knows which mirrors end on a block boundary', () => {
    const photo = readJpegCoefficients(corpusFile('jpeg_baseline_420_1920x1080.jpg'), MAX); // 1080 = 67.5 chroma blocks
    expect(transformFidelity(photo, rotation(180))).toBe('requantized');
    expect(transformFidelity(photo, fromExif(2))).toBe('exact'); // 1920 is whole MCUs
    expect(transformFidelity(photo, rotation(90), true)).toBe('exact'); // luma alone: 1080 = 135 blocks
    const odd = readJpegCoefficients(corpusFile('jpeg_tiny_7x5.jpg'), MAX);
    if (odd.maxH === 2) expect(transformFidelity(odd, fromExif(2))).toBe('unsupported'); // half a chroma sample at the edge
  });

  for (const tag of [2, 3, 6, 8]) {
    it(`orientation ${tag} across partial edge blocks: shifted in the DCT domain, close to the pixel transform`, () => {
      const photo = corpusFile('jpeg_baseline_420_1920x1080.jpg');
      const source = readJpegCoefficients(photo, MAX);
      const o = fromExif(tag);
      const moved = decode(writeJpeg(transformCoefficients(source, o)));
      const expected = reorient(coefficientsToImage(source), o);
      expect([moved.width, moved.height]).toEqual([expected.width, expected.height]);
      // One requantization of the shifted chroma planes: measured 44.7 dB.
      expect(psnr(moved.data, expected.data)).toBeGreaterThan(REQUANTIZED_MIN_PSNR_DB);
    });
  }
});


describe('the pipeline takes the fast paths and matches the full decode', () => {
  const photo = corpusFile('jpeg_baseline_420_1920x1080.jpg');
  const full = decode(photo);

  it('grayscale without a quality is the source luma, losslessly', async () => {
    const out = await runPipeline(photo, { operations: [{ type: 'grayscale' }] });
    const coefficients = readJpegCoefficients(out.bytes, MAX);
    expect(coefficients.planes).toHaveLength(1);
    expect(coefficients.planes[0].quantTable).toEqual(readJpegCoefficients(photo, MAX).planes[0].quantTable);
    expect(psnr(coefficientsToImage(coefficients).data, grayscale(decode(photo)).data)).toBeGreaterThan(40);
  });

  it('rotate 90 of the 1080-line photo stays in the DCT domain and keeps the quantization', async () => {
    const out = await runPipeline(photo, { operations: [{ type: 'rotate', degrees: 90 }] });
    const turned = readJpegCoefficients(out.bytes, MAX);
    expect([turned.width, turned.height]).toEqual([1080, 1920]);
    expect(turned.planes[1].quantTable).toEqual(readJpegCoefficients(photo, MAX).planes[1].quantTable); // symmetric table
    expect(psnr(coefficientsToImage(turned).data, reorient(full, rotation(90)).data)).toBeGreaterThan(REQUANTIZED_MIN_PSNR_DB);
  });

  it('a quality is honoured in the DCT domain: the coefficients are requantized to its tables', async () => {
    const out = await runPipeline(photo, { operations: [{ type: 'rotate', degrees: 90 }], quality: 50 });
    const coefficients = readJpegCoefficients(out.bytes, MAX);
    const tables = quantTablesForQuality(50);
    expect([...coefficients.planes[0].quantTable]).toEqual([...tables.luminance]);
    for (const k of [1, 2]) expect([...coefficients.planes[k].quantTable]).toEqual([...tables.chrominance]);
    const turned = decode(out.bytes);
    expect([turned.width, turned.height]).toEqual([1080, 1920]);
    // Measured against the decoded rotation: 36.6 dB, where decoding and encoding at 50 gives 37.6
    // (the half-block shift of 4:2:0 chroma rounds once more); 37.1 dB between the two outputs.
    const expected = reorient(full, rotation(90));
    expect(psnr(turned.data, expected.data)).toBeGreaterThan(35.5);
    expect(psnr(turned.data, decode(encodeJpeg(expected, 50)).data)).toBeGreaterThan(36);
    expect(out.bytes.length).toBeLessThan(120_000);
  });

  for (const [operations, quality, file, gray] of [
    [[{ type: 'grayscale' as const }], 85, 'jpeg_baseline_420_1920x1080.jpg', true],
    [[{ type: 'invert' as const }], 85, 'jpeg_baseline_420_1920x1080.jpg', false],
    [[{ type: 'flip' as const, direction: 'horizontal' as const }], 95, 'jpeg_grayscale_800x600.jpg', true],
    [[{ type: 'rotate' as const, degrees: 90 as const }], 50, 'jpeg_422_799x533.jpg', false],
  ] as const) {
    it(`${file}: ${operations[0].type} at quality ${quality} is as close to the decoded result as decoding and encoding`, async () => {
      const source = corpusFile(file);
      const out = decode((await runPipeline(source, { operations: [...operations], quality })).bytes);
      const expected = applyOperations(decode(source), [...operations], DEFAULT_LIMITS, [...operations], () => {});
      const reencoded = decode(encodeJpeg(expected, quality, { grayscale: gray }));
      // Measured: 50.6 vs 50.9, 48.6 vs 48.7, 53.3 vs 53.6, 34.9 vs 34.5 dB.
      expect(psnr(out.data, expected.data)).toBeGreaterThan(psnr(reencoded.data, expected.data) - 0.5);
    });
  }

  it('flip horizontal on whole MCUs is exact against the decoded flip', async () => {
    const out = await runPipeline(photo, { operations: [{ type: 'flip', direction: 'horizontal' }] });
    expect(maxDifference(decode(out.bytes).data, reorient(full, fromExif(2)).data)).toBe(0);
  });

  for (const scale of [2, 4, 8] as const) {
    it(`a 1/${scale} scaled decode then resize is close to resizing the full decode`, async () => {
      const width = 1920 / scale / 1.5;
      const height = Math.round((1080 * width) / 1920);
      const fast = resize(decode(photo, scale), width, height);
      const slow = resize(full, width, height);
      expect(psnr(fast.data, slow.data)).toBeGreaterThan(30);
    });
  }

  it('thumbnail through the scaled decode has the full-decode size and pixels within 30 dB', async () => {
    const out = await runPipeline(photo, { operations: [{ type: 'thumbnail', size: 320 }] });
    const thumb = decode(out.bytes);
    expect([thumb.width, thumb.height]).toEqual([320, 180]);
    expect(psnr(thumb.data, resize(full, 320, 180).data)).toBeGreaterThan(30);
  });
});
