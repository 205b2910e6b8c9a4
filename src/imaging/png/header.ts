import { ImageError } from '../errors.js';
import { PNG_SIGNATURE, readUint32BE } from './chunks.js';

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlaced: boolean;
}

const VALID_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Samples per pixel for each PNG colour type. */
export const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Reads IHDR straight from the file bytes, so limits can be checked before any chunk is inflated. */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (bytes[i] !== PNG_SIGNATURE[i]) throw new ImageError('not a PNG file (bad signature)');
  }
  if (bytes.length < 33) throw new ImageError('PNG is truncated (no complete IHDR chunk)');
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR') throw new ImageError('PNG does not start with an IHDR chunk');
  const header: PngHeader = {
    width: readUint32BE(bytes, 16),
    height: readUint32BE(bytes, 20),
    bitDepth: bytes[24],
    colorType: bytes[25],
    interlaced: bytes[28] === 1,
  };
  if (!VALID_DEPTHS[header.colorType]?.includes(header.bitDepth)) {
    throw new ImageError(`invalid PNG colour type ${header.colorType} with bit depth ${header.bitDepth}`);
  }
  if (bytes[26] !== 0 || bytes[27] !== 0 || bytes[28] > 1) {
    throw new ImageError('PNG uses an unknown compression, filter or interlace method');
  }
  return header;
}
