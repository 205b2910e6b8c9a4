import type { RgbaImage } from '../image.js';
import { LUMA_B, LUMA_G, LUMA_R } from './grayscale.js';

/**
 * Per-channel tone changes through a 256-entry table: one load per sample
 * whatever the formula, and the formula runs 256 times instead of per pixel.
 */
function applyTable(image: RgbaImage, table: Uint8Array): RgbaImage {
  const data = image.data;
  for (let i = 0, n = data.length; i < n; i += 4) {
    data[i] = table[data[i]];
    data[i + 1] = table[data[i + 1]];
    data[i + 2] = table[data[i + 2]];
  }
  return image;
}

function table(fn: (v: number) => number): Uint8Array {
  const t = new Uint8Array(256);
  for (let v = 0; v < 256; v++) t[v] = Math.max(0, Math.min(255, Math.round(fn(v))));
  return t;
}

/** Multiplies R, G, B by `factor` (1 = unchanged). */
export function brightness(image: RgbaImage, factor: number): RgbaImage {
  return applyTable(image, table((v) => v * factor));
}

/** Scales the distance from mid-gray 128 by `factor` (1 = unchanged, 0 = flat gray). */
export function contrast(image: RgbaImage, factor: number): RgbaImage {
  return applyTable(image, table((v) => (v - 128) * factor + 128));
}

export function invert(image: RgbaImage): RgbaImage {
  return applyTable(image, table((v) => 255 - v));
}

/** Pure black and white: luma at or above `level` becomes white, below it black. */
export function threshold(image: RgbaImage, level: number): RgbaImage {
  const data = image.data;
  const cut = level << 16;
  for (let i = 0, n = data.length; i < n; i += 4) {
    const v = LUMA_R[data[i]] + LUMA_G[data[i + 1]] + LUMA_B[data[i + 2]] >= cut ? 255 : 0;
    data[i] = v;
    data[i + 1] = v;
    data[i + 2] = v;
  }
  return image;
}

/**
 * Dithered monochrome (Floyd-Steinberg error diffusion on luma), like the
 * JetStream image-pipeline example's black-and-white converter. The error of
 * the current and next row lives in two Int32 rows that swap, not per pixel.
 */
export function blackAndWhite(image: RgbaImage): RgbaImage {
  const { width, height, data } = image;
  let current = new Int32Array(width + 2);
  let next = new Int32Array(width + 2);
  for (let y = 0; y < height; y++) {
    next.fill(0);
    let i = y * width * 4;
    for (let x = 0; x < width; x++, i += 4) {
      // Luma in 1/16 units so the 7/16, 3/16, 5/16, 1/16 shares stay integers.
      const luma = (LUMA_R[data[i]] + LUMA_G[data[i + 1]] + LUMA_B[data[i + 2]]) >> 12;
      const value = luma + (current[x + 1] >> 4);
      const out = value >= 128 * 16 ? 255 : 0;
      const error = value - out * 16;
      current[x + 2] += error * 7;
      next[x] += error * 3;
      next[x + 1] += error * 5;
      next[x + 2] += error;
      data[i] = out;
      data[i + 1] = out;
      data[i + 2] = out;
    }
    const swap = current;
    current = next;
    next = swap;
  }
  return image;
}
