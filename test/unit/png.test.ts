import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ImageError } from '../../src/imaging/errors.js';
import { createImage, type RgbaImage } from '../../src/imaging/image.js';
import { grayscale } from '../../src/imaging/ops/grayscale.js';
import { crc32, crc32Combine } from '../../src/imaging/png/crc32.js';
import { decodePng } from '../../src/imaging/png/decode.js';
import { encodePng } from '../../src/imaging/png/encode.js';
import { isGrayImage, isOpaqueImage, NoneScanlineWriter, packSamples, upScanlines, type PngColorType } from '../../src/imaging/png/filter.js';
import { paethTable, unfilterRgbaRow, unfilterRgbaRows, unfilterRowBytes } from '../../src/imaging/png/unfilter.js';
import { gzipCrc32 } from '../../src/imaging/png/zstream.js';
import { ROOT } from '../helpers.js';
import { prng } from '../mutations.js';

/** Deterministic pseudo-random bytes. */
function random(seed: number): () => number {
  const next = prng(seed);
  return () => Math.floor(next() * 256);
}

/** Random bytes biased towards 0, 1, 127, 128, 254, 255, so lane carries and wraparounds are exercised. */
function edgyBytes(n: number, seed: number): Uint8Array {
  const next = random(seed);
  const edges = [0, 1, 127, 128, 129, 254, 255];
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() < 96 ? edges[next() % edges.length] : next();
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The PNG specification's unfilter, byte by byte, on rows without filter bytes. */
function unfilterReference(rows: Uint8Array, rowBytes: number, height: number, bpp: number, filters: number[]): Uint8Array {
  const out = rows.slice();
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < rowBytes; i++) {
      const o = y * rowBytes + i;
      const a = i >= bpp ? out[o - bpp] : 0;
      const b = y > 0 ? out[o - rowBytes] : 0;
      const c = i >= bpp && y > 0 ? out[o - rowBytes - bpp] : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filters[y]];
      out[o] = (out[o] + pred) & 0xff;
    }
  }
  return out;
}

function makeImage(width: number, height: number, pixel: (i: number) => [number, number, number, number]): RgbaImage {
  const image = createImage(width, height);
  for (let i = 0; i < width * height; i++) image.data.set(pixel(i), i * 4);
  return image;
}

