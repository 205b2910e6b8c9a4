import type { Color } from '../color.js';
import type { RgbaImage } from '../image.js';
import { allOpaque } from './opaque.js';

/** In place: composites onto an opaque background, for formats without alpha (JPEG). */
export function flatten(image: RgbaImage, background: Color): RgbaImage {
  const data = image.data;
  // Decoded JPEGs and most PNGs are opaque: a native scan, then nothing to do.
  if (allOpaque(data)) return image;
  for (let i = 0, n = data.length; i < n; i += 4) {
    const a = data[i + 3];
    if (a === 255) continue;
    const inv = 255 - a;
    data[i] = ((data[i] * a + background.r * inv + 127) / 255) | 0;
    data[i + 1] = ((data[i + 1] * a + background.g * inv + 127) / 255) | 0;
    data[i + 2] = ((data[i + 2] * a + background.b * inv + 127) / 255) | 0;
    data[i + 3] = 255;
  }
  return image;
}
