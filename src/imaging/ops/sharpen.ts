import { pixelWords, type RgbaImage } from '../image.js';
import { LUMA_B, lumaRGTable } from './grayscale.js';
import { blurStrips, packPlane, sourceRow, stripLayout, type StripLayout } from './strip-blur.js';

// Unsharp mask on lightness, as sharp and libvips do: with Y the luma,
// delta = amount * (Y - blur(Y)) is added to R, G and B alike. The same
// delta on all three moves the luma by delta and leaves Cb and Cr as they
// were, so edges get crisper without coloured fringes, and only one channel
// is blurred (strip-blur.ts: a third of an RGB blur).
//
// Luma is the grayscale op's Rec. 601 luma (grayscale.ts): it is what the
// planner already treats as equal to a JPEG's Y plane (grayscale decodes only
// that plane), it is nearer the exact BT.601 weights than the encoder's 1/256
// ones, so a JPEG's own Y comes back from its decoded RGB almost unchanged,
// and the JPEG path that sharpens the Y plane directly (jpeg/luma-sharpen.ts)
// stays close to this one.
//
// Rounding: every result is stored through a Uint8ClampedArray, which rounds
// (half to even) and clamps natively instead of branching per channel.

/**
 * Sharpens an image in place and returns it; alpha is left as it was (the
 * luma ignores it, as the grayscale op does).
 */
export function sharpen(image: RgbaImage, sigma: number, amount: number): RgbaImage {
  const { width, height, data } = image;
  if (width === 0 || height === 0) return image;
  const layout = stripLayout(width, height, sigma);
  const luma = packLuma(image, layout);
  const blurred = blurStrips(luma, layout);
  const out = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  const { strip, margin } = layout;
  for (let k = 0; k < 3; k++) {
    const first = k * strip;
    const count = Math.min(strip, height - first);
    if (count <= 0) break;
    // A strip is contiguous both in the image and in its lane of the packed
    // images, so one index walks all five views.
    const y = luma.subarray(margin * width * 4 + k);
    const b = blurred.subarray(margin * width * 4 + k);
    const r = out.subarray(first * width * 4);
    const g = out.subarray(first * width * 4 + 1);
    const bl = out.subarray(first * width * 4 + 2);
    let d = 0;
    for (let q = 0, end = count * width * 4; q < end; q += 4) {
      d = (y[q] - b[q]) * amount;
      r[q] += d;
      g[q] += d;
      bl[q] += d;
    }
  }
  return image;
}

/**
 * Sharpens the `width` x `height` area of a gray plane (8-bit samples, rows
 * `stride` apart) in place: Y' = Y + amount * (Y - blur(Y)), rounded and
 * clamped. The same as `sharpen` on a gray image (R = G = B = Y).
 */
export function sharpenPlane(samples: Uint8Array, stride: number, width: number, height: number, sigma: number, amount: number): void {
  if (width === 0 || height === 0) return;
  const layout = stripLayout(width, height, sigma);
  const packed = packPlane(samples, stride, layout);
  const blurred = blurStrips(packed, layout);
  const out = new Uint8ClampedArray(samples.buffer, samples.byteOffset, samples.length);
  const { strip, margin } = layout;
  let v = 0, x = 0, q = 0;
  for (let row = 0; row < height; row++) {
    const k = (row / strip) | 0;
    const from = ((row - k * strip + margin) * width) * 4 + k;
    const to = row * stride;
    // Four samples per turn, each through its own views (packed ones 4 bytes
    // apart, plane ones 1 apart), so every access is view[index] with no
    // offset arithmetic and the loop's own cost is paid once per four.
    const y0 = packed.subarray(from), y1 = packed.subarray(from + 4), y2 = packed.subarray(from + 8), y3 = packed.subarray(from + 12);
    const b0 = blurred.subarray(from), b1 = blurred.subarray(from + 4), b2 = blurred.subarray(from + 8), b3 = blurred.subarray(from + 12);
    const o0 = out.subarray(to), o1 = out.subarray(to + 1), o2 = out.subarray(to + 2), o3 = out.subarray(to + 3);
    for (x = 0, q = 0; x + 4 <= width; x += 4, q += 16) {
      v = y0[q]; o0[x] = v + (v - b0[q]) * amount;
      v = y1[q]; o1[x] = v + (v - b1[q]) * amount;
      v = y2[q]; o2[x] = v + (v - b2[q]) * amount;
      v = y3[q]; o3[x] = v + (v - b3[q]) * amount;
    }
    for (; x < width; x++, q += 4) {
      v = y0[q];
      o0[x] = v + (v - b0[q]) * amount;
    }
  }
}

/**
 * The packed image (strip-blur.ts) of the image's luma: three lumas per
 * packed pixel, each from one pixel word (R and G share one table lookup,
 * see grayscale.ts). Rows in the margins are computed once per lane they
 * appear in; that is 2 * margin rows per strip, a few percent. Pixel
 * words have R in the low byte (little-endian, as on every WebAssembly host).
 * The third luma needs no shift: the 16.16 sum masked to its integer byte
 * already sits in bits 16-23.
 */
function packLuma(image: RgbaImage, layout: StripLayout): Uint8Array {
  const { width, rows } = layout;
  const pixels = pixelWords(image);
  const packed = new Uint8Array(width * rows * 4);
  const words = new Int32Array(packed.buffer);
  const rg = lumaRGTable();
  const lb = LUMA_B;
  let w0 = 0, w1 = 0, w2 = 0;
  for (let p = 0; p < rows; p++) {
    const a = pixels.subarray(sourceRow(layout, 0, p) * width);
    const b = pixels.subarray(sourceRow(layout, 1, p) * width);
    const c = pixels.subarray(sourceRow(layout, 2, p) * width);
    const out = words.subarray(p * width, (p + 1) * width);
    for (let x = width - 1; x >= 0; x--) {
      w0 = a[x];
      w1 = b[x];
      w2 = c[x];
      out[x] = ((rg[w0 & 0xffff] + lb[(w0 >>> 16) & 255]) >> 16)
        | (((rg[w1 & 0xffff] + lb[(w1 >>> 16) & 255]) >> 16) << 8)
        | ((rg[w2 & 0xffff] + lb[(w2 >>> 16) & 255]) & 0xff0000)
        | -16777216;
    }
  }
  return packed;
}
