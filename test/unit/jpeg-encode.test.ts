import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { ImageError } from '../../src/imaging/errors.js';
import type { RgbaImage } from '../../src/imaging/image.js';
import { planeBlocks, ZIGZAG_TO_NATURAL, type CoefficientPlane, type JpegCoefficients, type JpegColorSpace } from '../../src/imaging/jpeg/coefficients.js';
import { DEFAULT_JPEG_QUALITY, encodeJpeg } from '../../src/imaging/jpeg/encode.js';
import { readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { writeJpeg } from '../../src/imaging/jpeg/entropy-encode.js';
import { imageToCoefficients } from '../../src/imaging/jpeg/from-pixels.js';
import { huffmanCodes, optimalHuffmanSpec } from '../../src/imaging/jpeg/huffman-encode.js';
import { qualityScaling, quantTablesForQuality } from '../../src/imaging/jpeg/quant-tables.js';
import { keepLuma, transformCoefficients, transformFidelity } from '../../src/imaging/jpeg/transform.js';
import { corpusFile, corpusManifest, psnr } from '../helpers.js';

// Measured (jpeg-js decoding): 1920x1080 photo at 85 -> 47.6 dB; 641x427 detailed photo (stored 4:4:4) at 50 / 85 / 95
// -> 31.5 / 35.4 / 38.2 dB, where 4:2:0 chroma is the limit. Thresholds leave a few dB of margin.
const PHOTO_MIN_PSNR_DB = 42;
const DETAILED_MIN_PSNR_DB = 33;
/** Flat DC-only blocks decode to exactly 128 + dc * q / 8; allow IDCT and colour-conversion rounding. */
const FLAT_TOLERANCE = 3;

function decode(bytes: Uint8Array, colorTransform?: boolean): RgbaImage {
  const d = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, ...(colorTransform === undefined ? {} : { colorTransform }) });
  return { width: d.width, height: d.height, data: d.data as Uint8Array };
}

function decodeCorpus(name: string): RgbaImage {
  return decode(corpusFile(name));
}

interface Frame {
  marker: number;
  width: number;
  height: number;
  components: { id: number; h: number; v: number; tq: number }[];
  jfif: boolean;
  adobeTransform?: number;
  dqtPrecisions: number[];
}

/** Reads the frame header and APP markers of a JPEG, to check what the writer declared. */
function parseFrame(bytes: Uint8Array): Frame {
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  expect([bytes[bytes.length - 2], bytes[bytes.length - 1]]).toEqual([0xff, 0xd9]);
  let p = 2;
  let jfif = false;
  let adobeTransform: number | undefined;
  const dqtPrecisions: number[] = [];
  for (;;) {
    const marker = (bytes[p] << 8) | bytes[p + 1];
    const length = (bytes[p + 2] << 8) | bytes[p + 3];
    const body = bytes.subarray(p + 4, p + 2 + length);
    if (marker === 0xffe0) jfif = String.fromCharCode(...body.subarray(0, 4)) === 'JFIF';
    if (marker === 0xffee) adobeTransform = body[11];
    if (marker === 0xffdb) dqtPrecisions.push(body[0] >> 4);
    if (marker === 0xffc0 || marker === 0xffc1) {
      const n = body[5];
      const components = [];
      for (let i = 0; i < n; i++) {
        components.push({ id: body[6 + 3 * i], h: body[7 + 3 * i] >> 4, v: body[7 + 3 * i] & 15, tq: body[8 + 3 * i] });
      }
      return {
        marker, height: (body[1] << 8) | body[2], width: (body[3] << 8) | body[4], components, jfif, adobeTransform, dqtPrecisions,
      };
    }
    p += 2 + length;
  }
}

/** A deterministic test picture: smooth colour waves (kind to 4:2:0 chroma) plus a little noise. */
function testImage(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const noise = ((seed >>> 24) & 7) - 4;
      const i = (y * width + x) * 4;
      data[i] = Math.round(128 + 100 * Math.sin(x / 7) + noise);
      data[i + 1] = Math.round(128 + 100 * Math.cos(y / 5) + noise);
      data[i + 2] = Math.round(128 + 60 * Math.sin((x + y) / 9));
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Index of the first differing byte, or -1 (toEqual on megabyte arrays is slow). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function luma(image: RgbaImage): Uint8Array {
  const out = new Uint8Array(image.width * image.height);
  for (let i = 0; i < out.length; i++) {
    const d = image.data;
    out[i] = Math.round(0.299 * d[4 * i] + 0.587 * d[4 * i + 1] + 0.114 * d[4 * i + 2]);
  }
  return out;
}

/** PSNR of channel 0 of a decoded RGBA image against a single-channel buffer. */
function grayPsnr(decoded: RgbaImage, expected: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = decoded.data[4 * i] - expected[i];
    sum += d * d;
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / expected.length));
}

