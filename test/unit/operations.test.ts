import { describe, expect, it } from 'vitest';
import {
  applyOperation, createImage, decodePng, DEFAULT_LIMITS, ImageError, OperationSchema, runPipeline, type RgbaImage,
} from '../../src/imaging/index.js';
import { parseRequest } from '../../src/worker/job.js';
import { areaMean, corpusFile, psnr } from '../helpers.js';

// Thresholds: lossless operations (rotate, flip, crop, invert) are compared
// exactly on the reference decode; filters by PSNR against ImageMagick.
const reference = () => decodePng(corpusFile('reference/jpeg_baseline_420_1920x1080.jpg.png'));
const op = (json: unknown) => OperationSchema.parse(json);
const run = (image: RgbaImage, json: unknown) => applyOperation(image, op(json), DEFAULT_LIMITS);

function expectExact(actual: RgbaImage, expected: RgbaImage): void {
  expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
  expect(Buffer.from(actual.data).equals(Buffer.from(expected.data))).toBe(true);
}

function solid(width: number, height: number, rgba: number[]): RgbaImage {
  const image = createImage(width, height);
  for (let i = 0; i < image.data.length; i += 4) image.data.set(rgba, i);
  return image;
}

describe('lossless geometry, exact against ImageMagick', () => {
  it('rotate 90 clockwise', async () => {
    expectExact(run(await reference(), { type: 'rotate', degrees: 90 }), await decodePng(corpusFile('reference/ops/rotate90_cw.png')));
  });
  it('flip vertical (top-bottom) and horizontal (left-right)', async () => {
    expectExact(run(await reference(), { type: 'flip', direction: 'vertical' }), await decodePng(corpusFile('reference/ops/flip_vertical.png')));
    expectExact(run(await reference(), { type: 'flip', direction: 'horizontal' }), await decodePng(corpusFile('reference/ops/flop_horizontal.png')));
  });
  it('crop', async () => {
    expectExact(run(await reference(), { type: 'crop', x: 10, y: 10, width: 100, height: 100 }), await decodePng(corpusFile('reference/ops/crop_100x100+10+10.png')));
  });
  it('rotate 180 and 270 compose to the identity with 90', async () => {
    const original = await reference();
    expectExact(run(run(run(original, { type: 'rotate', degrees: 90 }), { type: 'rotate', degrees: 180 }), { type: 'rotate', degrees: 90 }), original);
    expectExact(run(run(original, { type: 'rotate', degrees: 270 }), { type: 'rotate', degrees: 90 }), original);
  });
  it('a crop that does not fit fails with a message', () => {
    expect(() => run(createImage(10, 10), { type: 'crop', x: 5, y: 0, width: 6, height: 2 })).toThrow(/does not fit inside the 10x10/);
  });
});

describe('EXIF orientation is applied before any operation', () => {
  for (const file of ['jpeg_exif_orientation6_1080x1920.jpg', 'jpeg_exif_orientation8_1080x1920.jpg']) {
    it(`${file} comes out upright, matching the landscape original`, async () => {
      const result = await runPipeline(corpusFile(file), { operations: [], format: 'png' });
      expect([result.width, result.height]).toEqual([1920, 1080]);
      const upright = await decodePng(result.bytes);
      expect(psnr(upright.data, (await reference()).data)).toBeGreaterThan(38); // separately encoded: 41-43 dB by the manifest
    });
  }
});

