import { ImageError } from '../errors.js';
import { pixelWords, type RgbaImage } from '../image.js';
import type { JpegCoefficients } from './coefficients.js';
import { quantTablesForQuality } from './quant-tables.js';
import { newPlane, replicateEdges, forwardTransform } from './sample-plane.js';

/**
 * Pixels to quantized DCT coefficients: RGB -> YCbCr (ITU-R BT.601 weights as
 * in libjpeg's jccolor.c), 4:2:0 chroma (each chroma sample the average of a
 * 2x2 pixel square, libjpeg's default) or luma only, edge blocks padded by
 * replicating the last column and row (as libjpeg does), then the fused
 * FDCT + quantization.
 *
 * The loops are written for an interpreter without a JIT (StarlingMonkey),
 * where every bytecode costs and a typed-array access costs several:
 * - one 32-bit read per pixel, an 8x2-pixel tile per iteration, results
 *   packed four samples per 32-bit word before storing;
 * - weights as integer literals, not lookup tables (a multiply by a literal
 *   is cheaper than a table read here; module constants are slower still);
 * - luma with two multiplies instead of three and no per-channel unpacking
 *   (see LUMA below), about 15% less time for the whole conversion in the
 *   probe than libjpeg's three-multiply form.
 *
 * LUMA: rb = w & 0xff00ff holds R in bits 0-7 and B in bits 16-23, and
 * rb * (77 << 16 | 29) puts 77 R + 29 B in bits 16-31 (29 R < 2^16 below it
 * does not carry; the 77 B << 32 part is dropped by `>>>`). Adding
 * (w & 0xff00) * (150 << 8) = 150 G << 16 and the rounding 128 << 16, bits
 * 24-31 are (77 R + 150 G + 29 B + 128) >> 8: the BT.601 weights to 1/256
 * (as jpeg-js and many encoders use), within one level of libjpeg's
 * 1/65536 weights. The products reach 2^47, exact in doubles. Chroma keeps
 * libjpeg's 16-bit weights: it is computed once per four pixels.
 */

export interface FromPixelsOptions {
  /** Encode only luma: a one-component (grayscale) JPEG. */
  readonly grayscale?: boolean;
}

/** JPEG frames hold 16-bit dimensions. */
const MAX_DIMENSION = 65535;

export function imageToCoefficients(image: RgbaImage, quality: number, options: FromPixelsOptions = {}): JpegCoefficients {
  const { width, height } = image;
  if (!(width >= 1 && height >= 1 && width <= MAX_DIMENSION && height <= MAX_DIMENSION)) {
    throw new ImageError(`JPEG dimensions must be 1..${MAX_DIMENSION}, got ${width}x${height}`);
  }
  if (image.data.length < width * height * 4) throw new Error(`RGBA buffer of ${image.data.length} bytes for ${width}x${height}`);
  const tables = quantTablesForQuality(quality);
  const pixels = pixelWords(image);
  if (options.grayscale) {
    const luma = newPlane(1, 1, 1, width, height, 1, 1, tables.luminance);
    lumaOnly(pixels, width, height, luma.samples, luma.stride);
    replicateEdges(luma.samples, luma.stride, width, height);
    return { width, height, maxH: 1, maxV: 1, colorSpace: 'gray', planes: [forwardTransform(luma)] };
  }
  const luma = newPlane(1, 2, 2, width, height, 2, 2, tables.luminance);
  const cb = newPlane(2, 1, 1, width, height, 2, 2, tables.chrominance);
  const cr = newPlane(3, 1, 1, width, height, 2, 2, tables.chrominance);
  ycc420(pixels, width, height, luma.samples, luma.stride, cb.samples, cr.samples, cb.stride);
  replicateEdges(luma.samples, luma.stride, width, height);
  const chromaWidth = (width + 1) >> 1;
  const chromaHeight = (height + 1) >> 1;
  replicateEdges(cb.samples, cb.stride, chromaWidth, chromaHeight);
  replicateEdges(cr.samples, cr.stride, chromaWidth, chromaHeight);
  return { width, height, maxH: 2, maxV: 2, colorSpace: 'ycbcr', planes: [forwardTransform(luma), forwardTransform(cb), forwardTransform(cr)] };
}

