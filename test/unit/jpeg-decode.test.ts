import { describe, expect, it } from 'vitest';
import { ImageError } from '../../src/imaging/errors.js';
import type { RgbaImage } from '../../src/imaging/image.js';
import { planeBlocks } from '../../src/imaging/jpeg/coefficients.js';
import { decodeJpeg } from '../../src/imaging/jpeg/decode.js';
import { coefficientsKept, decodeScans, readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { huffmanTable } from '../../src/imaging/jpeg/huffman-decode.js';
import { readJpegMarkers } from '../../src/imaging/jpeg/markers.js';
import { keepLuma } from '../../src/imaging/jpeg/transform.js';
import { readJpegHeader } from '../../src/imaging/jpeg/header.js';
import { idct2x2, idct4x4, idct8x8, idctTable } from '../../src/imaging/jpeg/idct.js';
import { coefficientsToImage } from '../../src/imaging/jpeg/to-pixels.js';
import { cropCoefficients, mcuRegionCovering } from '../../src/imaging/jpeg/crop.js';
import { DEFAULT_JPEG_QUALITY, encodeJpeg } from '../../src/imaging/jpeg/encode.js';
import { crop } from '../../src/imaging/ops/geometry.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { decodePng } from '../../src/imaging/png/decode.js';
import { corpusFile, corpusManifest, psnr } from '../helpers.js';
import { prng } from '../mutations.js';

const MAX = 40e6;
const manifest = corpusManifest();
const jpegs = manifest.filter((e) => e.file.endsWith('.jpg'));
const PHOTO = 'jpeg_baseline_420_1920x1080.jpg';

/** Throws whatever `fn` throws, or undefined. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Mean of each scale x scale box (edge boxes cut short), as the ideal of a 1/scale decode. */
function boxDown(image: RgbaImage, scale: number): RgbaImage {
  const width = Math.ceil(image.width / scale);
  const height = Math.ceil(image.height / scale);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sums = [0, 0, 0, 0];
      let n = 0;
      for (let yy = y * scale; yy < Math.min(image.height, (y + 1) * scale); yy++) {
        for (let xx = x * scale; xx < Math.min(image.width, (x + 1) * scale); xx++) {
          for (let c = 0; c < 4; c++) sums[c] += image.data[(yy * image.width + xx) * 4 + c];
          n++;
        }
      }
      for (let c = 0; c < 4; c++) data[(y * width + x) * 4 + c] = Math.round(sums[c] / n);
    }
  }
  return { width, height, data };
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('JPEG decoding: the corpus', () => {
  for (const entry of jpegs.filter((e) => e.valid)) {
    if (entry.traits.includes('arithmetic-coding')) {
      it(`${entry.file} is refused, naming arithmetic coding`, () => {
        const error = thrown(() => decodeJpeg(corpusFile(entry.file), MAX));
        expect(error).toBeInstanceOf(ImageError);
        expect((error as Error).message).toMatch(/arithmetic-coded JPEG/);
      });
      continue;
    }
    it(`${entry.file} matches its reference`, async () => {
      const image = decodeJpeg(corpusFile(entry.file), MAX);
      expect([image.width, image.height]).toEqual([entry.width, entry.height]);
      const ref = await decodePng(corpusFile(entry.reference!));
      // CMYK to RGB is not standardised; > 20 dB shows the colours are not inverted.
      expect(psnr(image.data, ref.data)).toBeGreaterThan(entry.traits.includes('cmyk-4-component') ? 20 : 40);
      let opaque = true;
      for (let i = 3; i < image.data.length; i += 4) if (image.data[i] !== 255) opaque = false;
      expect(opaque).toBe(true);
    });
  }

  for (const entry of jpegs.filter((e) => !e.valid)) {
    it(`${entry.file} is rejected with an ImageError`, () => {
      expect(thrown(() => decodeJpeg(corpusFile(entry.file), MAX))).toBeInstanceOf(ImageError);
    });
  }

  it('names the reason for the broken files', () => {
    expect(() => decodeJpeg(corpusFile('bad_truncated_50pct.jpg'), MAX)).toThrow(/JPEG is truncated/);
    expect(() => decodeJpeg(corpusFile('bad_corrupt_huffman.jpg'), MAX)).toThrow(/JPEG is corrupt: invalid Huffman code/);
    expect(() => decodeJpeg(corpusFile('bad_jpeg_sof_65500x65500.jpg'), MAX)).toThrow(/over the limit/);
  });

  it('the progressive and restart-marker files hold exactly the baseline coefficients', () => {
    const baseline = readJpegCoefficients(corpusFile(PHOTO), MAX);
    for (const file of ['jpeg_progressive_1920x1080.jpg', 'jpeg_restart_markers_1920x1080.jpg']) {
      const other = readJpegCoefficients(corpusFile(file), MAX);
      expect(other.planes.length).toBe(3);
      other.planes.forEach((plane, i) => {
        const expected = baseline.planes[i].coefficients;
        expect(plane.coefficients.length).toBe(expected.length);
        let differing = 0; // a plain loop: toEqual on millions of elements takes seconds
        for (let k = 0; k < expected.length; k++) if (plane.coefficients[k] !== expected[k]) differing++;
        expect(differing).toBe(0);
        expect(plane.quantTable).toEqual(baseline.planes[i].quantTable);
      });
    }
  });

  it('keeps readJpegHeader working on every valid file', () => {
    for (const entry of jpegs.filter((e) => e.valid && !e.traits.includes('arithmetic-coding'))) {
      const header = readJpegHeader(corpusFile(entry.file));
      expect([header.width, header.height]).toEqual([entry.width, entry.height]);
    }
  });
});

