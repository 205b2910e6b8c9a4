import { describe, expect, it } from 'vitest';
import { createImage, decodePng, type RgbaImage } from '../../src/imaging/index.js';
import { blackAndWhite, brightness, contrast, invert, threshold } from '../../src/imaging/ops/adjust.js';
import { blur } from '../../src/imaging/ops/blur.js';
import { flatten } from '../../src/imaging/ops/flatten.js';
import { LUMA_B, LUMA_G, LUMA_R } from '../../src/imaging/ops/grayscale.js';
import { resize, type ResizeFilter } from '../../src/imaging/ops/resize.js';
import { sharpen } from '../../src/imaging/ops/sharpen.js';
import { corpusFile, psnr } from '../helpers.js';

// The pixel operations were rewritten for speed in an interpreter without a
// JIT (packed lanes, running sums, native typed-array conversions). These
// tests hold them to the straightforward implementations they replaced,
// kept here as oracles: tone operations bit for bit, filters by PSNR.

const reference = () => decodePng(corpusFile('reference/jpeg_baseline_420_1920x1080.jpg.png'));
const translucent = () => decodePng(corpusFile('png_rgba8_480x320.png'));
const copy = (image: RgbaImage): RgbaImage => ({ width: image.width, height: image.height, data: new Uint8Array(image.data) });

/** PSNR of the alpha channel alone. */
function alphaPsnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 3; i < a.length; i += 4) sum += (a[i] - b[i]) ** 2;
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / (a.length / 4)));
}

function solid(width: number, height: number, rgba: number[]): RgbaImage {
  const image = createImage(width, height);
  for (let i = 0; i < image.data.length; i += 4) image.data.set(rgba, i);
  return image;
}

// ---- Oracle: separable convolution with 14-bit taps, per channel (the former taps.ts). ----

interface OracleTaps { start: Int32Array; count: Int32Array; weights: Int32Array; taps: number }

function oracleTaps(srcSize: number, dstSize: number, support: number, center: (i: number) => number, kernel: (d: number) => number): OracleTaps {
  const taps = Math.ceil(support) * 2 + 2;
  const start = new Int32Array(dstSize), count = new Int32Array(dstSize), weights = new Int32Array(dstSize * taps);
  const floats = new Float64Array(taps);
  for (let i = 0; i < dstSize; i++) {
    const c = center(i);
    const first = Math.max(0, Math.ceil(c - support));
    const last = Math.min(srcSize - 1, Math.floor(c + support));
    let total = 0, n = 0;
    for (let s = first; s <= last && n < taps; s++, n++) { floats[n] = kernel(s - c); total += floats[n]; }
    let from = first;
    if (n === 0 || Math.abs(total) < 1e-9) { from = Math.min(srcSize - 1, Math.max(0, Math.round(c))); floats[0] = 1; total = 1; n = 1; }
    let sum = 0, largest = 0;
    for (let k = 0; k < n; k++) {
      const w = Math.round((floats[k] / total) * 16384);
      weights[i * taps + k] = w;
      sum += w;
      if (w > weights[i * taps + largest]) largest = k;
    }
    weights[i * taps + largest] += 16384 - sum;
    start[i] = from;
    count[i] = n;
  }
  return { start, count, weights, taps };
}

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

function oracleRows(src: Uint8Array, srcWidth: number, height: number, t: OracleTaps, dstWidth: number): Uint8Array {
  const out = new Uint8Array(dstWidth * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < dstWidth; x++) {
      for (let ch = 0; ch < 4; ch++) {
        let acc = 8192;
        for (let k = 0; k < t.count[x]; k++) acc += src[(y * srcWidth + t.start[x] + k) * 4 + ch] * t.weights[x * t.taps + k];
        out[(y * dstWidth + x) * 4 + ch] = clamp255(acc >> 14);
      }
    }
  }
  return out;
}

function oracleColumns(src: Uint8Array, width: number, t: OracleTaps, dstHeight: number): Uint8Array {
  const stride = width * 4;
  const out = new Uint8Array(stride * dstHeight);
  for (let y = 0; y < dstHeight; y++) {
    for (let x = 0; x < stride; x++) {
      let acc = 8192;
      for (let k = 0; k < t.count[y]; k++) acc += src[(t.start[y] + k) * stride + x] * t.weights[y * t.taps + k];
      out[y * stride + x] = clamp255(acc >> 14);
    }
  }
  return out;
}

