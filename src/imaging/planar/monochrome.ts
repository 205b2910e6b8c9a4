import type { JpegCoefficients } from '../jpeg/coefficients.js';
import { quantTablesForQuality } from '../jpeg/quant-tables.js';
import { filterPlane } from '../jpeg/sample-plane.js';
import { keepLuma } from '../jpeg/transform.js';
import type { Operation } from '../operations.js';
import { ditherPlane, thresholdPlane } from '../ops/monochrome-plane.js';

/** A step that turns luma into black and white. */
export type MonochromeStep = Extract<Operation, { type: 'threshold' | 'black-and-white' }>;

/**
 * Threshold or black-and-white of a JPEG on its luma plane (the planner's
 * `jpeg-mono` path). Both read luma alone and give gray, so the luma plane is
 * decoded (IDCT only), cut or dithered in place and transformed back with the
 * output quality's luma table into a one-component JPEG: what the pixel path
 * writes from a luma-only decode, byte for byte, without its RGBA image, luma
 * tables and encoder colour pass. `checkpoint` is called between the long steps.
 */
export function monochromeJpeg(c: JpegCoefficients, step: MonochromeStep, quality: number, checkpoint: () => void): JpegCoefficients {
  const gray = keepLuma(c);
  const { width, height } = gray;
  const y = filterPlane(
    gray.planes[0], width, height, quantTablesForQuality(quality).luminance,
    (samples, stride) => step.type === 'threshold'
      ? thresholdPlane(samples, stride, width, height, step.level)
      : ditherPlane(samples, stride, width, height),
    checkpoint,
  );
  return { ...gray, planes: [y] };
}
