import type { RgbaImage } from '../image.js';
import type { Operation } from '../operations.js';
import { LUMA_B, lumaRGTable } from './grayscale.js';

// These loops run in an interpreter without a JIT, where every typed-array
// access and bytecode costs about the same; pixels are therefore read and
// written two channels or a whole word at a time. Pixel words are
// little-endian (R in the low byte), as on wasm, x86 and ARM.

/** The pixels as 16-bit units (R | G << 8, B | A << 8), copying only if misaligned. */
function units(data: Uint8Array): Uint16Array {
  return data.byteOffset % 2 === 0
    ? new Uint16Array(data.buffer, data.byteOffset, data.length >> 1)
    : new Uint16Array(data.slice().buffer);
}

function words(data: Uint8Array): Int32Array {
  return data.byteOffset % 4 === 0
    ? new Int32Array(data.buffer, data.byteOffset, data.length >> 2)
    : new Int32Array(data.slice().buffer);
}

/**
 * Applies a per-channel table to R, G and B; alpha is kept. One lookup maps
 * two channels: a 64K-entry table for R|G and one for B|A (alpha passed
 * through), so a pixel costs two loads, two lookups and two stores instead
 * of three of each per channel. Building the tables (~65K steps each) is
 * small next to a megapixel image.
 */
function applyTable(image: RgbaImage, table: Uint8Array): RgbaImage {
  const u = units(image.data);
  const pair = new Uint16Array(65536);
  const keepHigh = new Uint16Array(65536);
  for (let hi = 0; hi < 256; hi++) {
    const row = hi << 8;
    const t = table[hi] << 8;
    for (let lo = 0; lo < 256; lo++) {
      pair[row | lo] = t | table[lo];
      keepHigh[row | lo] = row | table[lo];
    }
  }
  const rg = pair, ba = keepHigh;
  const u1 = u.subarray(1);
  for (let i = u.length - 2; i >= 0; i -= 2) {
    u[i] = rg[u[i]];
    u1[i] = ba[u1[i]];
  }
  if (u.buffer !== image.data.buffer) image.data.set(new Uint8Array(u.buffer));
  return image;
}

function table(fn: (v: number) => number): Uint8Array {
  const t = new Uint8Array(256);
  for (let v = 0; v < 256; v++) t[v] = Math.max(0, Math.min(255, Math.round(fn(v))));
  return t;
}

/** The table brightness applies to R, G and B. */
export const brightnessTable = (factor: number): Uint8Array => table((v) => v * factor);

/** The table contrast applies to R, G and B. */
export const contrastTable = (factor: number): Uint8Array => table((v) => (v - 128) * factor + 128);

/** The table of a step that maps R, G and B each through one table (brightness, contrast, invert); otherwise undefined. */
export function channelTableOf(op: Operation): Uint8Array | undefined {
  switch (op.type) {
    case 'brightness': return brightnessTable(op.factor);
    case 'contrast': return contrastTable(op.factor);
    case 'invert': return table((v) => 255 - v);
    default: return undefined;
  }
}

/** Multiplies R, G, B by `factor` (1 = unchanged). */
export function brightness(image: RgbaImage, factor: number): RgbaImage {
  return applyTable(image, brightnessTable(factor));
}

/** Scales the distance from mid-gray 128 by `factor` (1 = unchanged, 0 = flat gray). */
export function contrast(image: RgbaImage, factor: number): RgbaImage {
  return applyTable(image, contrastTable(factor));
}

/** 255 - v on R, G, B: one XOR per pixel word. */
export function invert(image: RgbaImage): RgbaImage {
  const w = words(image.data);
  for (let i = w.length - 1; i >= 0; i--) w[i] ^= 0xffffff;
  if (w.buffer !== image.data.buffer) image.data.set(new Uint8Array(w.buffer));
  return image;
}

/** Pure black and white: luma at or above `level` becomes white, below it black. */
export function threshold(image: RgbaImage, level: number): RgbaImage {
  const w = words(image.data);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  const cut = level << 16;
  // (luma - cut) >> 31 is -1 below the cut and 0 at or above it: the colour
  // bits come from masking, not from a branch.
  for (let i = w.length - 1; i >= 0; i--) {
    const p = w[i];
    w[i] = (p & -16777216) | (~((rg[p & 0xffff] + lb[(p >>> 16) & 255] - cut) >> 31) & 0xffffff);
  }
  if (w.buffer !== image.data.buffer) image.data.set(new Uint8Array(w.buffer));
  return image;
}

/**
 * Dithered monochrome (Floyd-Steinberg error diffusion on luma), like the
 * JetStream image-pipeline example's black-and-white converter. Luma is in
 * 1/16 units so the 7/16, 3/16, 5/16, 1/16 shares stay integers. The error
 * going right and the two most recent errors of the row stay in locals, so
 * each pixel reads one pending value of its own row and writes one finished
 * value of the next row, instead of four read-modify-writes.
 */
export function blackAndWhite(image: RgbaImage): RgbaImage {
  const { width, height } = image;
  const w = words(image.data);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  // Shares from the row above: pixel x's sits at index x + 1 (index 0 is
  // the share that falls off the left edge).
  let below = new Int32Array(width + 1);
  let next = new Int32Array(width + 1);
  for (let y = 0; y < height; y++) {
    const above = below.subarray(1);
    const row = w.subarray(y * width, (y + 1) * width);
    let right = 0; // 7 * the error of the pixel to the left
    let e1 = 0; // error of pixel x - 1
    let e2 = 0; // error of pixel x - 2
    for (let x = 0; x < width; x++) {
      const p = row[x];
      const value = ((rg[p & 0xffff] + lb[(p >>> 16) & 255]) >> 12) + ((above[x] + right) >> 4);
      const white = (2047 - value) >>> 31; // 1 when value >= 128 * 16, without a branch
      const error = value - white * 4080;
      row[x] = (p & -16777216) | (white * 0xffffff);
      right = error * 7;
      // Pixel x - 1 of the next row now has all its shares: 1, 5 and 3.
      next[x] = e2 + e1 * 5 + error * 3;
      e2 = e1;
      e1 = error;
    }
    next[width] = e2 + e1 * 5;
    const swap = below;
    below = next;
    next = swap;
  }
  if (w.buffer !== image.data.buffer) image.data.set(new Uint8Array(w.buffer));
  return image;
}
