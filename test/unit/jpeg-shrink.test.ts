import { describe, expect, it } from 'vitest';
import { ImageError } from '../../src/imaging/errors.js';
import { OperationSchema } from '../../src/imaging/operations.js';
import { decodeJpeg } from '../../src/imaging/jpeg/decode.js';
import { coefficientsKept, decodeScans, readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { writeJpeg } from '../../src/imaging/jpeg/entropy-encode.js';
import { readJpegMarkers } from '../../src/imaging/jpeg/markers.js';
import { shrinkJpegPlanes } from '../../src/imaging/planar/shrink.js';
import { quantTablesForQuality } from '../../src/imaging/jpeg/quant-tables.js';
import { resize } from '../../src/imaging/ops/resize.js';
import { reorient } from '../../src/imaging/ops/geometry.js';
import { compose, fromExif, mirror, rotation, UPRIGHT } from '../../src/imaging/orientation.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { areaMean, corpusFile, psnr } from '../helpers.js';
import { expectCommonFallbacks, sampling } from '../planar-paths.js';

// The JPEG shrink path (plan `jpeg-shrink`, planar/shrink.ts) averages each
// output sample from the 2x2 lowest DCT frequencies of the blocks it covers.
// Judged against the definition (the area mean of the full decode), at
// quality 100 so the encoder's loss does not hide the path's own error.

const MAX = 1e9;

describe('JPEG thumbnails averaged from the coefficients', () => {
  // Measured (dB from the exact area mean of the full decode, quality 100): 41.4 for
  // the 1080p encodings, 49.2 for 12 MP -> 1000, 42.7 for gray, 41.4 at a size that
  // is no whole ratio; encoding the exact mean itself at 4:2:0 gives 42.0 for 1080p.
  // 12 MP -> 320 is past 8:1, which the 1/8 decode does (pixels path): 41.1.
  for (const [file, size, width, height, floor] of [
    ['jpeg_baseline_420_1920x1080.jpg', 320, 320, 180, 40], ['jpeg_progressive_1920x1080.jpg', 320, 320, 180, 40],
    ['jpeg_restart_markers_1920x1080.jpg', 320, 320, 180, 40], ['jpeg_12mp_4000x3000.jpg', 1000, 1000, 750, 46],
    ['jpeg_grayscale_800x600.jpg', 200, 200, 150, 41], ['jpeg_baseline_420_1920x1080.jpg', 457, 457, 257, 40],
    ['jpeg_12mp_4000x3000.jpg', 320, 320, 240, 40],
  ] as const) {
    it(`${file} -> ${size}: ${width}x${height}, over ${floor} dB from the area mean, sampled as the source`, async () => {
      const source = corpusFile(file);
      const out = await runPipeline(source, { operations: [{ type: 'thumbnail', size }], quality: 100 });
      expect([out.width, out.height]).toEqual([width, height]);
      expect(sampling(out.bytes)).toEqual(sampling(source));
      const exact = areaMean(decodeJpeg(source, MAX), width, height);
      expect(psnr(decodeJpeg(out.bytes, MAX).data, exact.data)).toBeGreaterThan(floor);
    }, 60_000);
  }

  it('keeps 4:4:4 chroma, and an area resize inside a box takes the same path', async () => {
    const source = corpusFile('jpeg_444_641x427.jpg');
    const out = await runPipeline(source, { operations: [OperationSchema.parse({ type: 'resize', width_px: 120, filter: 'area' })], quality: 100 });
    expect([out.width, out.height, ...sampling(out.bytes)]).toEqual([120, 80, '1x1', '1x1', '1x1']);
    // Measured: 43.5 dB.
    expect(psnr(decodeJpeg(out.bytes, MAX).data, areaMean(decodeJpeg(source, MAX), 120, 80).data)).toBeGreaterThan(42);
  });

  it('gives the same bytes from the low-only coefficient layout as from whole blocks', () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    const markers = readJpegMarkers(source);
    const whole = decodeScans(source, markers, MAX, coefficientsKept(4));
    const low = decodeScans(source, markers, MAX, coefficientsKept(4), true);
    expect(low.planes[0].lowOnly).toBe(true);
    expect(low.planes[0].coefficients.length * 8).toBe(whole.planes[0].coefficients.length);
    for (const [w, h] of [[320, 180], [192, 108], [457, 257]]) {
      const a = writeJpeg(shrinkJpegPlanes(whole, w, h, UPRIGHT, 85, () => {}));
      const b = writeJpeg(shrinkJpegPlanes(low, w, h, UPRIGHT, 85, () => {}));
      expect(Buffer.from(b).equals(Buffer.from(a)), `${w}x${h}`).toBe(true);
    }
  });

  it('spans over three blocks (8:1 and more, which the planner mostly leaves to the 1/8 decode) are averaged too', () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    const c = decodeScans(source, readJpegMarkers(source), MAX, coefficientsKept(4));
    const out = decodeJpeg(writeJpeg(shrinkJpegPlanes(c, 192, 108, UPRIGHT, 100, () => {})), MAX);
    // Measured: 39.8 dB; the planner's choice here, the DC-only 1/8 decode and an area average, gives 38.2.
    expect(psnr(out.data, areaMean(decodeJpeg(source, MAX), 192, 108).data)).toBeGreaterThan(38);
  });

  it('writes the output quality\'s tables', async () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    for (const quality of [85, 40]) {
      const output = readJpegCoefficients((await runPipeline(source, { operations: [{ type: 'thumbnail', size: 320 }], quality })).bytes, MAX);
      const tables = quantTablesForQuality(quality);
      expect([...output.planes[0].quantTable]).toEqual([...tables.luminance]);
      expect([...output.planes[1].quantTable]).toEqual([...tables.chrominance]);
    }
  });

  it('fails a truncated file with the decoder\'s reason', async () => {
    const source = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    await expect(runPipeline(source.subarray(0, source.length >> 1), { operations: [{ type: 'thumbnail', size: 320 }] }))
      .rejects.toThrow(new ImageError('JPEG is truncated'));
  });

  it('turns the shrunk samples for EXIF orientation, rotations and mirrors', async () => {
    // Measured: 41.4 dB for the EXIF 6 portrait against the area mean of its upright decode.
    const portrait = corpusFile('jpeg_exif_orientation6_1080x1920.jpg');
    const upright = await runPipeline(portrait, { operations: [{ type: 'thumbnail', size: 320 }], quality: 100 });
    expect([upright.width, upright.height, ...sampling(upright.bytes)]).toEqual([320, 180, '2x2', '1x1', '1x1']);
    const uprightDecode = reorient(decodeJpeg(portrait, MAX), fromExif(6));
    expect(psnr(decodeJpeg(upright.bytes, MAX).data, areaMean(uprightDecode, 320, 180).data)).toBeGreaterThan(40);
    // Rotating and mirroring around the thumbnail is the same as doing it to the thumbnail's pixels.
    const photo = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    const plain = decodeJpeg((await runPipeline(photo, { operations: [{ type: 'thumbnail', size: 320 }], quality: 100 })).bytes, MAX);
    const turns = [{ type: 'rotate' as const, degrees: 90 as const }, { type: 'thumbnail' as const, size: 320 }, { type: 'flip' as const, direction: 'horizontal' as const }];
    const turned = await runPipeline(photo, { operations: turns, quality: 100 });
    expect([turned.width, turned.height]).toEqual([180, 320]);
    const expected = reorient(plain, compose(rotation(90), mirror('horizontal')));
    // Measured: identical pixels (the same samples, turned before the FDCT).
    expect(psnr(decodeJpeg(turned.bytes, MAX).data, expected.data)).toBeGreaterThan(60);
  }, 60_000);

  it('falls back to the general path for PNG output, CMYK and under 4:1', async () => {
    const thumbnail = [{ type: 'thumbnail' as const, size: 320 }];
    const photo = corpusFile('jpeg_baseline_420_1920x1080.jpg');
    const png = await runPipeline(photo, { operations: thumbnail, format: 'png' });
    expect([png.format, png.width, png.height]).toEqual(['png', 320, 180]);
    const cmyk = await runPipeline(corpusFile('jpeg_cmyk_adobe_640x504.jpg'), { operations: [{ type: 'thumbnail', size: 100 }] });
    expect(sampling(cmyk.bytes)).toEqual(['2x2', '1x1', '1x1']);
    // 3:1 is the general path: a 1/2 decode, then the area average of the pixels.
    const general = resize(decodeJpeg(photo, MAX), 640, 360, 'area');
    const third = await runPipeline(photo, { operations: [{ type: 'thumbnail', size: 640 }], quality: 100 });
    // Measured: 44.1 dB (the 1/2 decode is not the full one).
    expect(psnr(decodeJpeg(third.bytes, MAX).data, general.data)).toBeGreaterThan(42);
  }, 60_000);
});
