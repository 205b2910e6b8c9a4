import { createImage, type RgbaImage } from '../image.js';
import { crop } from './geometry.js';
import { fitInside, fitOutside, resize, type ResizeFilter } from './resize.js';

export type Fit = 'inside' | 'fill' | 'cover' | 'contain';

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

export interface ResizeRequest {
  width?: number;
  height?: number;
  fit: Fit;
  filter: ResizeFilter;
  /** Padding colour for `contain`. */
  background: Rgba;
}

/**
 * The largest image a resize request allocates on the way: `cover` scales
 * past the box before cropping, so that size must pass the limits too.
 */
export function resizePeak(image: { width: number; height: number }, request: ResizeRequest): { width: number; height: number } {
  const target = resizeTarget(image, request);
  return request.fit === 'cover' && request.width !== undefined && request.height !== undefined
    ? fitOutside(image.width, image.height, target.width, target.height)
    : target;
}

/** Output size of a resize request, before any pixel is touched (for the limits check). */
export function resizeTarget(image: { width: number; height: number }, request: ResizeRequest): { width: number; height: number } {
  const { width, height } = request;
  if (request.fit === 'inside' || width === undefined || height === undefined) {
    return fitInside(image.width, image.height, width, height);
  }
  return { width, height };
}

/** Places `image` centred on a `width` x `height` canvas of `background`. */
function pad(image: RgbaImage, width: number, height: number, background: Rgba): RgbaImage {
  const out = createImage(width, height);
  const fill = new Uint8Array([background.r, background.g, background.b, background.a]);
  // Fill one row, then copy it: native copies instead of a per-byte loop.
  for (let x = 0; x < width; x++) out.data.set(fill, x * 4);
  for (let y = 1; y < height; y++) out.data.copyWithin(y * width * 4, 0, width * 4);
  const left = (width - image.width) >> 1;
  const top = (height - image.height) >> 1;
  for (let y = 0; y < image.height; y++) {
    out.data.set(image.data.subarray(y * image.width * 4, (y + 1) * image.width * 4), ((top + y) * width + left) * 4);
  }
  return out;
}

/**
 * sharp's fit modes: `inside` keeps the aspect ratio within both bounds (the
 * upstream default), `fill` stretches to the exact size, `cover` fills the box
 * and crops the overflow (centred), `contain` fits inside and pads to the box.
 * With one bound missing every mode keeps the aspect ratio.
 */
export function resizeImage(image: RgbaImage, request: ResizeRequest): RgbaImage {
  const target = resizeTarget(image, request);
  if (request.fit === 'inside' || request.fit === 'fill' || request.width === undefined || request.height === undefined) {
    return resize(image, target.width, target.height, request.filter);
  }
  if (request.fit === 'cover') {
    const scaled = fitOutside(image.width, image.height, target.width, target.height);
    const resized = resize(image, scaled.width, scaled.height, request.filter);
    return crop(resized, {
      x: (scaled.width - target.width) >> 1,
      y: (scaled.height - target.height) >> 1,
      width: target.width,
      height: target.height,
    });
  }
  const inner = fitInside(image.width, image.height, target.width, target.height);
  return pad(resize(image, inner.width, inner.height, request.filter), target.width, target.height, request.background);
}
