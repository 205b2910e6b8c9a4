import { ImageError } from '../errors.js';
import { createImage, type RgbaImage } from '../image.js';
import { checkInputSize, DEFAULT_LIMITS, type ImageLimits } from '../limits.js';

export function readGifHeader(bytes: Uint8Array): { width: number; height: number } {
  if (bytes.length < 13) throw new ImageError('GIF is truncated (no complete header)');
  return { width: bytes[6] | (bytes[7] << 8), height: bytes[8] | (bytes[9] << 8) };
}

/** Concatenates the sub-blocks starting at `offset`; returns the data and the offset after the terminator. */
function readSubBlocks(bytes: Uint8Array, offset: number): { data: Uint8Array; end: number } {
  let total = 0;
  let at = offset;
  while (at < bytes.length && bytes[at] !== 0) { total += bytes[at]; at += bytes[at] + 1; }
  if (at >= bytes.length) throw new ImageError('GIF is truncated (unterminated data blocks)');
  const data = new Uint8Array(total);
  let o = 0;
  for (let p = offset; bytes[p] !== 0; p += bytes[p] + 1) { data.set(bytes.subarray(p + 1, p + 1 + bytes[p]), o); o += bytes[p]; }
  return { data, end: at + 1 };
}

/**
 * GIF LZW into palette indices. The dictionary is two typed arrays (prefix
 * code, suffix byte) plus a first-byte table, so no string is ever built.
 */
function lzwDecode(data: Uint8Array, minCodeSize: number, pixelCount: number): Uint8Array {
  const out = new Uint8Array(pixelCount);
  const prefix = new Int16Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const stack = new Uint8Array(4097);
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  for (let i = 0; i < clear; i++) { suffix[i] = i; first[i] = i; prefix[i] = -1; }
  let codeSize = minCodeSize + 1;
  let next = end + 1;
  let previous = -1;
  let bits = 0;
  let buffer = 0;
  let written = 0;
  for (let p = 0; p < data.length && written < pixelCount;) {
    while (bits < codeSize && p < data.length) { buffer |= data[p++] << bits; bits += 8; }
    if (bits < codeSize) break;
    const code = buffer & ((1 << codeSize) - 1);
    buffer >>>= codeSize;
    bits -= codeSize;
    if (code === clear) { codeSize = minCodeSize + 1; next = end + 1; previous = -1; continue; }
    if (code === end) break;
    if (previous === -1) {
      if (code >= clear) throw new ImageError('GIF image data is corrupt (bad first LZW code)');
      out[written++] = code;
      previous = code;
      continue;
    }
    let top = 0;
    let current = code;
    if (code >= next) {
      if (code > next) throw new ImageError('GIF image data is corrupt (LZW code out of range)');
      stack[top++] = first[previous];
      current = previous;
    }
    while (current >= clear) { stack[top++] = suffix[current]; current = prefix[current]; }
    stack[top++] = current;
    if (next < 4096) {
      prefix[next] = previous;
      suffix[next] = current;
      first[next] = first[previous];
      next++;
      if (next === 1 << codeSize && codeSize < 12) codeSize++;
    }
    while (top > 0 && written < pixelCount) out[written++] = stack[--top];
    previous = code;
  }
  return out;
}

/** The first frame of a GIF, composited on a transparent canvas of the logical screen size. */
export function decodeGif(bytes: Uint8Array, limits: ImageLimits = DEFAULT_LIMITS): RgbaImage {
  const { width, height } = readGifHeader(bytes);
  checkInputSize(width, height, limits);
  const flags = bytes[10];
  let offset = 13;
  let globalPalette: Uint8Array | undefined;
  if (flags & 0x80) {
    const size = 3 << ((flags & 7) + 1);
    globalPalette = bytes.subarray(offset, offset + size);
    offset += size;
  }
  let transparentIndex = -1;
  while (offset < bytes.length) {
    const block = bytes[offset];
    if (block === 0x21) {
      if (bytes[offset + 1] === 0xf9 && bytes[offset + 3] & 1) transparentIndex = bytes[offset + 6];
      offset = readSubBlocks(bytes, offset + 2).end;
    } else if (block === 0x2c) {
      if (offset + 10 > bytes.length) break;
      const left = bytes[offset + 1] | (bytes[offset + 2] << 8);
      const top = bytes[offset + 3] | (bytes[offset + 4] << 8);
      const w = bytes[offset + 5] | (bytes[offset + 6] << 8);
      const h = bytes[offset + 7] | (bytes[offset + 8] << 8);
      const imageFlags = bytes[offset + 9];
      // The frame's own size sizes the LZW output buffer, and nothing ties it to
      // the (already checked) screen size: up to 65535x65535 = 4 GB otherwise.
      if (w * h > limits.maxInputPixels) {
        throw new ImageError(`GIF frame is ${w}x${h}, over the limit of ${(limits.maxInputPixels / 1e6).toFixed(1)} MP`);
      }
      offset += 10;
      let palette = globalPalette;
      if (imageFlags & 0x80) {
        const size = 3 << ((imageFlags & 7) + 1);
        palette = bytes.subarray(offset, offset + size);
        offset += size;
      }
      if (!palette) throw new ImageError('GIF has no colour table');
      const minCodeSize = bytes[offset];
      if (minCodeSize < 2 || minCodeSize > 11) throw new ImageError('GIF image data is corrupt (bad LZW code size)');
      const indices = lzwDecode(readSubBlocks(bytes, offset + 1).data, minCodeSize, w * h);
      const rows = new Int32Array(h);
      if (imageFlags & 0x40) {
        // Interlaced: rows arrive in four passes.
        let r = 0;
        for (const [start, step] of [[0, 8], [4, 8], [2, 4], [1, 2]]) for (let y = start; y < h; y += step) rows[r++] = y;
      } else {
        for (let y = 0; y < h; y++) rows[y] = y;
      }
      const image = createImage(width, height);
      const out = image.data;
      for (let r = 0; r < h; r++) {
        const y = top + rows[r];
        if (y >= height) continue;
        for (let x = 0; x < w && left + x < width; x++) {
          const index = indices[r * w + x];
          if (index === transparentIndex) continue;
          const o = (y * width + left + x) * 4;
          out[o] = palette[index * 3];
          out[o + 1] = palette[index * 3 + 1];
          out[o + 2] = palette[index * 3 + 2];
          out[o + 3] = 255;
        }
      }
      return image;
    } else if (block === 0x3b) {
      break;
    } else {
      throw new ImageError(`GIF is corrupt (unknown block 0x${block.toString(16)})`);
    }
  }
  throw new ImageError('GIF has no image');
}
