import { describe, expect, it } from 'vitest';
import {
  decodeBmp, decodeGif, decodeJpeg, decodePng, detectFormat, type RgbaImage, encodeJpeg, encodePng, fitInside, grayscale, ImageError, OperationSchema, runPipeline,
} from '../../src/imaging/index.js';
import { corpusFile, corpusManifest, psnr } from '../helpers.js';

const JPEG_MIN_PSNR_DB = 40; // decoders may differ in IDCT rounding and chroma upsampling
const manifest = corpusManifest();

async function reference(entry: { reference?: string }) {
  return decodePng(corpusFile(entry.reference!));
}

describe('decoding the corpus', () => {
  for (const entry of manifest.filter((e) => e.valid)) {
    const unsupported = entry.traits.includes('arithmetic-coding');
    it(`${entry.file} ${unsupported ? 'fails with a message naming arithmetic coding' : 'matches its reference'}`, async () => {
      const bytes = corpusFile(entry.file);
      if (unsupported) {
        await expect(runPipeline(bytes, { operations: [] })).rejects.toThrow(/arithmetic-coded JPEG/);
        return;
      }
      const decoders: Record<string, (b: Uint8Array) => RgbaImage | Promise<RgbaImage>> = {
        png: decodePng, jpeg: (b) => decodeJpeg(b, 40e6), gif: decodeGif, bmp: decodeBmp,
      };
      const image = await decoders[entry.format](bytes);
      expect([image.width, image.height]).toEqual([entry.width, entry.height]);
      const ref = await reference(entry);
      if (entry.traits.includes('cmyk-4-component')) {
        // CMYK conversion is not standardised: check the colours are not inverted (PSNR against the
        // plain-formula reference would be near 0 dB if they were).
        expect(psnr(image.data, ref.data)).toBeGreaterThan(20);
        return;
      }
      if (entry.format !== 'jpeg') {
        const tolerance = entry.traits.includes('bit-depth-16') ? 1 : 0;
        let maxDiff = 0;
        for (let i = 0; i < ref.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref.data[i] - image.data[i]));
        expect(maxDiff).toBeLessThanOrEqual(tolerance);
      } else {
        expect(psnr(image.data, ref.data)).toBeGreaterThanOrEqual(JPEG_MIN_PSNR_DB);
      }
    });
  }

  for (const entry of manifest.filter((e) => !e.valid)) {
    it(`${entry.file} is rejected with an ImageError`, async () => {
      await expect(runPipeline(corpusFile(entry.file), { operations: [{ type: 'grayscale' }] })).rejects.toBeInstanceOf(
        ImageError,
      );
    });
  }
});

describe('format detection', () => {
  it('reads the format from the bytes, not the name', () => {
    expect(detectFormat(corpusFile('png_1x1.png'))).toBe('png');
    expect(detectFormat(corpusFile('jpeg_tiny_7x5.jpg'))).toBe('jpeg');
    expect(() => detectFormat(corpusFile('bad_text.png'))).toThrow(/not a recognised image/);
    expect(detectFormat(corpusFile('gif_320x180.gif'))).toBe('gif');
    expect(detectFormat(corpusFile('bmp_24bit_320x180.bmp'))).toBe('bmp');
    const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
    expect(() => detectFormat(webp)).toThrow(/unsupported image format: WEBP/);
  });
});