/** The exact Gaussian: taps of radius ceil(3 sigma), renormalised at the edges. */
function oracleBlur(image: RgbaImage, sigma: number): RgbaImage {
  const g = (size: number) => oracleTaps(size, size, Math.ceil(3 * sigma), (i) => i, (d) => Math.exp(-(d * d) / (2 * sigma * sigma)));
  const rows = oracleRows(image.data, image.width, image.height, g(image.width), image.width);
  return { width: image.width, height: image.height, data: oracleColumns(rows, image.width, g(image.height), image.height) };
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

function oracleResize(image: RgbaImage, width: number, height: number, filter: ResizeFilter): RgbaImage {
  const axis = (src: number, dst: number) => {
    const scale = src / dst;
    const center = (i: number) => (i + 0.5) * scale - 0.5;
    if (filter === 'nearest') return oracleTaps(src, dst, 0.5, (i) => Math.min(src - 1, Math.floor((i + 0.5) * scale)), () => 1);
    const widen = Math.max(1, scale);
    if (filter === 'bilinear') return oracleTaps(src, dst, widen, center, (d) => Math.max(0, 1 - Math.abs(d) / widen));
    return oracleTaps(src, dst, 3 * widen, center, (d) => {
      const x = d / widen;
      return Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0;
    });
  };
  const rows = oracleRows(image.data, image.width, image.height, axis(image.width, width), width);
  return { width, height, data: oracleColumns(rows, width, axis(image.height, height), height) };
}

// ---- Oracle: the former per-channel tone operations. ----

function oracleTable(image: RgbaImage, fn: (v: number) => number): RgbaImage {
  const t = new Uint8Array(256);
  for (let v = 0; v < 256; v++) t[v] = Math.max(0, Math.min(255, Math.round(fn(v))));
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) { d[i] = t[d[i]]; d[i + 1] = t[d[i + 1]]; d[i + 2] = t[d[i + 2]]; }
  return image;
}

function oracleThreshold(image: RgbaImage, level: number): RgbaImage {
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const v = LUMA_R[d[i]] + LUMA_G[d[i + 1]] + LUMA_B[d[i + 2]] >= level << 16 ? 255 : 0;
    d[i] = d[i + 1] = d[i + 2] = v;
  }
  return image;
}

function oracleBlackAndWhite(image: RgbaImage): RgbaImage {
  const { width, height, data } = image;
  let current = new Int32Array(width + 2);
  let next = new Int32Array(width + 2);
  for (let y = 0; y < height; y++) {
    next.fill(0);
    for (let x = 0, i = y * width * 4; x < width; x++, i += 4) {
      const luma = (LUMA_R[data[i]] + LUMA_G[data[i + 1]] + LUMA_B[data[i + 2]]) >> 12;
      const value = luma + (current[x + 1] >> 4);
      const out = value >= 128 * 16 ? 255 : 0;
      const error = value - out * 16;
      current[x + 2] += error * 7;
      next[x] += error * 3;
      next[x + 1] += error * 5;
      next[x + 2] += error;
      data[i] = data[i + 1] = data[i + 2] = out;
    }
    [current, next] = [next, current];
  }
  return image;
}

describe('tone operations are bit-identical to the per-channel versions', () => {
  const cases: [string, (image: RgbaImage) => RgbaImage, (image: RgbaImage) => RgbaImage][] = [
    ['brightness', (i) => brightness(i, 1.3), (i) => oracleTable(i, (v) => v * 1.3)],
    ['brightness down', (i) => brightness(i, 0.4), (i) => oracleTable(i, (v) => v * 0.4)],
    ['contrast', (i) => contrast(i, 1.7), (i) => oracleTable(i, (v) => (v - 128) * 1.7 + 128)],
    ['invert', invert, (i) => oracleTable(i, (v) => 255 - v)],
    ['threshold', (i) => threshold(i, 100), (i) => oracleThreshold(i, 100)],
    ['black-and-white', blackAndWhite, oracleBlackAndWhite],
  ];
  for (const [name, fast, oracle] of cases) {
    it(name, async () => {
      for (const source of [await reference(), await translucent(), solid(1, 1, [10, 200, 30, 40]), solid(3, 2, [255, 0, 128, 255])]) {
        expect(Buffer.from(fast(copy(source)).data).equals(Buffer.from(oracle(copy(source)).data)), name).toBe(true);
      }
    });
  }
});

describe('flatten', () => {
  it('leaves opaque images alone and composites translucent ones as before', async () => {
    const opaque = await reference();
    const before = Buffer.from(opaque.data);
    expect(Buffer.from(flatten(opaque, { r: 1, g: 2, b: 3, a: 255 }).data).equals(before)).toBe(true);
    const image = await translucent();
    const expected = new Uint8Array(image.data);
    for (let i = 0; i < expected.length; i += 4) {
      const a = expected[i + 3];
      if (a === 255) continue;
      const inv = 255 - a;
      expected[i] = ((expected[i] * a + 10 * inv + 127) / 255) | 0;
      expected[i + 1] = ((expected[i + 1] * a + 20 * inv + 127) / 255) | 0;
      expected[i + 2] = ((expected[i + 2] * a + 30 * inv + 127) / 255) | 0;
      expected[i + 3] = 255;
    }
    expect(Buffer.from(flatten(image, { r: 10, g: 20, b: 30, a: 255 }).data).equals(Buffer.from(expected))).toBe(true);
  });
});

