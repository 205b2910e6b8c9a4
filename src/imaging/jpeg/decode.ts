import jpeg from 'jpeg-js';
import { ImageError } from '../errors.js';
import type { RgbaImage } from '../image.js';

export function decodeJpeg(bytes: Uint8Array, maxPixels: number): RgbaImage {
  try {
    const decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      // Strict: a truncated or damaged scan is an error, not a half-grey picture.
      tolerantDecoding: false,
      maxResolutionInMP: maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((maxPixels * 12) / 1048576) + 64,
    });
    return { width: decoded.width, height: decoded.height, data: decoded.data as Uint8Array };
  } catch (error) {
    throw new ImageError(`JPEG could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
}
