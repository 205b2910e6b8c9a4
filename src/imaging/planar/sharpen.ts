import type { JpegCoefficients } from '../jpeg/coefficients.js';
import { quantTablesForQuality } from '../jpeg/quant-tables.js';
import { requantize } from '../jpeg/requantize.js';
import { filterPlane } from '../jpeg/sample-plane.js';
import { sharpenPlane } from '../ops/sharpen.js';

/**
 * Sharpen of a JPEG on its coefficients (the planner's `jpeg-luma` path).
 * Sharpen adds one delta to R, G and B, which moves Y by that delta and
 * leaves Cb and Cr alone, so only the luma plane is decoded (IDCT, no colour
 * conversion), sharpened and transformed back with the output quality's
 * luma table; the chroma planes are only requantized to its chroma table in
 * the DCT domain. That skips chroma's IDCT and FDCT, both colour
 * conversions, and two thirds of the blur of a full decode and encode.
 * The sampling factors stay the source's.
 *
 * Needs a YCbCr or gray frame whose first plane has one sample per pixel
 * (the planner checks). `checkpoint` is called between the long steps.
 */
export function sharpenJpegLuma(
  c: JpegCoefficients, sigma: number, amount: number, quality: number, checkpoint: () => void,
): JpegCoefficients {
  const [luma, ...chroma] = c.planes;
  const tables = quantTablesForQuality(quality);
  const y = filterPlane(
    luma, c.width, c.height, tables.luminance,
    (samples, stride) => sharpenPlane(samples, stride, c.width, c.height, sigma, amount), checkpoint,
  );
  return { ...c, planes: [y, ...chroma.map((p) => requantize(p, tables.chrominance))] };
}
