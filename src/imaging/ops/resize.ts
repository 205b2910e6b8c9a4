import type { RgbaImage } from '../image.js';
import { resample, type TapsFor } from './resample.js';
import { buildTaps, type Taps } from './taps.js';

export type ResizeFilter = 'nearest' | 'bilinear' | 'lanczos3' | 'area';

/**
 * Thumbnails average the area each output pixel covers (as the image crate's
 * `thumbnail` and OpenCV's INTER_AREA do): after the JPEG shrink-on-load it
 * reads 2 samples per axis where lanczos3 reads 9, and a thumbnail's few
 * pixels show no ringing. `resize` keeps lanczos3 as its default.
 */
export const THUMBNAIL_FILTER: ResizeFilter = 'area';

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/**
 * Taps for one axis. When downscaling, the kernel widens by the reduction
 * factor so every covered source pixel contributes (area-aware, as ImageMagick,
 * libvips and Pillow do); when upscaling it is plain interpolation. Pixel
 * centres map as (i + 0.5) * scale - 0.5, `scale` being source samples per
 * destination sample: the size ratio, unless a subsampled JPEG plane follows
 * its image's ratio (planar/resize.ts). Weights are 7 or 8 bits (see resample.ts).
 */
export function resizeTaps(
  srcSize: number, dstSize: number, filter: ResizeFilter, bits: number, scale = srcSize / dstSize,
): Taps {
  const center = (i: number) => (i + 0.5) * scale - 0.5;
  if (filter === 'nearest') {
    return buildTaps(srcSize, dstSize, 0.5, (i) => Math.min(srcSize - 1, Math.floor((i + 0.5) * scale)), () => 1, bits);
  }
  const widen = Math.max(1, scale);
  if (filter === 'area' && scale > 1) {
    // Each destination pixel is the mean of the source area it covers (OpenCV's
    // INTER_AREA, the image crate's thumbnail): a source pixel's weight is the
    // length of its overlap with the destination span, so a 1.5:1 reduction
    // reads 2 samples where lanczos3 reads 9.
    const half = scale / 2;
    return buildTaps(srcSize, dstSize, half + 0.5, center, (d) => Math.max(0, Math.min(d + 0.5, half) - Math.max(d - 0.5, -half)), bits);
  }
  // Enlarging, `area` interpolates as bilinear does (as OpenCV's INTER_AREA).
  if (filter === 'bilinear' || filter === 'area') {
    return buildTaps(srcSize, dstSize, widen, center, (d) => Math.max(0, 1 - Math.abs(d) / widen), bits);
  }
  return buildTaps(srcSize, dstSize, 3 * widen, center, (d) => {
    const x = d / widen;
    return Math.abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0;
  }, bits);
}

/** Resamples to exactly `width` x `height`, separably; an axis that keeps its size is not filtered. */
export function resize(image: RgbaImage, width: number, height: number, filter: ResizeFilter = 'lanczos3'): RgbaImage {
  if (width === image.width && height === image.height) return image;
  // Taps are built on demand, at the weight precision each pass needs.
  const xTaps: TapsFor | null = width === image.width ? null : (bits) => resizeTaps(image.width, width, filter, bits);
  const yTaps: TapsFor | null = height === image.height ? null : (bits) => resizeTaps(image.height, height, filter, bits);
  return resample(image, width, height, xTaps, yTaps);
}

/**
 * The largest size that fits inside both bounds keeping the aspect ratio
 * (the upstream worker's `resize`, from the image crate). A missing bound
 * leaves that side free.
 */
export function fitInside(
  width: number, height: number, maxWidth: number | undefined, maxHeight: number | undefined,
): { width: number; height: number } {
  const wRatio = maxWidth === undefined ? Infinity : maxWidth / width;
  const hRatio = maxHeight === undefined ? Infinity : maxHeight / height;
  if (wRatio <= hRatio) {
    return { width: maxWidth!, height: Math.max(1, Math.round(height * wRatio)) };
  }
  return { width: Math.max(1, Math.round(width * hRatio)), height: maxHeight! };
}

/** The smallest size that covers both bounds keeping the aspect ratio. */
export function fitOutside(width: number, height: number, boxWidth: number, boxHeight: number): { width: number; height: number } {
  const ratio = Math.max(boxWidth / width, boxHeight / height);
  return { width: Math.max(boxWidth, Math.round(width * ratio)), height: Math.max(boxHeight, Math.round(height * ratio)) };
}