describe('JPEG decoding: coefficient planes', () => {
  const cases: [string, string, number[][]][] = [
    // file, colour space, [h, v] per component
    [PHOTO, 'ycbcr', [[2, 2], [1, 1], [1, 1]]],
    ['jpeg_422_799x533.jpg', 'ycbcr', [[2, 1], [1, 1], [1, 1]]],
    ['jpeg_444_641x427.jpg', 'ycbcr', [[1, 1], [1, 1], [1, 1]]],
    ['jpeg_grayscale_800x600.jpg', 'gray', [[1, 1]]],
    ['jpeg_cmyk_adobe_640x504.jpg', 'ycck', [[1, 1], [1, 1], [1, 1], [1, 1]]],
    ['jpeg_tiny_7x5.jpg', 'ycbcr', [[2, 2], [1, 1], [1, 1]]],
  ];
  for (const [file, space, sampling] of cases) {
    it(`${file}: ${space}, planes padded to whole MCUs`, () => {
      const c = readJpegCoefficients(corpusFile(file), MAX);
      expect(c.colorSpace).toBe(space);
      expect(c.planes.map((p) => [p.h, p.v])).toEqual(sampling);
      for (const plane of c.planes) {
        const expected = planeBlocks(c.width, c.height, plane.h, plane.v, c.maxH, c.maxV);
        expect([plane.blocksPerLine, plane.blocksPerColumn]).toEqual([expected.blocksPerLine, expected.blocksPerColumn]);
        expect(plane.coefficients.length).toBe(plane.blocksPerLine * plane.blocksPerColumn * 64);
        expect(plane.quantTable.length).toBe(64);
      }
    });
  }

  it('1920x1080 4:2:0 has 240x136 luma and 120x68 chroma blocks', () => {
    const c = readJpegCoefficients(corpusFile(PHOTO), MAX);
    expect(c.planes.map((p) => [p.blocksPerLine, p.blocksPerColumn])).toEqual([[240, 136], [120, 68], [120, 68]]);
  });
});