describe('resize', () => {
  it('bilinear matches the area-aware triangle reference; lanczos3 is close to it', async () => {
    const expected = await decodePng(corpusFile('reference/ops/resize_320w_triangle.png'));
    expect(psnr(run(await reference(), { type: 'resize', width_px: 320, filter: 'bilinear' }).data, expected.data)).toBeGreaterThan(45);
    expect(psnr(run(await reference(), { type: 'resize', width_px: 320 }).data, expected.data)).toBeGreaterThan(33);
  });

  it('area: each output pixel is the mean of the source area it covers, fractions included', async () => {
    const image = await reference();
    // 6:1 (whole 6x6 squares) and 1.5:1 (a half pixel shared by neighbours), as a 1/4 JPEG decode then a thumbnail gives.
    for (const [w, h] of [[320, 180], [1280, 720], [500, 333]]) {
      const fast = run(image, { type: 'resize', width_px: w, height_px: h, fit: 'fill', filter: 'area' });
      const exact = areaMean(image, w, h).data;
      let worst = 0;
      for (let k = 0; k < exact.length; k++) worst = Math.max(worst, Math.abs(fast.data[k] - exact[k]));
      expect(worst, `${w}x${h}`).toBeLessThanOrEqual(1);
    }
  });

  it('keeps flat images flat at the edges, downscaling and upscaling, with every filter', () => {
    for (const filter of ['nearest', 'bilinear', 'lanczos3', 'area']) {
      for (const [w, h] of [[7, 5], [64, 40]]) {
        const out = run(solid(23, 17, [200, 100, 50, 255]), { type: 'resize', width_px: w, height_px: h, fit: 'fill', filter });
        expect(new Set(out.data).size, `${filter} ${w}x${h}`).toBeLessThanOrEqual(4);
        expect([...out.data.subarray(0, 4)]).toEqual([200, 100, 50, 255]);
        expect([...out.data.subarray(-4)]).toEqual([200, 100, 50, 255]);
      }
    }
  });

  it('upscales a gradient monotonically with bilinear and keeps the end values', () => {
    const image = createImage(2, 1);
    image.data.set([0, 0, 0, 255, 200, 200, 200, 255]);
    const out = run(image, { type: 'resize', width_px: 8, height_px: 1, fit: 'fill', filter: 'bilinear' });
    const reds = Array.from({ length: 8 }, (_, i) => out.data[i * 4]);
    expect(reds[0]).toBe(0);
    expect(reds[7]).toBe(200);
    for (let i = 1; i < 8; i++) expect(reds[i]).toBeGreaterThanOrEqual(reds[i - 1]);
  });

  it('fit modes: inside keeps the ratio, fill stretches, cover crops, contain pads', () => {
    const image = solid(400, 200, [10, 20, 30, 255]);
    expect(run(image, { type: 'resize', width_px: 100, height_px: 100 })).toMatchObject({ width: 100, height: 50 });
    expect(run(image, { type: 'resize', width_px: 100, height_px: 100, fit: 'fill' })).toMatchObject({ width: 100, height: 100 });
    expect(run(image, { type: 'resize', width_px: 100, height_px: 100, fit: 'cover' })).toMatchObject({ width: 100, height: 100 });
    const contained = run(image, { type: 'resize', width_px: 100, height_px: 100, fit: 'contain', background: '#ff0000' });
    expect(contained).toMatchObject({ width: 100, height: 100 });
    expect([...contained.data.subarray(0, 4)]).toEqual([255, 0, 0, 255]); // padding above
    expect([...contained.data.subarray((50 * 100 + 50) * 4, (50 * 100 + 50) * 4 + 4)]).toEqual([10, 20, 30, 255]);
    expect(run(image, { type: 'resize', height_px: 50 })).toMatchObject({ width: 100, height: 50 });
  });

  it('thumbnail bounds the longest side and never enlarges', () => {
    expect(run(solid(400, 200, [0, 0, 0, 255]), { type: 'thumbnail', size: 100 })).toMatchObject({ width: 100, height: 50 });
    expect(run(solid(200, 400, [0, 0, 0, 255]), { type: 'thumbnail', size: 100 })).toMatchObject({ width: 50, height: 100 });
    expect(run(solid(40, 20, [0, 0, 0, 255]), { type: 'thumbnail', size: 100 })).toMatchObject({ width: 40, height: 20 });
  });
});

describe('tone and filters', () => {
  const variance = (image: RgbaImage) => {
    let sum = 0, squares = 0;
    for (let i = 0; i < image.data.length; i += 4) { sum += image.data[i]; squares += image.data[i] ** 2; }
    const n = image.data.length / 4;
    return squares / n - (sum / n) ** 2;
  };

  it('blur smooths, keeps flat areas flat; sharpen steepens', async () => {
    const original = await reference();
    const blurred = run(await reference(), { type: 'blur', sigma: 2 });
    expect(variance(blurred)).toBeLessThan(variance(original));
    expect(variance(run(await reference(), { type: 'sharpen' }))).toBeGreaterThan(variance(original));
    const flat = run(solid(30, 30, [90, 90, 90, 255]), { type: 'blur', sigma: 5 });
    expect(new Set(flat.data)).toEqual(new Set([90, 255]));
  });

  it('brightness, contrast and invert map values as documented', () => {
    expect([...run(solid(1, 1, [100, 200, 10, 77]), { type: 'brightness', factor: 1.5 }).data]).toEqual([150, 255, 15, 77]);
    expect([...run(solid(1, 1, [100, 200, 128, 77]), { type: 'contrast', factor: 2 }).data]).toEqual([72, 255, 128, 77]);
    expect([...run(solid(1, 1, [0, 200, 255, 77]), { type: 'invert' }).data]).toEqual([255, 55, 0, 77]);
  });

  it('threshold and black-and-white produce only black and white; dithering keeps the mean', async () => {
    const original = await reference();
    const meanLuma = (image: RgbaImage) => {
      let sum = 0;
      for (let i = 0; i < image.data.length; i += 4) sum += 0.299 * image.data[i] + 0.587 * image.data[i + 1] + 0.114 * image.data[i + 2];
      return sum / (image.data.length / 4);
    };
    const before = meanLuma(original);
    for (const json of [{ type: 'threshold', level: 128 }, { type: 'black-and-white' }]) {
      const out = run(await reference(), json);
      for (let i = 0; i < out.data.length; i += 4) {
        if (out.data[i] !== 0 && out.data[i] !== 255) throw new Error(`${json.type}: value ${out.data[i]}`);
      }
      if (json.type === 'black-and-white') expect(Math.abs(meanLuma(out) - before)).toBeLessThan(2);
    }
  });
});