describe('PNG row filters', () => {
  it('the Paeth table gives the predictor for every (a, b, c)', () => {
    const t = paethTable();
    let bad = 0;
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        for (let c = 0; c < 256; c++) {
          if (c + t[((b - c) << 9) + a - c + 130815] !== paeth(a, b, c)) bad++;
        }
      }
    }
    expect(bad).toBe(0);
  });

  it('word-wise (SWAR) unfiltering of 8-bit RGBA equals the byte-wise definition, also to gray', () => {
    for (const width of [1, 2, 3, 17, 64]) {
      // Every filter, on the first row and below it; Paeth and Average rows alone, in pairs and in odd runs.
      const filters = [4, 1, 2, 3, 4, 0, 3, 2, 1, 4, 4, 3, 4, 4, 4, 2, 4, 4, 3, 3, 3, 4, 3, 3];
      const height = filters.length;
      const rowBytes = width * 4;
      const rows = edgyBytes(rowBytes * height, width);
      for (const first of [0, 1, 2, 3, 4]) {
        filters[0] = first;
        const filterBytes = Uint8Array.from(filters);
        const expected = unfilterReference(rows, rowBytes, height, 4, filters);
        const actual = rows.slice();
        const words = new Int32Array(actual.buffer);
        for (let y = 0; y < height; y++) unfilterRgbaRow(words, y * width, width, filters[y], y === 0);
        expect(actual).toEqual(expected);
        const paired = rows.slice();
        const pairedWords = new Int32Array(paired.buffer);
        for (let y = 0; y < height;) y += unfilterRgbaRows(pairedWords, y * width, width, filterBytes, y);
        expect(paired).toEqual(expected);
        // Gray output, with rows unfiltered in a four-row scratch as the decoder does: the grayscale of the same pixels.
        const scratch = new Int32Array(4 * width);
        const source = new Int32Array(rows.slice().buffer);
        const gray = new Int32Array(width * height);
        for (let y = 0; y < height;) {
          scratch.set(source.subarray(y * width, Math.min((y + 3) * width, source.length)), width);
          const done = unfilterRgbaRows(scratch, width, width, filterBytes, y, gray, y * width);
          scratch.copyWithin(0, done * width, (done + 1) * width);
          y += done;
        }
        expect(new Uint8Array(gray.buffer)).toEqual(grayscale({ width, height, data: expected.slice() }).data);
      }
    }
  });

  it('byte-wise unfiltering equals the definition for every pixel size', () => {
    for (const bpp of [1, 2, 3, 4, 6, 8]) {
      for (const width of [1, 5, 33]) {
        const height = 8;
        const rowBytes = width * bpp;
        const stride = (rowBytes + 3) & ~3; // as the decoder lays rows out
        const rows = edgyBytes(rowBytes * height, bpp * 100 + width);
        const filters = [3, 4, 2, 1, 0, 4, 3, 2];
        for (const first of [0, 1, 2, 3, 4]) {
          filters[0] = first;
          const expected = unfilterReference(rows, rowBytes, height, bpp, filters);
          const padded = new Uint8Array(stride * height);
          for (let y = 0; y < height; y++) padded.set(rows.subarray(y * rowBytes, (y + 1) * rowBytes), y * stride);
          for (let y = 0; y < height; y++) unfilterRowBytes(padded, y * stride, y === 0 ? -1 : (y - 1) * stride, rowBytes, bpp, filters[y]);
          const actual = new Uint8Array(rowBytes * height);
          for (let y = 0; y < height; y++) actual.set(padded.subarray(y * stride, y * stride + rowBytes), y * rowBytes);
          expect(actual).toEqual(expected);
        }
      }
    }
  });

  it('the encoder\'s SWAR "Up" filter equals byte-wise subtraction', () => {
    for (const [rowBytes, height] of [[4, 3], [7, 5], [30, 4], [2, 9]]) {
      const packed = new Uint8Array(((rowBytes * height + 3) & ~3));
      packed.set(edgyBytes(rowBytes * height, rowBytes));
      const out = upScanlines(packed, rowBytes, height);
      for (let y = 0; y < height; y++) {
        expect(out[y * (rowBytes + 1)]).toBe(2);
        for (let i = 0; i < rowBytes; i++) {
          const up = y > 0 ? packed[(y - 1) * rowBytes + i] : 0;
          expect(out[y * (rowBytes + 1) + 1 + i]).toBe((packed[y * rowBytes + i] - up) & 0xff);
        }
      }
    }
  });

  it('packs RGBA pixels into each colour type\'s samples', () => {
    const image = makeImage(5, 3, (i) => [i * 7, i * 11 + 1, i * 13 + 2, 255 - i]);
    const expected: Record<PngColorType, number[]> = { 0: [], 2: [], 4: [], 6: [] };
    for (let i = 0; i < 15; i++) {
      const [r, g, b, a] = image.data.subarray(i * 4, i * 4 + 4);
      expected[0].push(r);
      expected[2].push(r, g, b);
      expected[4].push(r, a);
      expected[6].push(r, g, b, a);
    }
    for (const type of [0, 2, 4, 6] as const) {
      expect(Array.from(packSamples(image, type).subarray(0, expected[type].length))).toEqual(expected[type]);
    }
  });
});

describe('PNG None scanlines, block by block', () => {
  it('equal each row\'s packed samples behind a 0 filter byte, for every block size and colour type', () => {
    const width = 13;
    const height = 10;
    const image = makeImage(width, height, (i) => [i * 7, i * 11 + 1, i * 13 + 2, 255 - i]);
    for (const type of [0, 2, 4, 6] as const) {
      const rowBytes = width * { 0: 1, 2: 3, 4: 2, 6: 4 }[type];
      const packed = packSamples(image, type);
      const expected: number[] = [];
      for (let y = 0; y < height; y++) expected.push(0, ...packed.subarray(y * rowBytes, (y + 1) * rowBytes));
      for (const rows of [1, 3, 7, 10, 16]) {
        const writer = new NoneScanlineWriter(image, type, rows);
        const got: number[] = [];
        for (let y = 0; y < height; y += rows) got.push(...writer.block(y));
        expect(got).toEqual(expected);
      }
    }
  });
});