describe('JPEG decoding: scaled (shrink on load)', () => {
  const full = decodeJpeg(corpusFile(PHOTO), MAX);
  // Measured: 44.8 dB at 1/2, 42.9 dB at 1/4, 40.5 dB at 1/8.
  for (const [scale, minDb] of [[2, 40], [4, 38], [8, 36]] as const) {
    it(`1/${scale} is the box-averaged full decode within ${minDb} dB`, () => {
      const scaled = decodeJpeg(corpusFile(PHOTO), MAX, scale);
      expect([scaled.width, scaled.height]).toEqual([1920 / scale, Math.ceil(1080 / scale)]);
      expect(psnr(scaled.data, boxDown(full, scale).data)).toBeGreaterThan(minDb);
    });
  }

  it('rounds odd sizes up', () => {
    for (const scale of [2, 4, 8] as const) {
      const image = decodeJpeg(corpusFile('jpeg_tiny_7x5.jpg'), MAX, scale);
      expect([image.width, image.height]).toEqual([Math.ceil(7 / scale), Math.ceil(5 / scale)]);
    }
    const gray = coefficientsToImage(readJpegCoefficients(corpusFile('jpeg_grayscale_800x600.jpg'), MAX), 8);
    expect([gray.width, gray.height]).toEqual([100, 75]);
  });

  it('scaled decodes of every layout stay close to the full decode', () => {
    for (const file of ['jpeg_422_799x533.jpg', 'jpeg_444_641x427.jpg', 'jpeg_grayscale_800x600.jpg', 'jpeg_cmyk_adobe_640x504.jpg']) {
      const c = readJpegCoefficients(corpusFile(file), MAX);
      const whole = coefficientsToImage(c);
      for (const scale of [2, 4, 8] as const) {
        // Measured 38-60 dB.
        expect(psnr(coefficientsToImage(c, scale).data, boxDown(whole, scale).data)).toBeGreaterThan(35);
      }
    }
  });
});

describe('JPEG decoding: IDCT', () => {
  /** The exact 2-D IDCT of the top-left n x n coefficients, sampled at the centres of 8/n-pixel groups. */
  function reference(coef: Int16Array, quant: Uint16Array, n: number): number[] {
    const out: number[] = [];
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const px = ((x + 0.5) * 8) / n - 0.5;
        const py = ((y + 0.5) * 8) / n - 0.5;
        let sum = 0;
        for (let v = 0; v < n; v++) {
          for (let u = 0; u < n; u++) {
            const cu = u ? 1 : Math.SQRT1_2;
            const cv = v ? 1 : Math.SQRT1_2;
            sum += cu * cv * coef[v * 8 + u] * quant[v * 8 + u] *
              Math.cos(((2 * px + 1) * u * Math.PI) / 16) * Math.cos(((2 * py + 1) * v * Math.PI) / 16);
          }
        }
        out.push(Math.min(255, Math.max(0, Math.round(sum / 4 + 128))));
      }
    }
    return out;
  }

  it('matches the exact transform for every extent, at every scale (within 1)', () => {
    const next = random(42);
    const quant = new Uint16Array(64).map(() => 1 + Math.floor(next() * 30));
    const zigzag = [
      0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
      28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
      54, 47, 55, 62, 63,
    ];
    // A dirty workspace: no path may depend on it being cleared.
    const ws = new Float64Array(64).fill(1e6);
    for (const [n, idct] of [[8, idct8x8], [4, idct4x4], [2, idct2x2]] as const) {
      const table = idctTable(quant, (8 / n) as 1 | 2 | 4);
      let worst = 0;
      for (let extent = 1; extent <= 64; extent++) {
        for (let trial = 0; trial < 20; trial++) {
          const coef = new Int16Array(64);
          for (let k = 0; k < extent; k++) if (k === extent - 1 || next() < 0.5) coef[zigzag[k]] = Math.floor(next() * 24) - 12;
          coef[0] = Math.floor(next() * 60) - 30;
          const out = new Uint8ClampedArray(n * n);
          idct(coef, 0, table, ws, out, 0, n, extent);
          const expected = reference(coef, quant, n);
          for (let i = 0; i < n * n; i++) worst = Math.max(worst, Math.abs(out[i] - expected[i]));
        }
      }
      expect(worst).toBeLessThanOrEqual(1);
    }
  });
});

