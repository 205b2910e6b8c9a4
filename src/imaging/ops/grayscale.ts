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

// Pixels are read as 32-bit words with R in the low byte (little-endian: wasm, x86, ARM).
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

let lumaRG: Int32Array | undefined;

/** LUMA_R[r] + LUMA_G[g] at index r | g << 8: the low half of a pixel word indexes it directly. */
export function lumaRGTable(): Int32Array {
  if (lumaRG) return lumaRG;
  const t = new Int32Array(65536);
  for (let g = 0; g < 256; g++) {
    const base = LUMA_G[g];
    const row = g << 8;
    t.set(LUMA_R, row); // native copy, then one add per entry
    for (let i = row, end = row + 256; i < end; i++) t[i] += base;
  }
  return (lumaRG = t);
}

/**
 * to[d + j] = the gray word of from[s + j] for j < n: R = G = B = luma, alpha
 * kept (pixel words, R in the low byte). `to` may be `from`, with d = s.
 */
export function grayWords(from: Int32Array, s: number, to: Int32Array, d: number, n: number): void {
  // One word load and one word store per pixel instead of three byte loads and
  // three byte stores, and two table loads instead of three (R and G share one
  // 64K-entry table indexed by the word's low 16 bits). The interpreter pays
  // per bytecode and per typed-array access, so this is what counts; the
  // count-down loop over views was the cheapest loop form measured in StarlingMonkey.
  const src = from.subarray(s, s + n);
  const dst = to.subarray(d, d + n);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  let i = n;
  let p = 0;
  while (i--) {
    p = src[i];
    dst[i] = (p & -16777216) | (((rg[p & 0xffff] + lb[(p >>> 16) & 255]) >> 16) * 0x10101);
  }
}

/** In place: R = G = B = luma; alpha kept. */
export function grayscale(image: RgbaImage): RgbaImage {
  const data = image.data;
  if (!LITTLE_ENDIAN || data.byteOffset % 4 !== 0) {
    for (let i = 0, n = data.length; i < n; i += 4) {
      const y = (LUMA_R[data[i]] + LUMA_G[data[i + 1]] + LUMA_B[data[i + 2]]) >> 16;
      data[i] = y;
      data[i + 1] = y;
      data[i + 2] = y;
    }
    return image;
  }
  const w = new Int32Array(data.buffer, data.byteOffset, data.length >> 2);
  grayWords(w, 0, w, 0, w.length);
  return image;
}