describe('blur stays close to the exact Gaussian', () => {
  // Measured on this photo: 64.5, 59.1 and 56.7 dB.
  for (const [sigma, floor] of [[1, 60], [2, 55], [5, 52]] as const) {
    it(`sigma ${sigma}: over ${floor} dB`, async () => {
      const image = await reference();
      const fast = blur(image, sigma);
      expect(psnr(fast.data, oracleBlur(image, sigma).data)).toBeGreaterThan(floor);
      expect(Buffer.from(image.data).equals(Buffer.from((await reference()).data))).toBe(true); // source untouched
    });
  }

  it('other sigmas and a translucent image (colour and alpha)', async () => {
    const image = await reference();
    const crop = { width: 400, height: 300, data: new Uint8Array(400 * 300 * 4) };
    for (let y = 0; y < 300; y++) crop.data.set(image.data.subarray(((y + 300) * 1920 + 700) * 4, ((y + 300) * 1920 + 1100) * 4), y * 1600);
    // Whole crop and its interior (3 sigma from the edges, where the oracle
    // renormalises and the fast blur extends the border pixel). Measured:
    // 86.7/86.7, 64.0/64.8, 60.1/63.4, 53.1/55.3, 48.4/57.4, 43.1/53.3 dB.
    for (const [sigma, whole] of [[0.3, 80], [0.7, 60], [1.3, 56], [3, 50], [8, 46], [20, 41]] as const) {
      const a = blur(crop, sigma).data;
      const b = oracleBlur(crop, sigma).data;
      expect(psnr(a, b), `sigma ${sigma}`).toBeGreaterThan(whole);
      const m = Math.ceil(3 * sigma);
      let sum = 0, n = 0;
      for (let y = m; y < 300 - m; y++) {
        for (let x = m; x < 400 - m; x++) {
          for (let c = 0; c < 3; c++) { sum += (a[(y * 400 + x) * 4 + c] - b[(y * 400 + x) * 4 + c]) ** 2; n++; }
        }
      }
      expect(10 * Math.log10((255 * 255) / (sum / n)), `sigma ${sigma} interior`).toBeGreaterThan(52);
    }
    const rgba = await translucent();
    const fast = blur(rgba, 2);
    const exact = oracleBlur(rgba, 2);
    expect(psnr(fast.data, exact.data)).toBeGreaterThan(46); // 50.9 measured
    expect(alphaPsnr(fast.data, exact.data)).toBeGreaterThan(46);
  });

  it('keeps flat images exactly flat, at any size and sigma, opaque or not', () => {
    for (const sigma of [0.5, 1, 2, 4, 12]) {
      for (const [w, h] of [[1, 1], [1, 7], [9, 1], [30, 30], [64, 3]]) {
        for (const rgba of [[90, 200, 7, 255], [255, 0, 255, 255], [12, 34, 56, 78]]) {
          const out = blur(solid(w, h, rgba), sigma);
          for (let i = 0; i < out.data.length; i += 4) {
            expect([...out.data.subarray(i, i + 4)], `${w}x${h} sigma ${sigma}`).toEqual(rgba);
          }
        }
      }
    }
  });
});