/**
 * Coefficients whose every block is flat: block (row, col) of component c has
 * sample value value(c, row, col), stored as the DC with quantizer 8 (so the
 * DC coefficient is the value - 128). Padding blocks get value 0 (a wrong
 * block count would show as black).
 */
function flatCoefficients(
  width: number, height: number, colorSpace: JpegColorSpace, sampling: [number, number][],
  value: (component: number, row: number, col: number) => number,
): JpegCoefficients {
  const maxH = Math.max(...sampling.map((s) => s[0]));
  const maxV = Math.max(...sampling.map((s) => s[1]));
  const planes = sampling.map(([h, v], c): CoefficientPlane => {
    const { blocksPerLine, blocksPerColumn } = planeBlocks(width, height, h, v, maxH, maxV);
    const usedW = Math.ceil(Math.ceil((width * h) / maxH) / 8);
    const usedH = Math.ceil(Math.ceil((height * v) / maxV) / 8);
    const coefficients = new Int16Array(blocksPerLine * blocksPerColumn * 64);
    for (let r = 0; r < blocksPerColumn; r++) {
      for (let col = 0; col < blocksPerLine; col++) {
        coefficients[(r * blocksPerLine + col) * 64] = (r < usedH && col < usedW ? value(c, r, col) : 0) - 128;
      }
    }
    return { id: c + 1, h, v, quantTable: new Uint16Array(64).fill(8), blocksPerLine, blocksPerColumn, coefficients };
  });
  return { width, height, maxH, maxV, colorSpace, planes };
}

/** jpeg-js's YCbCr -> RGB. */
function yccToRgb(y: number, cb: number, cr: number): [number, number, number] {
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  return [clamp(y + 1.402 * (cr - 128)), clamp(y - 0.3441363 * (cb - 128) - 0.71413636 * (cr - 128)), clamp(y + 1.772 * (cb - 128))];
}

function maxDifferenceFromFlat(
  decoded: RgbaImage, sampling: [number, number][], value: (component: number, row: number, col: number) => number,
): number {
  const maxH = Math.max(...sampling.map((s) => s[0]));
  const maxV = Math.max(...sampling.map((s) => s[1]));
  let worst = 0;
  for (let y = 0; y < decoded.height; y++) {
    for (let x = 0; x < decoded.width; x++) {
      const samples = sampling.map(([h, v], c) => value(c, Math.floor((y * v) / maxV / 8), Math.floor((x * h) / maxH / 8)));
      const expected = yccToRgb(samples[0], samples[1], samples[2]);
      for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(decoded.data[(y * decoded.width + x) * 4 + k] - expected[k]));
    }
  }
  return worst;
}

describe('quantization tables', () => {
  it('at quality 50 are the Annex K tables exactly', () => {
    const { luminance, chrominance } = quantTablesForQuality(50);
    expect(Array.from(luminance)).toEqual([
      16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
      14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
      49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ]);
    expect(Array.from(chrominance)).toEqual([
      17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
      47, 66, 99, 99, 99, 99, 99, 99, ...new Array(32).fill(99),
    ]);
  });

  it('scale like libjpeg (jpeg_quality_scaling, clamped to 1..255)', () => {
    expect([qualityScaling(1), qualityScaling(10), qualityScaling(50), qualityScaling(85), qualityScaling(100)]).toEqual([5000, 500, 100, 30, 0]);
    expect(quantTablesForQuality(85).luminance[0]).toBe(5); // (16 * 30 + 50) / 100
    expect(quantTablesForQuality(100).luminance.every((q) => q === 1)).toBe(true);
    expect(quantTablesForQuality(1).chrominance.every((q) => q === 255)).toBe(true);
  });
});

