import type { JpegCoefficients } from '../jpeg/coefficients.js';
import { quantTablesForQuality } from '../jpeg/quant-tables.js';
import { inverseTransform, newPlane, turnAndTransform, turnedFrame } from '../jpeg/sample-plane.js';
import { resamplePlane } from '../ops/plane-resize.js';
import type { ResizeFilter } from '../ops/resize.js';
import type { Orientation } from '../orientation.js';

/**
 * Resize of a JPEG on its sample planes (the planner's `jpeg-resize` path).
 * Resampling is linear and per channel, and so is RGB -> YCbCr, so resizing
 * Y, Cb and Cr gives what resizing R, G and B and converting gives, up to
 * rounding and clamping (a lanczos overshoot is clipped in YCbCr instead of
 * RGB). Each plane is decoded to samples (IDCT, no colour conversion, no
 * chroma upsampling), resized at its own resolution (plane-resize.ts: a
 * third of an RGB resize each) and transformed back with the output
 * quality's tables (luma's for the first plane, chroma's for the rest); the
 * sampling factors stay the source's. A subsampled plane keeps the image's
 * scale, not its own rounded size's, so its samples stay centred on the
 * same spots of the picture. A turn or mirror (EXIF orientation, rotate,
 * flip) commutes with the resize, so it moves the resized samples, before
 * the FDCT.
 *
 * Needs a YCbCr or gray frame (the planner checks). `checkpoint` is called
 * between the long steps.
 */
export function resizeJpegPlanes(
  c: JpegCoefficients, width: number, height: number, filter: ResizeFilter, orientation: Orientation, quality: number,
  checkpoint: () => void,
): JpegCoefficients {
  const tables = quantTablesForQuality(quality);
  const scaleX = c.width / width, scaleY = c.height / height;
  const turned = turnedFrame({ width, height, maxH: c.maxH, maxV: c.maxV }, orientation);
  const planes = c.planes.map((plane, i) => {
    // Each component's own size, as the decoder and encoder size it.
    const srcWidth = Math.ceil((c.width * plane.h) / c.maxH), srcHeight = Math.ceil((c.height * plane.v) / c.maxV);
    const outWidth = Math.ceil((width * plane.h) / c.maxH), outHeight = Math.ceil((height * plane.v) / c.maxV);
    const source = inverseTransform(plane, srcWidth, srcHeight);
    checkpoint();
    const out = newPlane(plane.id, plane.h, plane.v, width, height, c.maxH, c.maxV, i === 0 ? tables.luminance : tables.chrominance);
    resamplePlane(source.samples, source.stride, srcWidth, srcHeight, out.samples, out.stride, outWidth, outHeight, filter, scaleX, scaleY);
    checkpoint();
    return turnAndTransform(out, outWidth, outHeight, orientation, turned);
  });
  return { ...c, width: turned.width, height: turned.height, maxH: turned.maxH, maxV: turned.maxV, planes };
}