describe('sharpen', () => {
  // Oracle: luma per pixel (the grayscale op's weights), the library's blur
  // of that luma as a gray image, then each of R, G, B plus amount times
  // (luma - blurred luma), rounded and clamped. The fast version blurs the
  // luma as three strips in the three lanes of one image; the lanes round an
  // exact tie differently (see strip-blur.test.ts), so row y is compared
  // with the channel its strip rides in.
  function oracleSharpen(image: RgbaImage, sigma: number, amount: number): Uint8ClampedArray {
    const { width, height, data } = image;
    const gray = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i += 4) {
      const y = (LUMA_R[data[i]] + LUMA_G[data[i + 1]] + LUMA_B[data[i + 2]]) >> 16;
      gray[i] = gray[i + 1] = gray[i + 2] = y;
      gray[i + 3] = 255;
    }
    const blurred = blur({ width, height, data: gray }, sigma).data;
    const strip = Math.ceil(height / 3);
    const out = new Uint8ClampedArray(data.length);
    for (let y = 0; y < height; y++) {
      const lane = Math.floor(y / strip);
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const delta = (gray[i] - blurred[i + lane]) * amount;
        for (let c = 0; c < 3; c++) out[i + c] = data[i + c] + delta;
        out[i + 3] = data[i + 3];
      }
    }
    return out;
  }

  it('is the image plus amount times (luma - blurred luma) on R, G and B, rounded and clamped, alpha kept', async () => {
    for (const [sigma, amount] of [[1, 1], [1, 0.5], [1, 3], [2, 1], [5, 2]] as const) {
      const image = await reference();
      const expected = oracleSharpen(image, sigma, amount);
      expect(Buffer.from(sharpen(image, sigma, amount).data).equals(Buffer.from(expected)), `sigma ${sigma} amount ${amount}`).toBe(true);
    }
    const rgba = await translucent();
    const expected = oracleSharpen(rgba, 1.5, 1);
    expect(Buffer.from(sharpen(rgba, 1.5, 1).data).equals(Buffer.from(expected))).toBe(true);
  });

  it('moves R, G and B by the same amount, so chroma stays where it was', async () => {
    const image = await reference();
    const before = new Uint8Array(image.data);
    const after = sharpen(image, 1, 1).data;
    let changed = 0, spread = 0;
    for (let i = 0; i < before.length; i += 4) {
      const r = after[i] - before[i], g = after[i + 1] - before[i + 1], b = after[i + 2] - before[i + 2];
      // Unclamped pixels move by one common delta (rounding may split a half).
      const clamped = Math.min(after[i], after[i + 1], after[i + 2]) === 0 || Math.max(after[i], after[i + 1], after[i + 2]) === 255;
      if (!clamped) spread = Math.max(spread, Math.max(r, g, b) - Math.min(r, g, b));
      if (r !== 0) changed++;
    }
    expect(spread).toBeLessThanOrEqual(1);
    expect(changed).toBeGreaterThan(before.length / 4 / 10);
  });
});

describe('resize stays close to the 14-bit per-channel resampler', () => {
  // Measured: lanczos 320 56.4 dB, bilinear 320 64.0, lanczos 1280 62.6,
  // cover-sized 57.0, upscale 60.0; nearest is exact.
  const cases: [number, number, ResizeFilter, number][] = [
    [320, 180, 'lanczos3', 52], [320, 180, 'bilinear', 58], [1280, 720, 'lanczos3', 56], [1280, 720, 'bilinear', 60],
    [569, 320, 'lanczos3', 52], [1920, 400, 'lanczos3', 56], [2500, 1400, 'lanczos3', 54], [2500, 1400, 'bilinear', 58],
  ];
  it('opaque photo, several sizes and filters', async () => {
    const image = await reference();
    for (const [w, h, filter, floor] of cases) {
      expect(psnr(resize(image, w, h, filter).data, oracleResize(image, w, h, filter).data), `${w}x${h} ${filter}`).toBeGreaterThan(floor);
    }
    for (const [w, h] of [[100, 1080], [640, 360], [1920, 17]]) {
      expect(Buffer.from(resize(image, w, h, 'nearest').data).equals(Buffer.from(oracleResize(image, w, h, 'nearest').data))).toBe(true);
    }
  });

  it('translucent image: colour and alpha', async () => {
    const image = await translucent();
    for (const [w, h, filter] of [[320, 213, 'lanczos3'], [320, 213, 'bilinear'], [700, 480, 'lanczos3'], [480, 100, 'lanczos3']] as const) {
      const fast = resize(image, w, h, filter);
      const exact = oracleResize(image, w, h, filter);
      expect(psnr(fast.data, exact.data), `${w}x${h} ${filter}`).toBeGreaterThan(50);
      expect(alphaPsnr(fast.data, exact.data), `${w}x${h} ${filter} alpha`).toBeGreaterThan(50);
    }
  });

  it('tiny and one-axis resizes keep flat colours exact', () => {
    for (const filter of ['nearest', 'bilinear', 'lanczos3', 'area'] as const) {
      for (const [sw, sh, w, h] of [[1, 1, 5, 3], [3, 1, 1, 1], [23, 17, 23, 5], [23, 17, 4, 17], [2, 2, 1, 9]]) {
        for (const rgba of [[200, 100, 50, 255], [0, 255, 9, 255], [5, 6, 7, 128]]) {
          const out = resize(solid(sw, sh, rgba), w, h, filter);
          expect([out.width, out.height]).toEqual([w, h]);
          for (let i = 0; i < out.data.length; i += 4) expect([...out.data.subarray(i, i + 4)], `${filter} ${sw}x${sh}->${w}x${h}`).toEqual(rgba);
        }
      }
    }
  });
});
