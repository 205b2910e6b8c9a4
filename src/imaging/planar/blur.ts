import type { JpegCoefficients } from '../jpeg/coefficients.js';
import { quantTablesForQuality } from '../jpeg/quant-tables.js';
import { filterPlane } from '../jpeg/sample-plane.js';
import { blurPlane } from '../ops/strip-blur.js';

/**
 * Blur of a JPEG on its sample planes (the planner's `jpeg-blur` path). The
 * blur is linear and per channel, and so is RGB -> YCbCr, so blurring R, G
 * and B and converting gives what blurring Y, Cb and Cr gives, up to
 * rounding and clamping. So each plane is decoded to samples (IDCT, no
 * colour conversion, no chroma upsampling), blurred at its own resolution
 * (strip-blur.ts: a third of an RGB blur each) with sigma scaled by its
 * sampling, and transformed back with the output quality's tables (luma's
 * for the first plane, chroma's for the rest). Subsampled chroma is blurred
 * with half the sigma on half the samples, a quarter of the work of a full
 * resolution blur; it is not exactly the full blur then downsampled, which
 * the planner accepts. The sampling factors stay the source's.
 *
 * Needs a YCbCr or gray frame whose every plane is subsampled by the same
 * factor along both axes (h / maxH = v / maxV), since the blur takes one
 * sigma (the planner checks). `checkpoint` is called between the long steps.
 */
export function blurJpegPlanes(c: JpegCoefficients, sigma: number, quality: number, checkpoint: () => void): JpegCoefficients {
  const tables = quantTablesForQuality(quality);
  const planes = c.planes.map((plane, i) => {
    // The component's own size, as the decoder and encoder size it.
    const width = Math.ceil((c.width * plane.h) / c.maxH);
    const height = Math.ceil((c.height * plane.v) / c.maxV);
    const scaled = (sigma * plane.h) / c.maxH;
    return filterPlane(
      plane, width, height, i === 0 ? tables.luminance : tables.chrominance,
      (samples, stride) => blurPlane(samples, stride, width, height, scaled), checkpoint,
    );
  });
  return { ...c, planes };
}
