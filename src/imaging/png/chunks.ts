import { ImageError } from '../errors.js';
import { crc32 } from './crc32.js';

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/** Splits a PNG file into its chunks, checking lengths and CRCs, up to IEND. */
export function readChunks(bytes: Uint8Array): PngChunk[] {
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (offset + 12 > bytes.length) throw new ImageError('PNG is truncated (no IEND chunk)');
    const length = readUint32(bytes, offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new ImageError('PNG is truncated in the middle of a chunk');
    const type = String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]);
    const expected = readUint32(bytes, offset + 8 + length);
    if (crc32(bytes, offset + 4, offset + 8 + length) !== expected) {
      throw new ImageError(`PNG chunk ${type} has a wrong CRC (the file is corrupt)`);
    }
    chunks.push({ type, data: bytes.subarray(offset + 8, offset + 8 + length) });
    offset = end;
    if (type === 'IEND') return chunks;
  }
}

export function readUint32BE(bytes: Uint8Array, offset: number): number {
  return readUint32(bytes, offset);
}