/** Y = 0.299 R + 0.587 G + 0.114 B (see LUMA above). */
function lumaOf(w: number): number {
  return ((w & 0xff00ff) * 5046301 + (w & 0xff00) * 38400 + 8388608) >>> 24;
}

/** Luma of every pixel, four pixels per 32-bit store. */
function lumaOnly(pixels: Uint32Array, width: number, height: number, plane: Uint8Array, stride: number): void {
  const out = new Uint32Array(plane.buffer, plane.byteOffset, plane.length >> 2);
  const fastWidth = width & ~3;
  let w = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
  for (let y = 0; y < height; y++) {
    let i = y * width;
    let o = (y * stride) >> 2;
    const end = i + fastWidth;
    for (; i < end; i += 4, o++) {
      w = pixels[i]; y0 = ((w & 0xff00ff) * 5046301 + (w & 0xff00) * 38400 + 8388608) >>> 24;
      w = pixels[i + 1]; y1 = ((w & 0xff00ff) * 5046301 + (w & 0xff00) * 38400 + 8388608) >>> 24;
      w = pixels[i + 2]; y2 = ((w & 0xff00ff) * 5046301 + (w & 0xff00) * 38400 + 8388608) >>> 24;
      w = pixels[i + 3]; y3 = ((w & 0xff00ff) * 5046301 + (w & 0xff00) * 38400 + 8388608) >>> 24;
      out[o] = y0 | (y1 << 8) | (y2 << 16) | (y3 << 24);
    }
    for (let x = fastWidth; x < width; x++) plane[y * stride + x] = lumaOf(pixels[y * width + x]);
  }
}

/**
 * Luma for every pixel and 4:2:0 chroma. Chroma is computed once per 2x2
 * square from the summed R, G, B (the colour transform is linear, so this is
 * the average of the four pixels' Cb/Cr up to rounding, at a quarter of the
 * multiplies); R and B are summed two at a time in the rb words (lanes of 16
 * bits, at most 4 * 255). The bias 128 << 18 plus (1 << 17) - 1 rounds the
 * /4 * /65536 and keeps pure blue at 255 rather than 256 (libjpeg's
 * ONE_HALF - 1).
 */
