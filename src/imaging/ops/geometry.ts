import { ImageError } from '../errors.js';
import { createImage, pixelWords, type RgbaImage } from '../image.js';

export type FlipDirection = 'horizontal' | 'vertical';

/** Left-right mirror (`horizontal`) or top-bottom (`vertical`). */
export function flip(image: RgbaImage, direction: FlipDirection): RgbaImage {
  const { width, height } = image;
  const out = createImage(width, height);
  const src = pixelWords(image);
  const dst = pixelWords(out);
  if (direction === 'vertical') {
    // Whole rows move with one native copy each.
    for (let y = 0; y < height; y++) dst.set(src.subarray(y * width, (y + 1) * width), (height - 1 - y) * width);
  } else {
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = 0, o = row + width - 1; x < width; x++, o--) dst[o] = src[row + x];
    }
  }
  return out;
}

/** Clockwise rotation by a multiple of 90 degrees. */
export function rotate(image: RgbaImage, degrees: 90 | 180 | 270): RgbaImage {
  const { width, height } = image;
  const src = pixelWords(image);
  if (degrees === 180) {
    const out = createImage(width, height);
    const dst = pixelWords(out);
    for (let i = 0, o = src.length - 1; o >= 0; i++, o--) dst[o] = src[i];
    return out;
  }
  const out = createImage(height, width);
  const dst = pixelWords(out);
  // Walk the source in order (cache-friendly reads) and stride through the destination column.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (degrees === 90) {
      // source (x, y) -> destination (height - 1 - y, x)
      for (let x = 0, o = height - 1 - y; x < width; x++, o += height) dst[o] = src[row + x];
    } else {
      // source (x, y) -> destination (y, width - 1 - x)
      for (let x = 0, o = (width - 1) * height + y; x < width; x++, o -= height) dst[o] = src[row + x];
    }
  }
  return out;
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

/**
 * Makes an image upright from its EXIF orientation (1-8), as viewers show it.
 * 5 and 7 are the mirrored rotations (transpose and transverse).
 */
export function applyOrientation(image: RgbaImage, orientation: number): RgbaImage {
  switch (orientation) {
    case 2: return flip(image, 'horizontal');
    case 3: return rotate(image, 180);
    case 4: return flip(image, 'vertical');
    case 5: return flip(rotate(image, 90), 'horizontal');
    case 6: return rotate(image, 90);
    case 7: return flip(rotate(image, 270), 'horizontal');
    case 8: return rotate(image, 270);
    default: return image;
  }
}