describe('optimal Huffman tables', () => {
  it('give every occurring symbol a code of at most 16 bits and leave the all-ones code unused', () => {
    const freq = new Int32Array(256);
    // Counts spanning many orders of magnitude force the Annex K.2 length limiting.
    for (let s = 0; s < 162; s++) freq[(s * 37) % 256] = Math.floor(1.12 ** s) + 1;
    const spec = optimalHuffmanSpec(freq);
    const { lengths } = huffmanCodes(spec);
    let kraft = 0;
    for (let s = 0; s < 256; s++) {
      expect(lengths[s] > 0).toBe(freq[s] > 0);
      expect(lengths[s]).toBeLessThanOrEqual(16);
      if (lengths[s]) kraft += 2 ** -lengths[s];
    }
    expect(kraft).toBeLessThan(1);
    expect(Math.max(...lengths)).toBe(16);
    // The commonest symbol gets the shortest code, the rarest the longest.
    expect(lengths[(161 * 37) % 256]).toBe(Math.min(...Array.from(lengths).filter((l) => l > 0)));
    expect(lengths[0]).toBe(16); // count 2, among the rarest
  });

  it('handle a single symbol', () => {
    const freq = new Int32Array(256);
    freq[5] = 100;
    const { codes, lengths } = huffmanCodes(optimalHuffmanSpec(freq));
    expect([codes[5], lengths[5]]).toEqual([0, 1]);
  });
});

describe('encodeJpeg round trips through jpeg-js', () => {
  it(`encodes the 1920x1080 photo at ${DEFAULT_JPEG_QUALITY} above ${PHOTO_MIN_PSNR_DB} dB`, () => {
    const image = decodeCorpus('jpeg_baseline_420_1920x1080.jpg');
    const bytes = encodeJpeg(image);
    const frame = parseFrame(bytes);
    expect(frame.marker).toBe(0xffc0);
    expect(frame.jfif).toBe(true);
    expect(frame.components.map((c) => [c.id, c.h, c.v])).toEqual([[1, 2, 2], [2, 1, 1], [3, 1, 1]]);
    const back = decode(bytes);
    expect([back.width, back.height]).toEqual([1920, 1080]);
    expect(psnr(image.data, back.data)).toBeGreaterThan(PHOTO_MIN_PSNR_DB);
  });

  it('gives higher PSNR and larger files at higher quality', () => {
    const image = decodeCorpus('jpeg_444_641x427.jpg');
    const results = [50, 85, 95].map((quality) => {
      const bytes = encodeJpeg(image, quality);
      return { size: bytes.length, psnr: psnr(image.data, decode(bytes).data) };
    });
    expect(results[1].psnr).toBeGreaterThan(DETAILED_MIN_PSNR_DB);
    expect(results[0].psnr).toBeLessThan(results[1].psnr);
    expect(results[1].psnr).toBeLessThan(results[2].psnr);
    expect(results[0].size).toBeLessThan(results[1].size);
    expect(results[1].size).toBeLessThan(results[2].size);
  });

  it('writes a one-component JPEG of the luma when asked for grayscale', () => {
    const image = decodeCorpus('jpeg_444_641x427.jpg');
    const bytes = encodeJpeg(image, 95, { grayscale: true });
    const frame = parseFrame(bytes);
    expect(frame.components).toEqual([{ id: 1, h: 1, v: 1, tq: 0 }]);
    const back = decode(bytes);
    expect([back.width, back.height]).toEqual([641, 427]);
    let colourful = 0;
    for (let i = 0; i < back.data.length; i += 4) if (back.data[i + 1] !== back.data[i] || back.data[i + 2] !== back.data[i]) colourful++;
    expect(colourful).toBe(0);
    // Luma is computed with the BT.601 weights to 1/256; JPEG at quality 95 adds a little noise on top.
    // Measured 51.8 dB at quality 95 and 56.4 dB at 100.
    expect(grayPsnr(back, luma(image))).toBeGreaterThan(45);
    const lossless = decode(encodeJpeg(image, 100, { grayscale: true }));
    expect(grayPsnr(lossless, luma(image))).toBeGreaterThan(50);
  });

  for (const [width, height] of [[1, 1], [7, 5], [17, 9], [16, 16], [33, 2]]) {
    it(`encodes odd size ${width}x${height}`, () => {
      const image = testImage(width, height);
      for (const grayscale of [false, true]) {
        const bytes = encodeJpeg(image, 90, { grayscale });
        const frame = parseFrame(bytes);
        expect([frame.width, frame.height, frame.components.length]).toEqual([width, height, grayscale ? 1 : 3]);
        const back = decode(bytes);
        expect([back.width, back.height]).toEqual([width, height]);
        // Measured 42.9-44.0 dB (luma only) and 34.0-37.4 dB (4:2:0 colour of a noisy picture); 1x1 is near exact.
        if (grayscale) expect(grayPsnr(back, luma(image))).toBeGreaterThan(38);
        else expect(psnr(image.data, back.data)).toBeGreaterThan(30);
      }
    });
  }

  it('pads edge blocks by replicating the last column and row', () => {
    // A flat 9x9 colour: with replicated padding every block stays flat and decodes almost exactly;
    // padding with black would put a strong edge into the blocks and ring into the visible pixels.
    const image: RgbaImage = { width: 9, height: 9, data: new Uint8Array(9 * 9 * 4) };
    for (let i = 0; i < 81; i++) image.data.set([200, 100, 50, 255], 4 * i);
    const back = decode(encodeJpeg(image, 90));
    let worst = 0;
    for (let i = 0; i < back.data.length; i++) worst = Math.max(worst, Math.abs(back.data[i] - image.data[i]));
    expect(worst).toBeLessThanOrEqual(3);
  });
});