describe('operations', () => {
  it('grayscale matches the Rec. 601 luma reference exactly on the decoded reference pixels', async () => {
    const ref = await decodePng(corpusFile('reference/jpeg_baseline_420_1920x1080.jpg.png'));
    const expected = await decodePng(corpusFile('reference/ops/grayscale_rec601luma.png'));
    grayscale(ref);
    let maxDiff = 0;
    for (let i = 0; i < ref.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref.data[i] - expected.data[i]));
    expect(maxDiff).toBe(0);
  });

  it('resize to 320 wide matches the triangle-filter reference', async () => {
    const ref = await decodePng(corpusFile('reference/jpeg_baseline_420_1920x1080.jpg.png'));
    const expected = await decodePng(corpusFile('reference/ops/resize_320w_triangle.png'));
    const { resize } = await import('../../src/imaging/ops/resize.js');
    const out = resize(ref, 320, 180, 'bilinear');
    expect(psnr(out.data, expected.data)).toBeGreaterThan(45);
  });

  it('resizes do not depend on the ones before (their work buffers are reused)', async () => {
    const { resize } = await import('../../src/imaging/ops/resize.js');
    const pattern = (width: number, height: number, alpha: (i: number) => number): RgbaImage => {
      const data = new Uint8Array(width * height * 4);
      for (let i = 0; i < width * height; i++) data.set([(i * 37) & 255, (i * 11) & 255, (i >> 3) & 255, alpha(i)], i * 4);
      return { width, height, data };
    };
    const cases: [RgbaImage, number, number, 'lanczos3' | 'bilinear' | 'area'][] = [
      [pattern(500, 375, () => 255), 320, 240, 'lanczos3'],
      [pattern(97, 61, (i) => i & 255), 40, 130, 'lanczos3'],
      [pattern(300, 200, () => 255), 300, 77, 'bilinear'],
      [pattern(640, 480, () => 255), 160, 120, 'area'],
      [pattern(33, 900, (i) => (i % 7 === 0 ? 0 : 255)), 17, 60, 'bilinear'],
    ];
    const copy = (image: RgbaImage): RgbaImage => ({ ...image, data: image.data.slice() });
    const first = cases.map(([image, w, h, filter]) => Buffer.from(resize(copy(image), w, h, filter).data));
    // Again in reverse order: each now follows a different, often larger, resize.
    for (let i = cases.length - 1; i >= 0; i--) {
      const [image, w, h, filter] = cases[i];
      expect(Buffer.from(resize(copy(image), w, h, filter).data).equals(first[i]), `case ${i}`).toBe(true);
    }
  });

  it('fitInside keeps the aspect ratio inside both bounds', () => {
    expect(fitInside(1920, 1080, 320, 320)).toEqual({ width: 320, height: 180 });
    expect(fitInside(1080, 1920, 320, 320)).toEqual({ width: 180, height: 320 });
    expect(fitInside(1920, 1080, undefined, 540)).toEqual({ width: 960, height: 540 });
    expect(fitInside(100, 50, 400, undefined)).toEqual({ width: 400, height: 200 });
  });
});

describe('encoding', () => {
  it('PNG round-trips exactly, as RGB when opaque and RGBA otherwise', async () => {
    for (const name of ['png_rgb8_480x320.png', 'png_rgba8_480x320.png']) {
      const image = await decodePng(corpusFile(name));
      const bytes = await encodePng(image);
      expect(bytes[25]).toBe(name.includes('rgba') ? 6 : 2);
      const again = await decodePng(bytes);
      expect(again.data).toEqual(image.data);
    }
  });

  it('JPEG re-encoding at quality 85 stays close to the source', async () => {
    const image = decodeJpeg(corpusFile('jpeg_444_641x427.jpg'), 40e6);
    const again = decodeJpeg(encodeJpeg(image, 85), 40e6);
    expect(psnr(again.data, image.data)).toBeGreaterThan(33);
  });

  it('the pipeline writes the requested format with gray pixels', async () => {
    const result = await runPipeline(corpusFile('png_rgb8_480x320.png'), {
      operations: [OperationSchema.parse({ type: 'grayscale' }), OperationSchema.parse({ type: 'resize', width_px: 100, height_px: 100 })],
      format: 'jpeg',
    });
    expect(result).toMatchObject({ format: 'jpeg', width: 100, height: 67 });
    const out = decodeJpeg(result.bytes, 40e6);
    for (let i = 0; i < out.data.length; i += 4) {
      expect(Math.abs(out.data[i] - out.data[i + 1])).toBeLessThanOrEqual(2);
    }
  });
});
