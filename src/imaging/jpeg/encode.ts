import type { RgbaImage } from '../image.js';
import { writeJpeg } from './entropy-encode.js';
import { imageToCoefficients } from './from-pixels.js';

export const DEFAULT_JPEG_QUALITY = 85;

export interface EncodeJpegOptions {
  /** Write a one-component (luma only) JPEG. */
  readonly grayscale?: boolean;
}

/**
 * Encodes baseline JPEG (4:2:0 YCbCr, or luma only, with optimized Huffman
 * tables); alpha must already be flattened (it is ignored here).
 */
export function encodeJpeg(image: RgbaImage, quality = DEFAULT_JPEG_QUALITY, options: EncodeJpegOptions = {}): Uint8Array {
  return writeJpeg(imageToCoefficients(image, quality, options));
}