describe('imageToCoefficients + writeJpeg', () => {
  it('produce the structure and a file jpeg-js reads with the expected size and components', () => {
    const image = testImage(100, 37);
    const c = imageToCoefficients(image, 80);
    expect([c.maxH, c.maxV, c.colorSpace]).toEqual([2, 2, 'ycbcr']);
    expect(c.planes.map((p) => [p.h, p.v, p.blocksPerLine, p.blocksPerColumn])).toEqual([[2, 2, 14, 6], [1, 1, 7, 3], [1, 1, 7, 3]]);
    const bytes = writeJpeg(c);
    expect(parseFrame(bytes).components.length).toBe(3);
    const back = decode(bytes);
    expect([back.width, back.height]).toEqual([100, 37]);

    const g = imageToCoefficients(image, 80, { grayscale: true });
    expect([g.maxH, g.maxV, g.colorSpace, g.planes.length]).toEqual([1, 1, 'gray', 1]);
    const gBytes = writeJpeg(g);
    expect(parseFrame(gBytes).components.length).toBe(1);
    expect([decode(gBytes).width, decode(gBytes).height]).toEqual([100, 37]);
  });

  it('optimized Huffman tables give a valid, smaller file than the Annex K tables', () => {
    const c = imageToCoefficients(decodeCorpus('jpeg_444_641x427.jpg'), 85);
    const optimized = writeJpeg(c);
    const standard = writeJpeg(c, { optimizeHuffman: false });
    expect(optimized.length).toBeLessThan(standard.length);
    // Same coefficients, so both decode to the same pixels.
    expect(firstDifference(decode(optimized).data, decode(standard).data)).toBe(-1);
  });
});

describe('writeJpeg of decoded corpus coefficients', () => {
  // Real structures: 4:2:0, 4:2:2, 4:4:4, gray, YCCK, progressive and restart-marker sources, odd sizes.
  const files = corpusManifest().filter((e) => e.valid && e.format === 'jpeg' && !e.traits.includes('arithmetic-coding'));
  for (const { file } of files) {
    it(`re-encodes ${file} to the same pixels in no more bytes`, () => {
      const source = corpusFile(file);
      const coefficients = readJpegCoefficients(source, 40e6);
      const bytes = writeJpeg(coefficients);
      expect(bytes.length).toBeLessThanOrEqual(source.length);
      const options = { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 } as const;
      expect(firstDifference(jpeg.decode(bytes, options).data as Uint8Array, jpeg.decode(source, options).data as Uint8Array)).toBe(-1);
    });
  }
});

/** Decodes `bytes` and expects exactly the coefficients that were written, plane by plane. */
function expectSameCoefficients(bytes: Uint8Array, written: JpegCoefficients): void {
  const back = readJpegCoefficients(bytes, 40e6);
  expect([back.width, back.height, back.colorSpace]).toEqual([written.width, written.height, written.colorSpace]);
  written.planes.forEach((plane, i) => {
    const read = back.planes[i];
    expect([read.blocksPerLine, read.blocksPerColumn]).toEqual([plane.blocksPerLine, plane.blocksPerColumn]);
    expect(Array.from(read.quantTable)).toEqual(Array.from(plane.quantTable));
    const blocks = plane.blocksPerLine * plane.blocksPerColumn * 64;
    expect(firstDifference(read.coefficients.subarray(0, blocks), plane.coefficients.subarray(0, blocks))).toBe(-1);
  });
}

