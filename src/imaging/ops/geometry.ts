import { ImageError } from '../errors.js';
import { createImage, pixelWords, type RgbaImage } from '../image.js';
import { fromExif, mirror, rotation, type Orientation } from '../orientation.js';


export type FlipDirection = 'horizontal' | 'vertical';

/**
 * Moves every pixel once for any quarter-turn rotation or mirror. Reads the
 * source in order and writes with a constant stride per row, so the inner
 * loop is one load and one store of a whole RGBA word; rows that keep their
 * order and direction are copied natively.
 */
export function reorient(image: RgbaImage, o: Orientation): RgbaImage {
  const { width, height } = image;
  const out = createImage(o.transpose ? height : width, o.transpose ? width : height);
  reorientInto(pixelWords(image), width, width, height, o, pixelWords(out), out.width);
  return out;
}

/**
 * The first `width` x `height` elements of `src` (rows `srcStride` apart)
 * turned by `o` into `dst` (rows `dstStride` apart): RGBA words for
 * `reorient`, a JPEG plane's samples for the thumbnail shrink.
 */
export function reorientInto<T extends Uint8Array | Uint32Array>(
  src: T, srcStride: number, width: number, height: number, o: Orientation, dst: T, dstStride: number,
): void {
  const outWidth = o.transpose ? height : width;
  const outHeight = o.transpose ? width : height;
  for (let y = 0; y < height; y++) {
    // Where source (0, y) lands, and how far one step along the source row moves in the output.
    let x1 = 0, y1 = y, stepX = 1, stepY = 0;
    if (o.transpose) { x1 = y; y1 = 0; stepX = 0; stepY = 1; }
    if (o.flipX) { x1 = outWidth - 1 - x1; stepX = -stepX; }
    if (o.flipY) { y1 = outHeight - 1 - y1; stepY = -stepY; }
    const start = y1 * dstStride + x1;
    const row = y * srcStride;
    if (stepX === 1) {
      dst.set(src.subarray(row, row + width), start);
      continue;
    }
    const step = stepX + stepY * dstStride;
    for (let x = 0, i = start; x < width; x++, i += step) dst[i] = src[row + x];
  }
}

/** Left-right mirror (`horizontal`) or top-bottom (`vertical`). */
export function flip(image: RgbaImage, direction: FlipDirection): RgbaImage {
  return reorient(image, mirror(direction));
}

/** Clockwise rotation by a multiple of 90 degrees. */
export function rotate(image: RgbaImage, degrees: 90 | 180 | 270): RgbaImage {
  return reorient(image, rotation(degrees));
}

export interface CropRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function crop(image: RgbaImage, rect: CropRect): RgbaImage {
  const { x, y, width, height } = rect;
  if (x + width > image.width || y + height > image.height) {
    throw new ImageError(
      `crop ${width}x${height}+${x}+${y} does not fit inside the ${image.width}x${image.height} image`,
    );
  }
  const out = createImage(width, height);
  const rowBytes = width * 4;
  for (let row = 0; row < height; row++) {
    const start = ((y + row) * image.width + x) * 4;
    out.data.set(image.data.subarray(start, start + rowBytes), row * rowBytes);
  }
  return out;
}

/** Makes an image upright from its EXIF orientation (1-8), as viewers show it. */
export function applyOrientation(image: RgbaImage, orientation: number): RgbaImage {
  return orientation >= 2 && orientation <= 8 ? reorient(image, fromExif(orientation)) : image;
}
