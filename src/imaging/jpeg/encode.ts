import jpeg from 'jpeg-js';
import type { RgbaImage } from '../image.js';

export const DEFAULT_JPEG_QUALITY = 85;

/** Encodes baseline JPEG; alpha must already be flattened (it is ignored here). */
export function encodeJpeg(image: RgbaImage, quality = DEFAULT_JPEG_QUALITY): Uint8Array {
  const encoded = jpeg.encode({ width: image.width, height: image.height, data: image.data }, quality);
  return new Uint8Array(encoded.data.buffer, encoded.data.byteOffset, encoded.data.byteLength);
}