describe('writeJpeg round trips coefficients exactly', () => {
  // The bit writer's fast paths (whole-word flushes, stuffing only for words holding 0xFF, long
  // codes split from their extra bits) must reproduce every coefficient of real and transformed planes.
  const files = corpusManifest().filter((e) => e.valid && e.format === 'jpeg' && !e.traits.includes('arithmetic-coding'));
  for (const { file } of files) {
    it(`${file} in all 8 orientations, with standard tables and as luma only`, () => {
      const coefficients = readJpegCoefficients(corpusFile(file), 40e6);
      for (let t = 0; t < 8; t++) {
        const o = { transpose: (t & 4) !== 0, flipX: (t & 1) !== 0, flipY: (t & 2) !== 0 };
        if (transformFidelity(coefficients, o) === 'unsupported') continue;
        const moved = transformCoefficients(coefficients, o);
        expectSameCoefficients(writeJpeg(moved), moved);
      }
      expectSameCoefficients(writeJpeg(coefficients, { optimizeHuffman: false }), coefficients);
      if (coefficients.colorSpace === 'ycbcr') expectSameCoefficients(writeJpeg(keepLuma(coefficients)), keepLuma(coefficients));
    });
  }

  it('random dense blocks: long codes, many 0xFF bytes to stuff, every magnitude category', () => {
    let seed = 987654321;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const blocksPerLine = 48, blocksPerColumn = 32;
    const coefficients = new Int16Array(blocksPerLine * blocksPerColumn * 64);
    for (let b = 0; b < blocksPerLine * blocksPerColumn; b++) {
      coefficients[b * 64] = Math.round((random() - 0.5) * 2040); // DC differences up to 2040: category 11
      const density = random();
      for (let k = 1; k < 64; k++) {
        if (random() > density) continue;
        const category = 1 + Math.floor(random() * 10); // AC categories 1-10
        const magnitude = (1 << (category - 1)) + Math.floor(random() * (1 << (category - 1)));
        coefficients[b * 64 + k] = random() < 0.5 ? -magnitude : magnitude;
      }
    }
    const c: JpegCoefficients = {
      width: blocksPerLine * 8, height: blocksPerColumn * 8, maxH: 1, maxV: 1, colorSpace: 'gray',
      planes: [{ id: 1, h: 1, v: 1, quantTable: new Uint16Array(64).fill(1), blocksPerLine, blocksPerColumn, coefficients }],
    };
    const bytes = writeJpeg(c);
    let stuffed = 0;
    for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0) stuffed++;
    expect(stuffed).toBeGreaterThan(100);
    expectSameCoefficients(bytes, c);
    expectSameCoefficients(writeJpeg(c, { optimizeHuffman: false }), c);
  });
});