describe('PNG checksums', () => {
  it('CRC-32 matches the byte-wise definition at any alignment and length', () => {
    const data = edgyBytes(1000, 7);
    const table = new Int32Array(256).map((_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c;
    });
    const reference = (s: number, e: number) => {
      let c = -1;
      for (let i = s; i < e; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
      return (c ^ -1) >>> 0;
    };
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
    for (const [s, e] of [[0, 1000], [1, 999], [3, 40], [5, 6], [2, 2], [0, 33]]) expect(crc32(data, s, e)).toBe(reference(s, e));
    expect(crc32Combine(crc32(data, 0, 300), crc32(data, 300, 1000), 700)).toBe(crc32(data));
    expect(crc32Combine(crc32(data, 0, 999), crc32(data, 999, 1000), 1)).toBe(crc32(data));
  });

  it('the native (gzip) CRC equals the JS one', async () => {
    const data = edgyBytes(200_000, 3);
    expect(await gzipCrc32(data)).toBe(crc32(data));
  });
});

function pngjsDecode(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(PNG.sync.read(Buffer.from(bytes)).data);
}

describe('PNG encode and decode', () => {
  const rgba = makeImage(67, 41, (i) => [(i * 37) & 255, (i * 91) & 255, (i * 13) & 255, (i * 7) & 255]);
  const rgb = makeImage(67, 41, (i) => [(i * 37) & 255, (i * 91) & 255, (i * 13) & 255, 255]);
  const gray = makeImage(67, 41, (i) => [(i * 37) & 255, (i * 37) & 255, (i * 37) & 255, 255]);
  const grayAlpha = makeImage(67, 41, (i) => [(i * 37) & 255, (i * 37) & 255, (i * 37) & 255, (i * 5) & 255]);
  const cases: [string, RgbaImage, number][] = [['RGBA', rgba, 6], ['RGB', rgb, 2], ['gray', gray, 0], ['gray+alpha', grayAlpha, 4]];

  for (const [name, image, colorType] of cases) {
    it(`round-trips ${name} exactly, written as colour type ${colorType}`, async () => {
      const bytes = await encodePng(image);
      expect(bytes[25]).toBe(colorType);
      expect((await decodePng(bytes)).data).toEqual(image.data);
      expect(pngjsDecode(bytes)).toEqual(image.data); // readable by another decoder
      const unfiltered = await encodePng(image, { filter: 'none' });
      expect(unfiltered[25]).toBe(colorType);
      expect((await decodePng(unfiltered)).data).toEqual(image.data);
      expect(pngjsDecode(unfiltered)).toEqual(image.data);
    });
  }

  it('trusts the gray hint and writes one channel', async () => {
    const bytes = await encodePng(grayAlpha, { gray: true });
    expect(bytes[25]).toBe(4);
    expect((await decodePng(bytes)).data).toEqual(grayAlpha.data);
  });

  it('round-trips tiny and odd sizes', async () => {
    for (const [w, h] of [[1, 1], [1, 5], [3, 1], [5, 3], [7, 2]]) {
      for (const alpha of [255, 9]) {
        for (const isGray of [false, true]) {
          const image = makeImage(w, h, (i) => (isGray ? [i * 9, i * 9, i * 9, alpha] : [i * 9, i * 5, 200 - i, alpha]));
          expect((await decodePng(await encodePng(image))).data).toEqual(image.data);
        }
      }
    }
  });

  it('detects gray and opaque images past the sampled first pixels', () => {
    const size = 200 * 100; // more pixels than the JS sample
    const image = makeImage(200, 100, () => [50, 50, 50, 255]);
    expect(isGrayImage(image)).toBe(true);
    expect(isOpaqueImage(image)).toBe(true);
    image.data[(size - 1) * 4 + 2] = 51;
    image.data[(size - 1) * 4 + 3] = 254;
    expect(isGrayImage(image)).toBe(false);
    expect(isOpaqueImage(image)).toBe(false);
  });

  it('decodes what pngjs writes with each filter and colour type', async () => {
    const width = 37, height = 23;
    const source = makeImage(width, height, (i) => [(i * 37) & 255, (i * 91 + 7) & 255, (i * 13) & 255, (i * 3 + 100) & 255]);
    for (const colorType of [0, 2, 4, 6] as const) {
      for (const filterType of [0, 1, 2, 3, 4, -1]) {
        const png = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true, filterType });
        png.data = Buffer.from(source.data);
        const bytes = new Uint8Array(PNG.sync.write(png));
        expect((await decodePng(bytes)).data).toEqual(pngjsDecode(bytes));
        const image = { width, height, data: pngjsDecode(bytes) };
        expect((await decodePng(bytes, { gray: true })).data).toEqual(grayscale(image).data);
      }
    }
  });

  it('decodes opaque Paeth rows to gray with the alpha-free triple loop, and mixed rows with the full one', async () => {
    const width = 61, height = 17;
    for (const translucentRow of [-1, 0, 7, 16]) {
      const source = makeImage(width, height, (i) => [(i * 37) & 255, (i * 91 + 7) & 255, (i * 13) & 255, Math.floor(i / width) === translucentRow && i % 5 === 0 ? 77 : 255]);
      const png = new PNG({ width, height, colorType: 6, inputColorType: 6, inputHasAlpha: true, filterType: 4 });
      png.data = Buffer.from(source.data);
      const bytes = new Uint8Array(PNG.sync.write(png));
      const image = { width, height, data: pngjsDecode(bytes) };
      expect((await decodePng(bytes)).data).toEqual(image.data);
      // (grayscale works in place.)
      expect((await decodePng(bytes, { gray: true })).data, `translucent row ${translucentRow}`).toEqual(grayscale(image).data);
    }
  });

  it('decodes the bench asset to the pixels pngjs decodes', async () => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, 'bench/assets/photo_rgba_1920x1080.png')));
    const image = await decodePng(bytes);
    expect([image.width, image.height]).toEqual([1920, 1080]);
    expect(Buffer.from(image.data).equals(Buffer.from(pngjsDecode(bytes)))).toBe(true);
  });

  it('the gray job on the bench asset round-trips as gray + alpha', async () => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, 'bench/assets/photo_rgba_1920x1080.png')));
    const image = grayscale(await decodePng(bytes));
    expect(Buffer.from((await decodePng(bytes, { gray: true })).data).equals(Buffer.from(image.data))).toBe(true);
    const out = await encodePng(image, { gray: true });
    expect(out[25]).toBe(4);
    expect(Buffer.from((await decodePng(out)).data).equals(Buffer.from(image.data))).toBe(true);
  });

  it('rejects a wrong CRC in any of many IDAT chunks, naming the chunk', async () => {
    const width = 400, height = 300;
    const image = makeImage(width, height, (i) => [(i * 37) & 255, (i * 91) & 255, (i * 13) & 255, (i * 7) & 255]);
    const png = new PNG({ width, height, deflateLevel: 0 });
    png.data = Buffer.from(image.data);
    // Re-split pngjs's single IDAT into 8 KiB chunks (libpng's default size), with CRCs from node:zlib.
    const single = PNG.sync.write(png);
    const parts: Buffer[] = [];
    const idat: Buffer[] = [];
    for (let o = 8; o < single.length;) {
      const length = single.readUInt32BE(o);
      const type = single.toString('latin1', o + 4, o + 8);
      if (type === 'IDAT') idat.push(single.subarray(o + 8, o + 8 + length));
      else if (type !== 'IEND') parts.push(single.subarray(o, o + 12 + length));
      o += 12 + length;
    }
    const data = Buffer.concat(idat);
    const chunkOf = (type: string, body: Buffer) => {
      const out = Buffer.alloc(12 + body.length);
      out.writeUInt32BE(body.length, 0);
      out.write(type, 4, 'latin1');
      body.copy(out, 8);
      out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
      return out;
    };
    const pieces: Buffer[] = [];
    for (let o = 0; o < data.length; o += 8192) pieces.push(chunkOf('IDAT', data.subarray(o, o + 8192)));
    expect(pieces.length).toBeGreaterThan(5);
    const good = new Uint8Array(Buffer.concat([single.subarray(0, 8), ...parts, ...pieces, chunkOf('IEND', Buffer.alloc(0))]));
    expect((await decodePng(good)).data).toEqual(image.data);
    const third = 8 + parts.reduce((n, p) => n + p.length, 0) + 2 * pieces[0].length;
    for (const at of [third + 8 + 100, third + 12 + 8192 - 1]) { // a data byte, then the stored CRC
      const bad = good.slice();
      bad[at] ^= 1;
      await expect(decodePng(bad)).rejects.toThrow(ImageError);
      await expect(decodePng(bad)).rejects.toThrow(/chunk IDAT has a wrong CRC/);
    }
  });
});
