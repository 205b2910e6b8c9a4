import type { RgbaImage } from '../image.js';

// Rec. 601 luma, Y = 0.299 R + 0.587 G + 0.114 B, in 16.16 fixed point with
// one lookup table per channel: three loads and two adds per pixel instead of
// three float multiplies (the weights are ImageMagick's Rec601Luma values).
export const LUMA_R = new Int32Array(256);
export const LUMA_G = new Int32Array(256);
export const LUMA_B = new Int32Array(256);
for (let v = 0; v < 256; v++) {
  LUMA_R[v] = Math.round(0.298839 * 65536 * v);
  LUMA_G[v] = Math.round(0.586811 * 65536 * v);
  LUMA_B[v] = Math.round(0.11435 * 65536 * v) + 32768; // + 0.5 for rounding
}

/** In place: R = G = B = luma; alpha kept. */
export function grayscale(image: RgbaImage): RgbaImage {
  const data = image.data;
  for (let i = 0, n = data.length; i < n; i += 4) {
    const y = (LUMA_R[data[i]] + LUMA_G[data[i + 1]] + LUMA_B[data[i + 2]]) >> 16;
    data[i] = y;
    data[i + 1] = y;
    data[i + 2] = y;
  }
  return image;
}