describe('writeJpeg of hand-made coefficients', () => {
  const value = (c: number, row: number, col: number) => (c === 0 ? 40 + ((row * 7 + col * 13) % 180) : c === 1 ? 90 + ((row * 5 + col * 11) % 80) : 100 + ((row + col) % 3) * 20);
  const cases: [string, number, number, [number, number][]][] = [
    ['4:4:4', 40, 24, [[1, 1], [1, 1], [1, 1]]],
    ['4:2:2', 40, 24, [[2, 1], [1, 1], [1, 1]]],
    ['4:2:0', 45, 37, [[2, 2], [1, 1], [1, 1]]],
    ['4:4:0', 24, 40, [[1, 2], [1, 1], [1, 1]]],
    ['3x1 luma', 50, 8, [[3, 1], [1, 1], [1, 1]]],
  ];
  for (const [name, width, height, sampling] of cases) {
    it(`decodes ${name} (${width}x${height}) to the intended blocks`, () => {
      const bytes = writeJpeg(flatCoefficients(width, height, 'ycbcr', sampling, value));
      expect(parseFrame(bytes).components.map((c) => [c.h, c.v])).toEqual(sampling);
      const back = decode(bytes);
      expect([back.width, back.height]).toEqual([width, height]);
      expect(maxDifferenceFromFlat(back, sampling, value)).toBeLessThanOrEqual(FLAT_TOLERANCE);
    });
  }

  it('writes a lone component with 2x2 sampling (chroma dropped from 4:2:0) block by block', () => {
    const width = 20, height = 12;
    const c = flatCoefficients(width, height, 'gray', [[2, 2]], (_, row, col) => 30 + row * 50 + col * 60);
    expect([c.planes[0].blocksPerLine, c.planes[0].blocksPerColumn]).toEqual([4, 2]); // padded to a 16x16 MCU
    const bytes = writeJpeg(c);
    expect(parseFrame(bytes).components).toEqual([{ id: 1, h: 1, v: 1, tq: 0 }]);
    const back = decode(bytes);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        expect(Math.abs(back.data[(y * width + x) * 4] - (30 + (y >> 3) * 50 + (x >> 3) * 60))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('marks CMYK and YCCK with Adobe APP14 and the right transform', () => {
    const cmyk = flatCoefficients(16, 16, 'cmyk', [[1, 1], [1, 1], [1, 1], [1, 1]], (c, row, col) => (c === 3 ? 255 : 60 + c * 50 + row * 20 + col * 10));
    const bytes = writeJpeg(cmyk);
    const frame = parseFrame(bytes);
    expect([frame.jfif, frame.adobeTransform, frame.components.length]).toEqual([false, 0, 4]);
    // jpeg-js: with K = 255 (no black) the decoded RGB equals the first three components.
    const back = decode(bytes);
    for (const [x, y] of [[0, 0], [12, 3], [5, 12]]) {
      for (let c = 0; c < 3; c++) {
        expect(Math.abs(back.data[(y * 16 + x) * 4 + c] - (60 + c * 50 + (y >> 3) * 20 + (x >> 3) * 10))).toBeLessThanOrEqual(1);
      }
    }
    const ycck = writeJpeg({ ...flatCoefficients(16, 16, 'ycck', [[2, 2], [1, 1], [1, 1], [2, 2]], () => 128), colorSpace: 'ycck' });
    expect(parseFrame(ycck).adobeTransform).toBe(2);
    expect(decode(ycck).width).toBe(16);
    const rgb = writeJpeg(flatCoefficients(8, 8, 'rgb', [[1, 1], [1, 1], [1, 1]], (c) => 50 + c * 70));
    expect(parseFrame(rgb).adobeTransform).toBe(0);
    expect(Array.from(decode(rgb, false).data.subarray(0, 3))).toEqual([50, 120, 190]);
  });

  it('writes 16-bit DQT and SOF1 when a quantizer exceeds 255', () => {
    const c = flatCoefficients(16, 8, 'gray', [[1, 1]], (_, __, col) => 100 + col * 50);
    const plane = c.planes[0];
    const quantTable = new Uint16Array(64).fill(8);
    quantTable[63] = 1000;
    plane.coefficients[63] = 1; // highest frequency of block 0, dequantized to 1000
    const bytes = writeJpeg({ ...c, planes: [{ ...plane, quantTable }] });
    const frame = parseFrame(bytes);
    expect([frame.marker, frame.dqtPrecisions]).toEqual([0xffc1, [1]]);
    const back = decode(bytes);
    // Pixel (0, 0) gets 1000 * cos(7 pi / 16)^2 / 4 = 9.5 on top of 100; block 1 is untouched.
    expect(Math.abs(back.data[0] - 109.5)).toBeLessThanOrEqual(2);
    expect(Math.abs(back.data[8 * 4] - 150)).toBeLessThanOrEqual(1);
  });

  it('handles Huffman codes too long to share a 32-bit word with their extra bits', () => {
    // One AC symbol per block with Fibonacci-like frequencies makes a deep tree; the rarest symbols have
    // 10 extra bits (value 512), so code + extra bits exceed 25.
    const symbols: number[] = [];
    for (let run = 0; run < 15; run++) symbols.push((run << 4) | (run % 9 + 1));
    symbols.push(0x0a, 0x1a, 0x2a);
    const counts = [1, 1];
    // Slightly faster growth than Fibonacci, so no ties let the tree come out bushier.
    while (counts.length < symbols.length) counts.push(counts[counts.length - 1] + counts[counts.length - 2] + 1);
    counts.reverse(); // commonest first; the last (rarest) symbols have category 10
    const totalBlocks = counts.reduce((a, b) => a + b, 0);
    const blocksPerLine = 64;
    const blocksPerColumn = Math.ceil(totalBlocks / blocksPerLine);
    const coefficients = new Int16Array(blocksPerLine * blocksPerColumn * 64);
    let block = 0;
    symbols.forEach((symbol, i) => {
      const run = symbol >> 4;
      const value = 1 << ((symbol & 15) - 1);
      for (let n = 0; n < counts[i]; n++, block++) coefficients[block * 64 + ZIGZAG_TO_NATURAL[run + 1]] = n % 2 ? value : -value;
    });
    const c: JpegCoefficients = {
      width: blocksPerLine * 8, height: blocksPerColumn * 8, maxH: 1, maxV: 1, colorSpace: 'gray',
      planes: [{ id: 1, h: 1, v: 1, quantTable: new Uint16Array(64).fill(1), blocksPerLine, blocksPerColumn, coefficients }],
    };
    // Check that the case is really reached: some category-10 symbol gets a 16-bit code.
    const freq = new Int32Array(256);
    symbols.forEach((s, i) => (freq[s] = counts[i]));
    freq[0] = totalBlocks; // EOB
    const { lengths } = huffmanCodes(optimalHuffmanSpec(freq));
    expect(Math.max(...symbols.filter((s) => (s & 15) === 10).map((s) => lengths[s]))).toBe(16);

    const optimized = decode(writeJpeg(c));
    const standard = decode(writeJpeg(c, { optimizeHuffman: false }));
    expect(firstDifference(optimized.data, standard.data)).toBe(-1);
  });

  it('codes long zero runs (ZRL), a last coefficient at 63 (no EOB) and negative values', () => {
    // Two gray blocks checked against a direct float IDCT, independent of the writer's tokenizer.
    const quantTable = new Uint16Array(64).fill(3);
    const coefficients = new Int16Array(2 * 64);
    const set = (block: number, zigzag: number, value: number) => (coefficients[block * 64 + ZIGZAG_TO_NATURAL[zigzag]] = value);
    set(0, 0, 10); set(0, 1, 20); set(0, 20, -15); set(0, 63, 12); // runs of 18 and 42 zeros (ZRLs), ends at 63
    set(1, 0, -30); set(1, 40, -9); set(1, 41, 1); set(1, 42, -1); // DC difference -40, a run of 39, then EOB
    const c: JpegCoefficients = {
      width: 16, height: 8, maxH: 1, maxV: 1, colorSpace: 'gray',
      planes: [{ id: 1, h: 1, v: 1, quantTable, blocksPerLine: 2, blocksPerColumn: 1, coefficients }],
    };
    const back = decode(writeJpeg(c));
    const C = (u: number) => (u === 0 ? Math.SQRT1_2 : 1);
    let worst = 0;
    for (let block = 0; block < 2; block++) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          let sum = 0;
          for (let v = 0; v < 8; v++) {
            for (let u = 0; u < 8; u++) {
              const f = coefficients[block * 64 + v * 8 + u] * quantTable[v * 8 + u];
              sum += C(u) * C(v) * f * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
            }
          }
          const expected = Math.max(0, Math.min(255, Math.round(sum / 4 + 128)));
          worst = Math.max(worst, Math.abs(back.data[(y * 16 + block * 8 + x) * 4] - expected));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('rejects coefficients outside the baseline range', () => {
    const c = flatCoefficients(8, 8, 'gray', [[1, 1]], () => 128);
    c.planes[0].coefficients[1] = 1024;
    expect(() => writeJpeg(c)).toThrow(ImageError);
    c.planes[0].coefficients[1] = 1023;
    expect(() => writeJpeg(c)).not.toThrow();
  });

  it('rejects an inconsistent structure', () => {
    const c = flatCoefficients(16, 16, 'ycbcr', [[2, 2], [1, 1], [1, 1]], () => 128);
    expect(() => writeJpeg({ ...c, colorSpace: 'gray' })).toThrow(/colour space/);
    expect(() => writeJpeg({ ...c, maxH: 1 })).toThrow(/maxH/);
    expect(() => writeJpeg({ ...c, width: 40 })).toThrow(/fewer than the frame needs/);
  });
});