function ycc420(
  pixels: Uint32Array, width: number, height: number,
  yPlane: Uint8Array, yStride: number, cbPlane: Uint8Array, crPlane: Uint8Array, cStride: number,
): void {
  const yOut = new Uint32Array(yPlane.buffer, yPlane.byteOffset, yPlane.length >> 2);
  const cbOut = new Uint32Array(cbPlane.buffer, cbPlane.byteOffset, cbPlane.length >> 2);
  const crOut = new Uint32Array(crPlane.buffer, crPlane.byteOffset, crPlane.length >> 2);
  const fastWidth = width & ~7;
  const pairRows = height >> 1;
  const yStrideWords = yStride >> 2;
  let w = 0, rb0 = 0, rb1 = 0, rb2 = 0, rb3 = 0, g0 = 0, g1 = 0, g2 = 0, g3 = 0, rbs = 0, rs = 0, gs = 0, bs = 0;
  let ya0 = 0, ya1 = 0, ya2 = 0, ya3 = 0, ya4 = 0, ya5 = 0, ya6 = 0, ya7 = 0;
  let yb0 = 0, yb1 = 0, yb2 = 0, yb3 = 0, yb4 = 0, yb5 = 0, yb6 = 0, yb7 = 0;
  let cb0 = 0, cb1 = 0, cb2 = 0, cb3 = 0, cr0 = 0, cr1 = 0, cr2 = 0, cr3 = 0;
  for (let cy = 0; cy < pairRows; cy++) {
    let i0 = 2 * cy * width;
    let i1 = i0 + width;
    let yo = 2 * cy * yStrideWords;
    let co = (cy * cStride) >> 2;
    const end = i0 + fastWidth;
    // One 8x2 tile per iteration: 16 luma samples (4 words) and 4 Cb, 4 Cr (1 word each).
    for (; i0 < end; i0 += 8, i1 += 8, yo += 2, co++) {
      w = pixels[i0]; rb0 = w & 0xff00ff; g0 = w & 0xff00; ya0 = (rb0 * 5046301 + g0 * 38400 + 8388608) >>> 24;
      w = pixels[i0 + 1]; rb1 = w & 0xff00ff; g1 = w & 0xff00; ya1 = (rb1 * 5046301 + g1 * 38400 + 8388608) >>> 24;
      w = pixels[i1]; rb2 = w & 0xff00ff; g2 = w & 0xff00; yb0 = (rb2 * 5046301 + g2 * 38400 + 8388608) >>> 24;
      w = pixels[i1 + 1]; rb3 = w & 0xff00ff; g3 = w & 0xff00; yb1 = (rb3 * 5046301 + g3 * 38400 + 8388608) >>> 24;
      rbs = rb0 + rb1 + rb2 + rb3; rs = rbs & 0xffff; bs = rbs >>> 16; gs = (g0 + g1 + g2 + g3) >>> 8;
      cb0 = (bs * 32768 - rs * 11059 - gs * 21709 + 33685503) >> 18; cr0 = (rs * 32768 - gs * 27439 - bs * 5329 + 33685503) >> 18;
      w = pixels[i0 + 2]; rb0 = w & 0xff00ff; g0 = w & 0xff00; ya2 = (rb0 * 5046301 + g0 * 38400 + 8388608) >>> 24;
      w = pixels[i0 + 3]; rb1 = w & 0xff00ff; g1 = w & 0xff00; ya3 = (rb1 * 5046301 + g1 * 38400 + 8388608) >>> 24;
      w = pixels[i1 + 2]; rb2 = w & 0xff00ff; g2 = w & 0xff00; yb2 = (rb2 * 5046301 + g2 * 38400 + 8388608) >>> 24;
      w = pixels[i1 + 3]; rb3 = w & 0xff00ff; g3 = w & 0xff00; yb3 = (rb3 * 5046301 + g3 * 38400 + 8388608) >>> 24;
      rbs = rb0 + rb1 + rb2 + rb3; rs = rbs & 0xffff; bs = rbs >>> 16; gs = (g0 + g1 + g2 + g3) >>> 8;
      cb1 = (bs * 32768 - rs * 11059 - gs * 21709 + 33685503) >> 18; cr1 = (rs * 32768 - gs * 27439 - bs * 5329 + 33685503) >> 18;
      w = pixels[i0 + 4]; rb0 = w & 0xff00ff; g0 = w & 0xff00; ya4 = (rb0 * 5046301 + g0 * 38400 + 8388608) >>> 24;
      w = pixels[i0 + 5]; rb1 = w & 0xff00ff; g1 = w & 0xff00; ya5 = (rb1 * 5046301 + g1 * 38400 + 8388608) >>> 24;
      w = pixels[i1 + 4]; rb2 = w & 0xff00ff; g2 = w & 0xff00; yb4 = (rb2 * 5046301 + g2 * 38400 + 8388608) >>> 24;
      w = pixels[i1 + 5]; rb3 = w & 0xff00ff; g3 = w & 0xff00; yb5 = (rb3 * 5046301 + g3 * 38400 + 8388608) >>> 24;
      rbs = rb0 + rb1 + rb2 + rb3; rs = rbs & 0xffff; bs = rbs >>> 16; gs = (g0 + g1 + g2 + g3) >>> 8;
      cb2 = (bs * 32768 - rs * 11059 - gs * 21709 + 33685503) >> 18; cr2 = (rs * 32768 - gs * 27439 - bs * 5329 + 33685503) >> 18;
      w = pixels[i0 + 6]; rb0 = w & 0xff00ff; g0 = w & 0xff00; ya6 = (rb0 * 5046301 + g0 * 38400 + 8388608) >>> 24;
      w = pixels[i0 + 7]; rb1 = w & 0xff00ff; g1 = w & 0xff00; ya7 = (rb1 * 5046301 + g1 * 38400 + 8388608) >>> 24;
      w = pixels[i1 + 6]; rb2 = w & 0xff00ff; g2 = w & 0xff00; yb6 = (rb2 * 5046301 + g2 * 38400 + 8388608) >>> 24;
      w = pixels[i1 + 7]; rb3 = w & 0xff00ff; g3 = w & 0xff00; yb7 = (rb3 * 5046301 + g3 * 38400 + 8388608) >>> 24;
      rbs = rb0 + rb1 + rb2 + rb3; rs = rbs & 0xffff; bs = rbs >>> 16; gs = (g0 + g1 + g2 + g3) >>> 8;
      cb3 = (bs * 32768 - rs * 11059 - gs * 21709 + 33685503) >> 18; cr3 = (rs * 32768 - gs * 27439 - bs * 5329 + 33685503) >> 18;
      yOut[yo] = ya0 | (ya1 << 8) | (ya2 << 16) | (ya3 << 24);
      yOut[yo + 1] = ya4 | (ya5 << 8) | (ya6 << 16) | (ya7 << 24);
      yOut[yo + yStrideWords] = yb0 | (yb1 << 8) | (yb2 << 16) | (yb3 << 24);
      yOut[yo + yStrideWords + 1] = yb4 | (yb5 << 8) | (yb6 << 16) | (yb7 << 24);
      cbOut[co] = cb0 | (cb1 << 8) | (cb2 << 16) | (cb3 << 24);
      crOut[co] = cr0 | (cr1 << 8) | (cr2 << 16) | (cr3 << 24);
    }
  }
  // The right strip narrower than a tile and an odd last row: per 2x2 square, with edge pixels replicated.
  const chromaWidth = (width + 1) >> 1;
  for (let cy = 0; cy < pairRows; cy++) {
    for (let cx = fastWidth >> 1; cx < chromaWidth; cx++) ycc420Square(pixels, width, height, cx, cy, yPlane, yStride, cbPlane, crPlane, cStride);
  }
  if (height & 1) {
    for (let cx = 0; cx < chromaWidth; cx++) ycc420Square(pixels, width, height, cx, pairRows, yPlane, yStride, cbPlane, crPlane, cStride);
  }
}

/** One 2x2 square at the image edge: luma of the pixels inside, chroma with outside pixels replaced by the nearest edge pixel. */
function ycc420Square(
  pixels: Uint32Array, width: number, height: number, cx: number, cy: number,
  yPlane: Uint8Array, yStride: number, cbPlane: Uint8Array, crPlane: Uint8Array, cStride: number,
): void {
  let rs = 0, gs = 0, bs = 0;
  for (let dy = 0; dy < 2; dy++) {
    const y = Math.min(2 * cy + dy, height - 1);
    for (let dx = 0; dx < 2; dx++) {
      const x = Math.min(2 * cx + dx, width - 1);
      const w = pixels[y * width + x];
      rs += w & 255;
      gs += (w >>> 8) & 255;
      bs += (w >>> 16) & 255;
      yPlane[y * yStride + x] = lumaOf(w);
    }
  }
  cbPlane[cy * cStride + cx] = (bs * 32768 - rs * 11059 - gs * 21709 + 33685503) >> 18;
  crPlane[cy * cStride + cx] = (rs * 32768 - gs * 27439 - bs * 5329 + 33685503) >> 18;
}
