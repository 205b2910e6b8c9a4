import { ImageError } from '../errors.js';
import { exifOrientation } from './exif.js';

export interface JpegHeader {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly progressive: boolean;
  /** EXIF orientation, 1 (upright) when there is none. */
  readonly orientation: number;
}

export const UNSUPPORTED_SOF: Record<number, string> = {
  0xc3: 'lossless JPEG',
  0xc5: 'differential JPEG', 0xc6: 'differential progressive JPEG', 0xc7: 'differential lossless JPEG',
  0xc9: 'arithmetic-coded JPEG', 0xca: 'arithmetic-coded progressive JPEG', 0xcb: 'arithmetic-coded lossless JPEG',
  0xcd: 'arithmetic-coded differential JPEG', 0xce: 'arithmetic-coded differential progressive JPEG',
  0xcf: 'arithmetic-coded differential lossless JPEG',
};

/**
 * Walks the marker segments up to the frame header (SOF), so that the size can
 * be checked against the limits and unsupported codings named before decoding.
 */
export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  let offset = 2;
  let orientation = 1;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw new ImageError(`JPEG is corrupt: expected a marker at byte ${offset}`);
    const marker = bytes[offset + 1];
    if (marker === 0xff) { offset++; continue; } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { offset += 2; continue; }
    if (marker === 0xd9 || marker === 0xda) break; // EOI or scan before any frame header
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
    if (length < 2) throw new ImageError('JPEG is corrupt: invalid segment length');
    if (marker === 0xe1 && orientation === 1) {
      orientation = exifOrientation(bytes.subarray(offset + 4, Math.min(bytes.length, offset + 2 + length)));
    }
    if (UNSUPPORTED_SOF[marker]) {
      throw new ImageError(`unsupported image format: ${UNSUPPORTED_SOF[marker]} (only baseline and progressive Huffman JPEG are supported)`);
    }
    if (marker === 0xc0 || marker === 0xc1 || marker === 0xc2) {
      if (offset + 10 > bytes.length) break;
      return {
        height: (bytes[offset + 5] << 8) | bytes[offset + 6],
        width: (bytes[offset + 7] << 8) | bytes[offset + 8],
        components: bytes[offset + 9],
        progressive: marker === 0xc2,
        orientation,
      };
    }
    offset += 2 + length;
  }
  throw new ImageError('JPEG is truncated or corrupt: no frame header (SOF) found');
}
