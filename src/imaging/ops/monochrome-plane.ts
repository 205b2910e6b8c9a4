/**
 * `threshold` and `black-and-white` on one 8-bit luma plane (rows `stride`
 * apart), for the JPEG path that never leaves the luma samples (see
 * planar/monochrome.ts). Same results as ops/adjust.ts on the gray pixels a
 * luma-only decode makes, whose luma is the sample itself: without the RGBA
 * words, the per-pixel luma tables and the encoder's luma pass.
 */

import { LUMA_B, LUMA_G, LUMA_R } from './grayscale.js';

/** Samples at or above `level` become 255, the rest 0: one table read per sample. */
export function thresholdPlane(samples: Uint8Array, stride: number, width: number, height: number, level: number): void {
  const cut = new Uint8Array(256);
  cut.fill(255, level);
  for (let y = 0; y < height; y++) {
    for (let i = y * stride, end = i + width; i < end; i++) samples[i] = cut[samples[i]];
  }
}

/**
 * Floyd-Steinberg error diffusion, as blackAndWhite in ops/adjust.ts (its
 * comment explains the 1/16 units and the errors kept in locals), reading
 * the sample where that reads the luma of a pixel.
 */
export function ditherPlane(samples: Uint8Array, stride: number, width: number, height: number): void {
  // A gray pixel's luma in blackAndWhite's 1/16 units, rounding included
  // (16 v + 8, give or take the tables' rounding), so the result is the same bit for bit.
  const sixteenths = new Int32Array(256);
  for (let v = 0; v < 256; v++) sixteenths[v] = (LUMA_R[v] + LUMA_G[v] + LUMA_B[v]) >> 12;
  let below = new Int32Array(width + 1);
  let next = new Int32Array(width + 1);
  for (let y = 0; y < height; y++) {
    const above = below.subarray(1);
    const row = y * stride;
    let right = 0;
    let e1 = 0;
    let e2 = 0;
    for (let x = 0; x < width; x++) {
      const value = sixteenths[samples[row + x]] + ((above[x] + right) >> 4);
      const white = (2047 - value) >>> 31;
      const error = value - white * 4080;
      samples[row + x] = white * 255;
      right = error * 7;
      next[x] = e2 + e1 * 5 + error * 3;
      e2 = e1;
      e1 = error;
    }
    next[width] = e2 + e1 * 5;
    const swap = below;
    below = next;
    next = swap;
  }
}
