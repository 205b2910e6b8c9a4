import { describe, expect, it } from 'vitest';
import { resamplePlane } from '../../src/imaging/ops/plane-resize.js';
import { resize, resizeTaps, type ResizeFilter } from '../../src/imaging/ops/resize.js';

// The plane resampler (ops/plane-resize.ts) carries three strips of one
// plane in the lanes of the RGB resampler, with 8-bit weights on both axes.
// Both are judged against the filters computed in floating point (weights
// of 24 bits, the intermediate clamped but not rounded): the plane
// resampler must be as close to that as `resize` on the plane as a gray
// image is (which weighs lanczos's first pass in 7 bits), and within two
// levels of `resize` (rounding in between) where neither has negative weights.

/** A plane with edges, noise and gradients, rows `stride` apart. */
function plane(width: number, height: number, stride: number, seed = 7): Uint8Array {
  const samples = new Uint8Array(stride * height);
  let s = seed;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const edge = (x * 5 + y * 3) % 29 < 14 ? 40 : 215;
      samples[y * stride + x] = Math.min(255, Math.max(0, edge + ((s >>> 16) % 41) - 20 + ((x + 2 * y) % 7)));
    }
  }
  return samples;
}

/** The plane resized as a gray RGBA image by `resize`: its R channel, rows `width` apart. */
function asGrayResized(samples: Uint8Array, stride: number, width: number, height: number, w: number, h: number, filter: ResizeFilter): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = samples[y * stride + x];
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  const out = resize({ width, height, data }, w, h, filter).data;
  return out.filter((_, i) => i % 4 === 0);
}

/** The filter in floating point, separably (x then y), the intermediate clamped to 0..255. */
function exactResized(samples: Uint8Array, stride: number, width: number, height: number, w: number, h: number, filter: ResizeFilter): Uint8Array {
  const x = w === width ? null : resizeTaps(width, w, filter, 24);
  const y = h === height ? null : resizeTaps(height, h, filter, 24);
  const mid = new Float64Array(w * height);
  for (let r = 0; r < height; r++) {
    for (let i = 0; i < w; i++) {
      if (!x) { mid[r * w + i] = samples[r * stride + i]; continue; }
      let sum = 0;
      for (let k = 0; k < x.count[i]; k++) sum += x.weights[i * x.taps + k] * samples[r * stride + x.start[i] + k];
      mid[r * w + i] = Math.min(255, Math.max(0, sum / 2 ** 24));
    }
  }
  const out = new Uint8Array(w * h);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      if (!y) { out[j * w + i] = Math.round(mid[j * w + i]); continue; }
      let sum = 0;
      for (let k = 0; k < y.count[j]; k++) sum += y.weights[j * y.taps + k] * mid[(y.start[j] + k) * w + i];
      out[j * w + i] = Math.round(Math.min(255, Math.max(0, sum / 2 ** 24)));
    }
  }
  return out;
}

function planeResized(samples: Uint8Array, stride: number, width: number, height: number, w: number, h: number, filter: ResizeFilter): Uint8Array {
  const dstStride = w + 3;
  // Filled with a marker: the samples beyond each row's end must stay untouched.
  const dst = new Uint8Array(dstStride * h).fill(77);
  resamplePlane(samples, stride, width, height, dst, dstStride, w, h, filter);
  for (let y = 0; y < h; y++) expect([...dst.subarray(y * dstStride + w, (y + 1) * dstStride)]).toEqual([77, 77, 77]);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) out.set(dst.subarray(y * dstStride, y * dstStride + w), y * w);
  return out;
}

/** Largest and mean absolute difference. */
function difference(a: Uint8Array, b: Uint8Array): { worst: number; mean: number } {
  let worst = 0, total = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    worst = Math.max(worst, d);
    total += d;
  }
  return { worst, mean: total / a.length };
}

const FILTERS: ResizeFilter[] = ['lanczos3', 'bilinear', 'area', 'nearest'];
const SIZES = [
  // One axis.
  [50, 30, 21, 30], [50, 31, 50, 13], [37, 23, 80, 23], [9, 40, 9, 61], [1, 7, 1, 3], [7, 1, 2, 1], [64, 5, 43, 5], [1, 1, 3, 1],
  // Both.
  [37, 23, 20, 11], [100, 60, 67, 40], [64, 64, 128, 90], [41, 97, 30, 200], [8, 8, 3, 5], [2, 3, 5, 1], [120, 68, 80, 45], [1, 1, 4, 2],
];

describe('resampling one plane on three lanes', () => {
  it('is as close to the exact filter as the gray resize is, and within two levels of it without negative weights', () => {
    for (const filter of FILTERS) {
      for (const [width, height, w, h] of SIZES) {
        const stride = width + (width % 3) + 1;
        const samples = plane(width, height, stride, width * height);
        const exact = exactResized(samples, stride, width, height, w, h, filter);
        const fast = planeResized(samples, stride, width, height, w, h, filter);
        const gray = asGrayResized(samples, stride, width, height, w, h, filter);
        const label = `${filter} ${width}x${height} -> ${w}x${h}`;
        const mine = difference(fast, exact), theirs = difference(gray, exact);
        expect(mine.worst, label).toBeLessThanOrEqual(theirs.worst + 1);
        // Its passes round to 8 bits in between, where the gray resize keeps more: a little more error on average.
        expect(mine.mean, label).toBeLessThanOrEqual(theirs.mean + 0.1);
        if (filter === 'nearest') expect(fast, label).toEqual(gray);
        else if (filter !== 'lanczos3') expect(difference(fast, gray).worst, label).toBeLessThanOrEqual(2);
      }
    }
  });

  it('keeps a plane whose size does not change, and flat planes flat', () => {
    const samples = plane(30, 20, 32);
    expect(planeResized(samples, 32, 30, 20, 30, 20, 'lanczos3')).toEqual(asGrayResized(samples, 32, 30, 20, 30, 20, 'lanczos3'));
    const flat = new Uint8Array(40 * 25).fill(200);
    for (const filter of FILTERS) expect(new Set(planeResized(flat, 40, 40, 25, 17, 61, filter))).toEqual(new Set([200]));
  });
});
