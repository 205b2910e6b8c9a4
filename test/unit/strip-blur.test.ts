import { describe, expect, it } from 'vitest';
import { blur, blurKernels } from '../../src/imaging/ops/blur.js';
import { sharpen, sharpenPlane } from '../../src/imaging/ops/sharpen.js';
import { blurPlane, blurStrips, packPlane, stripLayout } from '../../src/imaging/ops/strip-blur.js';

// The strip blur must give, bit for bit, what the RGB blur gives on the same
// plane as a gray image (R = G = B = Y): strip k is lane k of the packed
// image, so it must equal channel k of that blur. (The channels of the RGB
// blur differ at exact ties only: R is rounded by the floating-point add,
// half to even, G and B by truncating after +1/2, half up; see blur.ts.)

/** A plane with texture at every scale (edges, noise, gradients), rows `stride` apart. */
function plane(width: number, height: number, stride = width, seed = 1): Uint8Array {
  const samples = new Uint8Array(stride * height);
  let s = seed;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const edge = (x * 7 + y * 3) % 41 < 20 ? 60 : 190;
      samples[y * stride + x] = (edge + ((s >>> 16) % 61) - 30 + ((x + y) % 9)) & 255;
    }
  }
  return samples;
}

function asGray(samples: Uint8Array, stride: number, width: number, height: number) {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = samples[y * stride + x];
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/** The strip that plane row y falls in: the lane, and the gray blur's channel, it is compared with. */
const stripOf = (layout: ReturnType<typeof stripLayout>, y: number) => Math.floor(y / layout.strip);

/** The strip blur's result for plane row y, column x. */
function stripSample(blurred: Uint8Array, layout: ReturnType<typeof stripLayout>, x: number, y: number): number {
  const k = stripOf(layout, y);
  return blurred[((y - k * layout.strip + layout.margin) * layout.width + x) * 4 + k];
}

const SIZES: [number, number][] = [[1, 1], [2, 1], [1, 2], [3, 2], [5, 7], [17, 4], [31, 10], [64, 33], [100, 101], [40, 200]];
const SIGMAS = [0.5, 1, 1.4, 2, 2.6, 3, 5, 9, 20];

describe('strip blur of a gray plane', () => {
  it('uses one to three kernels over these sigmas (the three-box case is covered)', () => {
    expect(SIGMAS.map((s) => blurKernels(s).length)).toContain(3);
    expect(SIGMAS.map((s) => blurKernels(s).length)).toContain(1);
  });

  it('matches the RGB blur of the plane as a gray image exactly', () => {
    for (const [width, height] of SIZES) {
      for (const sigma of SIGMAS) {
        const stride = width + 3; // rows padded, as a JPEG sample plane's are
        const samples = plane(width, height, stride, width * 31 + height);
        const layout = stripLayout(width, height, sigma);
        const blurred = blurStrips(packPlane(samples, stride, layout), layout);
        const expected = blur(asGray(samples, stride, width, height), sigma).data;
        let mismatches = 0;
        for (let y = 0; y < height; y++) {
          const channel = stripOf(layout, y);
          for (let x = 0; x < width; x++) if (stripSample(blurred, layout, x, y) !== expected[(y * width + x) * 4 + channel]) mismatches++;
        }
        expect(mismatches, `${width}x${height} sigma ${sigma}`).toBe(0);
      }
    }
  });

  it('on a gray image, the RGB blur channels differ only by a tie rounded the other way', () => {
    const samples = plane(100, 101);
    const out = blur(asGray(samples, 100, 100, 101), 2).data;
    let differ = 0;
    for (let i = 0; i < out.length; i += 4) {
      expect(out[i + 1]).toBe(out[i + 2]);
      expect(Math.abs(out[i] - out[i + 1])).toBeLessThanOrEqual(1);
      if (out[i] !== out[i + 1]) differ++;
    }
    expect(differ).toBeLessThan(out.length / 4 / 50);
  });
});

describe('sharpenPlane', () => {
  it('is sharpen of the plane as a gray image, channel for channel', () => {
    for (const [width, height] of [[1, 1], [5, 7], [64, 33], [100, 101]] as const) {
      for (const [sigma, amount] of [[1, 1], [2, 0.5], [5, 3]] as const) {
        const stride = width + 5;
        const samples = plane(width, height, stride, 7 + width);
        const gray = sharpen(asGray(samples, stride, width, height), sigma, amount).data;
        const padding = samples.slice(width, stride); // outside the area: untouched
        sharpenPlane(samples, stride, width, height, sigma, amount);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) expect(samples[y * stride + x], `${width}x${height} at ${x},${y}`).toBe(gray[(y * width + x) * 4]);
        }
        expect([...samples.slice(width, stride)]).toEqual([...padding]);
      }
    }
  });
});

describe('blurPlane', () => {
  it('is the strip blur written back into the plane, padding untouched', () => {
    for (const [width, height] of [[1, 1], [2, 1], [5, 7], [17, 4], [64, 33], [100, 101]] as const) {
      for (const sigma of [0.5, 1, 2, 5]) {
        const stride = width + 5;
        const samples = plane(width, height, stride, 3 + width);
        const layout = stripLayout(width, height, sigma);
        const blurred = blurStrips(packPlane(samples, stride, layout), layout);
        const padding = samples.slice(width, stride);
        blurPlane(samples, stride, width, height, sigma);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) expect(samples[y * stride + x], `${width}x${height} at ${x},${y}`).toBe(stripSample(blurred, layout, x, y));
        }
        expect([...samples.slice(width, stride)]).toEqual([...padding]);
      }
    }
  });
});