describe('JPEG decoding: damaged input only ever raises ImageError', () => {
  function decodeOrImageError(bytes: Uint8Array): 'decoded' | 'error' {
    const error = thrown(() => decodeJpeg(bytes, MAX));
    if (error === undefined) return 'decoded';
    expect(error).toBeInstanceOf(ImageError);
    return 'error';
  }

  for (const [file, seed, cases] of [
    ['jpeg_tiny_7x5.jpg', 1, 20], // mostly headers and tables
    ['jpeg_422_799x533.jpg', 2, 20],
    ['jpeg_progressive_1920x1080.jpg', 3, 10],
  ] as const) {
    it(`${cases} random mutations of ${file}`, () => {
      const original = corpusFile(file);
      const next = random(seed);
      const outcomes = { decoded: 0, error: 0 };
      for (let i = 0; i < cases; i++) {
        const bytes = original.slice();
        const count = 1 + Math.floor(next() * 4);
        for (let j = 0; j < count; j++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        outcomes[decodeOrImageError(bytes)]++;
      }
      expect(outcomes.decoded + outcomes.error).toBe(cases);
    });
  }

  it('truncation anywhere before the end of the data is an ImageError', () => {
    for (const file of ['jpeg_tiny_7x5.jpg', 'jpeg_progressive_1920x1080.jpg', 'jpeg_restart_markers_1920x1080.jpg']) {
      const bytes = corpusFile(file);
      for (const fraction of [0.001, 0.01, 0.1, 0.3, 0.6, 0.9, 0.99]) {
        const cut = bytes.subarray(0, Math.max(2, Math.floor(bytes.length * fraction)));
        expect(() => decodeJpeg(cut, MAX)).toThrow(ImageError);
      }
      // Cut inside the last bytes of entropy-coded data.
      expect(() => decodeJpeg(bytes.subarray(0, bytes.length - 4), MAX)).toThrow(/JPEG is truncated/);
    }
  });

  it('without its EOI marker, a progressive file is truncated but a complete baseline one decodes', () => {
    expect(() => decodeJpeg(corpusFile('jpeg_progressive_1920x1080.jpg').subarray(0, -2), MAX)).toThrow(/JPEG is truncated/);
    const bytes = corpusFile('jpeg_422_799x533.jpg');
    expect(psnr(decodeJpeg(bytes.subarray(0, -2), MAX).data, decodeJpeg(bytes, MAX).data)).toBe(Infinity);
  });

  it('a missing restart marker is corrupt', () => {
    const bytes = corpusFile('jpeg_restart_markers_1920x1080.jpg');
    let at = -1;
    for (let i = bytes.length >> 1; i < bytes.length - 1; i++) {
      if (bytes[i] === 0xff && bytes[i + 1] >= 0xd0 && bytes[i + 1] <= 0xd7) { at = i; break; }
    }
    expect(at).toBeGreaterThan(0);
    const damaged = new Uint8Array(bytes.length - 2);
    damaged.set(bytes.subarray(0, at));
    damaged.set(bytes.subarray(at + 2), at);
    expect(() => decodeJpeg(damaged, MAX)).toThrow(ImageError);
  });

  it('names unsupported precisions', () => {
    const bytes = corpusFile(PHOTO).slice();
    let sof = 2;
    while (!(bytes[sof] === 0xff && bytes[sof + 1] === 0xc0)) sof++;
    bytes[sof + 4] = 12;
    expect(() => decodeJpeg(bytes, MAX)).toThrow(/12-bit JPEG/);
  });

  it('refuses an image over the pixel limit before decoding it', () => {
    expect(() => decodeJpeg(corpusFile(PHOTO), 1920 * 1080 - 1)).toThrow(/over the limit/);
  });
});

describe('JPEG decoding: a region of whole MCUs (crop without decoding what is cut away)', () => {
  const layouts = [
    PHOTO, 'jpeg_422_799x533.jpg', 'jpeg_444_641x427.jpg', 'jpeg_grayscale_800x600.jpg', 'jpeg_cmyk_adobe_640x504.jpg',
    'jpeg_progressive_1920x1080.jpg', 'jpeg_tiny_7x5.jpg',
  ];
  it('decodes to exactly the whole decode\'s pixels there, for every layout, edge and rectangle', () => {
    const next = random(7);
    for (const file of layouts) {
      const c = readJpegCoefficients(corpusFile(file), MAX);
      const whole = coefficientsToImage(c);
      const rects = [
        { x: 0, y: 0, width: c.width, height: c.height },
        { x: c.width - 1, y: c.height - 1, width: 1, height: 1 },
        ...Array.from({ length: 6 }, () => {
          const x = Math.floor(next() * c.width), y = Math.floor(next() * c.height);
          return { x, y, width: 1 + Math.floor(next() * (c.width - x)), height: 1 + Math.floor(next() * (c.height - y)) };
        }),
      ];
      for (const rect of rects) {
        const { region, x, y } = mcuRegionCovering(c, rect);
        const part = coefficientsToImage(cropCoefficients(c, region));
        const label = `${file} ${JSON.stringify(rect)}`;
        expect(Buffer.from(crop(part, { ...rect, x: rect.x - x, y: rect.y - y }).data).equals(Buffer.from(crop(whole, rect).data)), label).toBe(true);
        // Only the covering MCUs were decoded.
        expect(part.width * part.height, label).toBeLessThanOrEqual((rect.width + 8 * c.maxH * 2) * (rect.height + 8 * c.maxV * 2));
      }
    }
  });

  it('the pipeline takes it for a leading crop, with the same result as cropping the whole decode', async () => {
    const source = corpusFile(PHOTO);
    const rect = { type: 'crop' as const, x: 640, y: 360, width: 640, height: 360 };
    const fast = await runPipeline(source, { operations: [rect] });
    const reference = encodeJpeg(crop(decodeJpeg(source, MAX), rect), DEFAULT_JPEG_QUALITY);
    expect(Buffer.from(fast.bytes).equals(Buffer.from(reference))).toBe(true);
  });
});

describe('JPEG decoding: a 1/8 decode stores one DC per block', () => {
  it('draws exactly what the full coefficients draw at 1/8, in 1/64 of the memory, and nothing else', () => {
    for (const file of [PHOTO, 'jpeg_422_799x533.jpg', 'jpeg_444_641x427.jpg', 'jpeg_grayscale_800x600.jpg', 'jpeg_cmyk_adobe_640x504.jpg', 'jpeg_restart_markers_1920x1080.jpg', 'jpeg_tiny_7x5.jpg']) {
      const bytes = corpusFile(file);
      const full = readJpegCoefficients(bytes, MAX);
      const dc = decodeScans(bytes, readJpegMarkers(bytes), MAX, coefficientsKept(8));
      for (const [i, plane] of dc.planes.entries()) {
        expect(plane.dcOnly, file).toBe(true);
        expect(plane.coefficients.length, file).toBe(plane.blocksPerLine * plane.blocksPerColumn);
        expect(plane.coefficients[plane.coefficients.length - 1], file).toBe(full.planes[i].coefficients[full.planes[i].coefficients.length - 64]);
      }
      expect(Buffer.from(coefficientsToImage(dc, 8).data).equals(Buffer.from(coefficientsToImage(full, 8).data)), file).toBe(true);
      const luma = (c: typeof full) => coefficientsToImage(keepLuma(c), 8).data;
      if (full.colorSpace === 'ycbcr') expect(Buffer.from(luma(dc)).equals(Buffer.from(luma(full))), file).toBe(true);
      expect(() => coefficientsToImage(dc, 4), file).toThrow(/1\/8/);
    }
  });

  it('4:2:0 at 1/8 (drawn straight from the DCs): the general path\'s pixels for odd and even sizes', () => {
    for (const [width, height] of [[8 * 61 + 3, 8 * 37 + 5], [8 * 62, 8 * 36 + 1], [8 * 61, 8 * 36], [9, 8], [1, 1]]) {
      const source = { width, height, data: new Uint8Array(width * height * 4) };
      for (let i = 0; i < width * height; i++) {
        const x = i % width, y = (i / width) | 0;
        source.data.set([(x * 7 + y * 3) & 255, (x * y) & 255, (255 - x * 5 + y * 11) & 255, 255], i * 4);
      }
      const bytes = encodeJpeg(source, 90);
      const full = readJpegCoefficients(bytes, MAX);
      const dc = decodeScans(bytes, readJpegMarkers(bytes), MAX, coefficientsKept(8));
      expect(dc.planes.map((p) => [p.h, p.v, p.dcOnly])).toEqual([[2, 2, true], [1, 1, true], [1, 1, true]]);
      const image = coefficientsToImage(dc, 8);
      expect([image.width, image.height]).toEqual([Math.ceil(width / 8), Math.ceil(height / 8)]);
      expect(Buffer.from(image.data).equals(Buffer.from(coefficientsToImage(full, 8).data)), `${width}x${height}`).toBe(true);
    }
  });

  /** Each block's DC of full coefficients, per plane. */
  const dcsOf = (c: ReturnType<typeof readJpegCoefficients>) =>
    c.planes.map((p) => Int16Array.from({ length: p.blocksPerLine * p.blocksPerColumn }, (_, b) => p.coefficients[b * 64]));

  it('holds every block\'s DC exactly, also when its whole-block tables are already filled', () => {
    for (const file of [PHOTO, 'jpeg_422_799x533.jpg', 'jpeg_444_641x427.jpg', 'jpeg_grayscale_800x600.jpg', 'jpeg_cmyk_adobe_640x504.jpg', 'jpeg_restart_markers_1920x1080.jpg', 'jpeg_tiny_7x5.jpg', 'jpeg_exif_orientation6_1080x1920.jpg']) {
      const bytes = corpusFile(file);
      const expected = dcsOf(readJpegCoefficients(bytes, MAX));
      // The same markers twice: the second decode finds the tables the first one filled.
      const markers = readJpegMarkers(bytes);
      for (let round = 0; round < 2; round++) {
        const dc = decodeScans(bytes, markers, MAX, coefficientsKept(8));
        dc.planes.forEach((p, i) => expect(Buffer.from(p.coefficients.buffer, p.coefficients.byteOffset, p.coefficients.byteLength)
          .equals(Buffer.from(expected[i].buffer)), `${file} plane ${i} round ${round}`).toBe(true));
      }
    }
  });

  it('stays exact across many files with tables of their own (past the bounds of the table caches, twice over)', () => {
    // The encoder writes optimized Huffman tables: every image below has its own four.
    const files = Array.from({ length: 12 }, (_, n) => {
      const width = 64 + n * 8, height = 48;
      const data = new Uint8Array(width * height * 4);
      for (let i = 0; i < width * height; i++) data.set([(i * (n + 3)) & 255, (i >> (n % 5)) & 255, (n * 40 + (i % 7) * 30) & 255, 255], i * 4);
      return encodeJpeg({ width, height, data }, 50 + n * 4);
    });
    const tables = new Set(files.flatMap((bytes) => {
      const scan = readJpegMarkers(bytes).scans[0];
      return [...scan.dcTables, ...scan.acTables].map((t) => `${t!.counts}|${t!.symbols}`);
    }));
    expect(tables.size).toBeGreaterThan(16);
    for (let round = 0; round < 2; round++) {
      for (const [n, bytes] of files.entries()) {
        const expected = dcsOf(readJpegCoefficients(bytes, MAX));
        decodeScans(bytes, readJpegMarkers(bytes), MAX, coefficientsKept(8)).planes
          .forEach((p, i) => expect(Array.from(p.coefficients), `image ${n} plane ${i} round ${round}`).toEqual(Array.from(expected[i])));
      }
    }
  });

  it('damaged scan data ends as the full decode does: the same DCs, or an ImageError (past the data\'s end, that it ran out)', () => {
    const random = prng(0x1d8c);
    let failures = 0;
    for (const file of [PHOTO, 'jpeg_restart_markers_1920x1080.jpg', 'jpeg_422_799x533.jpg']) {
      const original = corpusFile(file);
      const { dataStart, dataEnd } = readJpegMarkers(original).scans[0];
      for (let n = 0; n < 24; n++) {
        const bytes = original.slice(0, n % 3 === 2 ? dataStart + Math.floor(random() * (dataEnd - dataStart)) : original.length);
        // A few bytes overwritten inside the scan data (not its markers: those are the marker reader's business).
        for (let j = n % 3 === 2 ? 0 : 1 + Math.floor(random() * 4); j > 0; j--) {
          const at = dataStart + Math.floor(random() * (dataEnd - dataStart));
          if (bytes[at] !== 0xff && bytes[at - 1] !== 0xff) bytes[at] = Math.floor(random() * 255);
        }
        const full = thrown(() => readJpegCoefficients(bytes, MAX));
        const dc = thrown(() => decodeScans(bytes, readJpegMarkers(bytes), MAX, coefficientsKept(8)));
        if (full === undefined) {
          expect(dc, `${file} case ${n}`).toBeUndefined();
          const expected = dcsOf(readJpegCoefficients(bytes, MAX));
          decodeScans(bytes, readJpegMarkers(bytes), MAX, coefficientsKept(8)).planes
            .forEach((p, i) => expect(Array.from(p.coefficients), `${file} case ${n}`).toEqual(Array.from(expected[i])));
        } else {
          failures++;
          expect(dc, `${file} case ${n}`).toBeInstanceOf(ImageError);
          const message = (dc as Error).message;
          if (message !== (full as Error).message) expect(message, `${file} case ${n}`).toMatch(/truncated|ends too early/);
        }
      }
    }
    // Both outcomes are exercised.
    expect(failures).toBeGreaterThan(10);
    expect(failures).toBeLessThan(62);
  });

  it('Huffman tables are shared by content across files (their derived tables with them), and only by content', () => {
    const tablesOf = (file: string) => readJpegMarkers(corpusFile(file)).scans[0];
    const a = tablesOf(PHOTO), b = tablesOf('jpeg_422_799x533.jpg');
    expect(a.acTables[0]).not.toBe(b.acTables[0]);
    expect(huffmanTable(a.acTables[0]!)).toBe(huffmanTable(readJpegMarkers(corpusFile(PHOTO)).scans[0].acTables[0]!));
    expect(huffmanTable(a.dcTables[0]!)).not.toBe(huffmanTable(a.acTables[0]!));
    const same = (x: typeof a.acTables[0], y: typeof x) =>
      Buffer.from(x!.counts).equals(Buffer.from(y!.counts)) && Buffer.from(x!.symbols).equals(Buffer.from(y!.symbols));
    expect(huffmanTable(a.acTables[0]!) === huffmanTable(b.acTables[0]!)).toBe(same(a.acTables[0], b.acTables[0]));
  });

  it('progressive files keep whole blocks (their DC can be refined by later scans)', () => {
    const bytes = corpusFile('jpeg_progressive_1920x1080.jpg');
    const c = decodeScans(bytes, readJpegMarkers(bytes), MAX, coefficientsKept(8));
    expect(c.planes.every((p) => !p.dcOnly && p.coefficients.length === p.blocksPerLine * p.blocksPerColumn * 64)).toBe(true);
  });
});

describe('JPEG: lossless crop on the MCU grid', () => {
  it('keeps the source blocks: the output decodes to exactly the crop of the source decode', async () => {
    const cases: [string, { x: number; y: number; width: number; height: number }][] = [
      [PHOTO, { x: 640, y: 352, width: 641, height: 363 }],
      [PHOTO, { x: 1904, y: 1072, width: 16, height: 8 }],
      ['jpeg_422_799x533.jpg', { x: 16, y: 8, width: 783, height: 525 }],
      ['jpeg_444_641x427.jpg', { x: 8, y: 416, width: 1, height: 11 }],
      ['jpeg_grayscale_800x600.jpg', { x: 792, y: 0, width: 8, height: 600 }],
    ];
    for (const [file, rect] of cases) {
      const source = corpusFile(file);
      const result = await runPipeline(source, { operations: [{ type: 'crop', ...rect }] });
      const label = `${file} ${JSON.stringify(rect)}`;
      expect([result.width, result.height], label).toEqual([rect.width, rect.height]);
      // Same quantization as the source: the crop was not re-encoded.
      expect(readJpegCoefficients(result.bytes, MAX).planes.map((p) => [...p.quantTable]), label)
        .toEqual(readJpegCoefficients(source, MAX).planes.map((p) => [...p.quantTable]));
      expect(Buffer.from(decodeJpeg(result.bytes, MAX).data).equals(Buffer.from(crop(decodeJpeg(source, MAX), rect).data)), label).toBe(true);
    }
  });
});
