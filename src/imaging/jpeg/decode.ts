import type { RgbaImage } from '../image.js';
import { coefficientsKept, decodeScans } from './entropy-decode.js';
import { readJpegMarkers } from './markers.js';
import { coefficientsToImage } from './to-pixels.js';

/**
 * Baseline or progressive Huffman JPEG to RGBA, optionally at 1/2, 1/4 or
 * 1/8 size (ceil(width / scale) x ceil(height / scale)). Every problem with
 * the input is an ImageError.
 */
export function decodeJpeg(bytes: Uint8Array, maxPixels: number, scale: 1 | 2 | 4 | 8 = 1): RgbaImage {
  return coefficientsToImage(decodeScans(bytes, readJpegMarkers(bytes), maxPixels, coefficientsKept(scale)), scale);
}
