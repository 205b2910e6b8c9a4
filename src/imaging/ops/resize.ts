import type { RgbaImage } from '../image.js';
import { resample, type TapsFor } from './resample.js';
import { buildTaps, type Taps } from './taps.js';

export type ResizeFilter = 'nearest' | 'bilinear' | 'lanczos3';

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/**
 * Taps for one axis. When downscaling, the kernel widens by the reduction
 * factor so every covered source pixel contributes (area-aware, as ImageMagick,
 * libvips and Pillow do); when upscaling it is plain interpolation. Pixel
 * centres map as (i + 0.5) * scale - 0.5. Weights are 7 or 8 bits (see resample.ts).
 */
function resizeTaps(srcSize: number, dstSize: number, filter: ResizeFilter, bits: number): Taps {
  const scale = srcSize / dstSize;
  const center = (i: number) => (i + 0.5) * scale - 0.5;
  if (filter === 'nearest') {
    return buildTaps(srcSize, dstSize, 0.5, (i) => Math.min(srcSize - 1, Math.floor((i + 0.5) * scale)), () => 1, bits);
  }
  const widen = Math.max(1, scale);
  if (filter === 'bilinear') {
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