describe('validation and limits', () => {
  const request = (operations: unknown[]) => JSON.stringify({
    source: { type: 'default-image' }, destination: { type: 'blobstore', path: { bucket: 'b', key: 'k' } }, operations,
  });

  it('names the operation index and the bad field', () => {
    expect(() => parseRequest(request([{ type: 'grayscale' }, { type: 'blur', sigma: -1 }]))).toThrow(/operations\.1\.sigma/);
    expect(() => parseRequest(request([{ type: 'rotate', degrees: 45 }]))).toThrow(/operations\.0\.degrees/);
    expect(() => parseRequest(request([{ type: 'flip', direction: 'sideways' }]))).toThrow(/operations\.0\.direction/);
    expect(() => parseRequest(request([{ type: 'crop', x: 0, y: 0, width: 10 }]))).toThrow(/operations\.0\.height/);
    expect(() => parseRequest(request([{ type: 'grayscale', strength: 2 }]))).toThrow(/operations\.0.*strength/);
    expect(() => parseRequest(request([{ type: 'resize', width_px: 10, background: 'red' }]))).toThrow(/operations\.0\.background/);
  });

  it('refuses oversized inputs from the header, before decoding', async () => {
    await expect(runPipeline(corpusFile('bad_png_bomb_100000x100000.png'), { operations: [] })).rejects.toThrow(/100000x100000.*over the limit of 40\.0 MP/);
    await expect(runPipeline(corpusFile('bad_jpeg_sof_65500x65500.jpg'), { operations: [] })).rejects.toThrow(/over the limit/);
    const small = { maxInputPixels: 100_000, maxOutputDimension: 16_384 };
    await expect(runPipeline(corpusFile('png_rgb8_480x320.png'), { operations: [], limits: small })).rejects.toThrow(/over the limit of 0\.1 MP/);
  });

  it('refuses an output over the limit, naming the operation', async () => {
    const limits = { maxInputPixels: 40e6, maxOutputDimension: 1000 };
    const error = await runPipeline(corpusFile('png_1x1.png'), { operations: [op({ type: 'grayscale' }), op({ type: 'resize', width_px: 5000, fit: 'fill', height_px: 5 })], limits }).catch((e) => e);
    expect(error).toBeInstanceOf(ImageError);
    expect(error.message).toMatch(/operations\.1 \(resize\): output would be 5000x5/);
    // cover scales past the box before cropping: that intermediate size is checked too
    const cover = await runPipeline(corpusFile('png_adam7_rgb8_321x481.png'), { operations: [op({ type: 'resize', width_px: 700, height_px: 5, fit: 'cover' })], limits: { maxInputPixels: 40e6, maxOutputDimension: 800 } }).catch((e) => e);
    expect(cover.message).toMatch(/output would be 700x1049/);
  });

  it('writes JPEG at the requested quality and flattens alpha onto the background', async () => {
    const low = await runPipeline(corpusFile('png_rgb8_480x320.png'), { operations: [], format: 'jpeg', quality: 20 });
    const high = await runPipeline(corpusFile('png_rgb8_480x320.png'), { operations: [], format: 'jpeg', quality: 95 });
    expect(low.bytes.length).toBeLessThan(high.bytes.length / 2);
    const transparent = await runPipeline(corpusFile('png_rgba8_480x320.png'), { operations: [], format: 'png' });
    expect(transparent.bytes[25]).toBe(6);
  });
});
