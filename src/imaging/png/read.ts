import { ImageError } from '../errors.js';
import { PNG_SIGNATURE, readUint32BE } from './chunks.js';
import { crc32, crc32Combine, crc32CombineOperator } from './crc32.js';
import { gunzipCheckCrc32 } from './zstream.js';

export interface PngChunkRef {
  readonly type: string;
  /** The chunk's data, a view into the file. */
  readonly data: Uint8Array;
  /** Offset of the type field: the CRC covers [crcStart, crcStart + 4 + data.length). */
  readonly crcStart: number;
  readonly crc: number;
}

/** Splits a PNG file into its chunks, up to IEND, checking lengths (CRCs: see verifyChunkCrcs). */
export function scanChunks(bytes: Uint8Array): PngChunkRef[] {
  const chunks: PngChunkRef[] = [];
  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (offset + 12 > bytes.length) throw new ImageError('PNG is truncated (no IEND chunk)');
    const length = readUint32BE(bytes, offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new ImageError('PNG is truncated in the middle of a chunk');
    const type = String.fromCharCode(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]);
    chunks.push({
      type, data: bytes.subarray(offset + 8, offset + 8 + length), crcStart: offset + 4, crc: readUint32BE(bytes, offset + 8 + length),
    });
    offset = end;
    if (type === 'IEND') return chunks;
  }
}

// Below this many bytes in all, the interpreted CRC is cheaper than setting up a native stream.
const NATIVE_CRC_MIN_BYTES = 64 * 1024;

function checkOne(bytes: Uint8Array, chunk: PngChunkRef): void {
  if (crc32(bytes, chunk.crcStart, chunk.crcStart + 4 + chunk.data.length) !== chunk.crc) {
    throw new ImageError(`PNG chunk ${chunk.type} has a wrong CRC (the file is corrupt)`);
  }
}

/**
 * Checks every chunk's CRC. Large files are checked in one native pass: the
 * expected CRC of all chunks read back to back is combined from their stored
 * CRCs (crc32Combine) and verified by the engine's gunzip, instead of an
 * interpreted loop over every byte (the IDAT data is most of the file). Only
 * when that fails are the chunks checked one by one, to name the corrupt one.
 */
export async function verifyChunkCrcs(bytes: Uint8Array, chunks: readonly PngChunkRef[]): Promise<void> {
  let total = 0;
  for (const chunk of chunks) total += 4 + chunk.data.length;
  if (total < NATIVE_CRC_MIN_BYTES) {
    for (const chunk of chunks) checkOne(bytes, chunk);
    return;
  }
  let combined = 0;
  const ranges: Uint8Array[] = [];
  let operatorLength = -1;
  let operator = 0;
  for (const chunk of chunks) {
    const length = 4 + chunk.data.length;
    // Writers split IDAT into equal sizes: the operator is computed once per size.
    if (length !== operatorLength) {
      operatorLength = length;
      operator = crc32CombineOperator(length);
    }
    combined = ranges.length === 0 ? chunk.crc : crc32Combine(combined, chunk.crc, length, operator);
    ranges.push(bytes.subarray(chunk.crcStart, chunk.crcStart + length));
  }
  if (await gunzipCheckCrc32(ranges, combined)) return;
  for (const chunk of chunks) checkOne(bytes, chunk);
  // Every chunk matched on its own (the combined check failed otherwise): accept, as the old check would.
}
