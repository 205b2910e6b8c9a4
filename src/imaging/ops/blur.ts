import type { RgbaImage } from '../image.js';
import { buildTaps, convolveColumns, convolveRows, type Taps } from './taps.js';

/** Gaussian taps of radius ceil(3 sigma), same-size output. */
function gaussianTaps(size: number, sigma: number): Taps {
  const twoSigmaSquared = 2 * sigma * sigma;
  return buildTaps(size, size, Math.ceil(3 * sigma), (i) => i, (d) => Math.exp(-(d * d) / twoSigmaSquared));
}

/** Gaussian blur, separable: two 1-D passes of ~6 sigma taps instead of a 2-D kernel. */
export function blur(image: RgbaImage, sigma: number): RgbaImage {
  const { width, height } = image;
  const rows = convolveRows(image.data, width, height, gaussianTaps(width, sigma), width);
  return { width, height, data: convolveColumns(rows, width, gaussianTaps(height, sigma), height) };
}

/**
 * Unsharp mask: adds `amount` times the difference between the image and its
 * Gaussian blur (sigma), which steepens edges; alpha is left as it was.
 */
export function sharpen(image: RgbaImage, sigma: number, amount: number): RgbaImage {
  const blurred = blur(image, sigma).data;
  const data = image.data;
  const gain = Math.round(amount * 256);
  for (let i = 0, n = data.length; i < n; i += 4) {
    for (let c = i; c < i + 3; c++) {
      const v = data[c] + (((data[c] - blurred[c]) * gain) >> 8);
      data[c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return image;
}
