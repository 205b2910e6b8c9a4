import type { RgbaImage } from '../image.js';

// Building PNG scanlines from RGBA pixels for the encoder.
//
// Typed-array conversions do the per-pixel work natively where they can:
// `Uint8Array.set(Int32Array)` keeps the low byte of every word (one channel
// of every pixel: a "plane"), `Uint16Array.set(Int32Array)` the low two bytes;
// copying the pixels shifted by a few bytes first picks which channel that is.
// All this assumes little-endian words (R in the low byte): wasm, x86, ARM.

export type PngColorType = 0 | 2 | 4 | 6;

export const PNG_CHANNELS: Record<PngColorType, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** The image's pixels shifted forward by `by` bytes into a fresh buffer with 4 spare bytes (the extra are 0). */
function shifted(data: Uint8Array, by: number): Uint8Array {
  const out = new Uint8Array(data.length + 4);
  out.set(data, by);
  return out;
}

/** Channel `channel` (0 = R ... 3 = A) of every pixel, natively. */
export function channelPlane(image: RgbaImage, channel: number): Uint8Array {
  const { data } = image;
  const n = data.length >> 2;
  const plane = new Uint8Array(n);
  if (channel === 0 && data.byteOffset % 4 === 0) {
    plane.set(new Int32Array(data.buffer, data.byteOffset, n));
  } else {
    // data[4i + channel] lands at 4i + 4: the low byte of word i + 1.
    plane.set(new Int32Array(shifted(data, 4 - channel).buffer, 4, n));
  }
  return plane;
}

let latin1: TextDecoder | null | undefined;

/**
 * Whether two byte arrays are equal, natively when possible: decoded as
 * latin1 (a one-to-one mapping of bytes to characters) they become strings,
 * and string equality is a native comparison.
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (latin1 === undefined) {
    try {
      latin1 = new TextDecoder('latin1');
    } catch {
      latin1 = null;
    }
  }
  if (latin1) return latin1.decode(a) === latin1.decode(b);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Most images that are not opaque (or not gray) show it within their first
// pixels; checking those in JS first keeps the full native check for the rest.
const SAMPLE_PIXELS = 4096;

/** True when every pixel has alpha 255. */
export function isOpaqueImage(image: RgbaImage): boolean {
  const { data } = image;
  const sample = Math.min(data.length, SAMPLE_PIXELS * 4);
  for (let i = 3; i < sample; i += 4) if (data[i] !== 255) return false;
  if (sample === data.length) return true;
  const alpha = channelPlane(image, 3);
  return sameBytes(alpha, new Uint8Array(alpha.length).fill(255));
}

/** True when R = G = B in every pixel. */
export function isGrayImage(image: RgbaImage): boolean {
  const { data } = image;
  const sample = Math.min(data.length, SAMPLE_PIXELS * 4);
  for (let i = 0; i < sample; i += 4) if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return false;
  if (sample === data.length) return true;
  const g = channelPlane(image, 1);
  return sameBytes(channelPlane(image, 0), g) && sameBytes(g, channelPlane(image, 2));
}

/**
 * The samples of every row back to back (rowBytes = width x channels, no filter
 * bytes), in a 4-aligned buffer whose length is a multiple of 4 (spare bytes 0).
 * Gray-based types take R as the gray value.
 */
export function packSamples(image: RgbaImage, colorType: PngColorType): Uint8Array {
  const { width, height, data } = image;
  const n = width * height;
  const size = n * PNG_CHANNELS[colorType];
  const padded = (size + 3) & ~3;
  switch (colorType) {
    case 6: {
      if (data.byteOffset % 4 === 0) return data;
      const copy = new Uint8Array(padded);
      copy.set(data);
      return copy;
    }
    case 0: {
      const out = new Uint8Array(padded);
      out.set(channelPlane(image, 0));
      return out;
    }
    case 4: {
      // Gray and alpha are not adjacent in RGBA, but A of pixel i and R of
      // pixel i + 1 are: shifted by one byte, the low half of word i + 1 is
      // (A_i, R_i+1), and a Uint16 conversion collects all those pairs. With
      // R_0 in front that is the whole gray+alpha stream, R_0 A_0 R_1 A_1 ...
      const pairs = new Uint16Array(n);
      pairs.set(new Int32Array(shifted(data, 1).buffer, 4, n));
      const out = new Uint8Array(padded);
      out[0] = data[0];
      out.set(new Uint8Array(pairs.buffer, 0, 2 * n - 1), 1);
      return out;
    }
    case 2: {
      // Three bytes per pixel do not fit a conversion: four pixels become three
      // words in JS (four loads, three stores), then the tail bytewise.
      const out = new Uint8Array(padded);
      const ow = new Int32Array(out.buffer);
      const px = data.byteOffset % 4 === 0 ? new Int32Array(data.buffer, data.byteOffset, n) : new Int32Array(data.slice().buffer);
      const quads = n >> 2;
      let k = 0;
      for (let i = 0, end = quads << 2; i < end; i += 4, k += 3) {
        const p0 = px[i], p1 = px[i + 1], p2 = px[i + 2], p3 = px[i + 3];
        ow[k] = (p0 & 0xffffff) | (p1 << 24);
        ow[k + 1] = ((p1 >>> 8) & 0xffff) | (p2 << 16);
        ow[k + 2] = ((p2 >>> 16) & 0xff) | (p3 << 8);
      }
      for (let i = quads << 2, o = k << 2; i < n; i++, o += 3) {
        out[o] = data[4 * i];
        out[o + 1] = data[4 * i + 1];
        out[o + 2] = data[4 * i + 2];
      }
      return out;
    }
  }
}

/**
 * Scanlines with filter "Up" (2) on every row: each byte minus the one above,
 * a row (rowBytes) earlier in the packed stream. A native copy of the stream
 * shifted by one row lines the two up at the same index, so the difference is
 * one flat SWAR loop over words (four bytes per step, no per-row edges; the
 * first row subtracts zeros, which is Up's definition there), then rows are
 * copied natively behind their filter bytes.
 * Bytewise a - b without borrows: ((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080).
 */
export function upScanlines(packed: Uint8Array, rowBytes: number, height: number): Uint8Array {
  const size = rowBytes * height;
  const words = (size + 3) >> 2;
  const diff = new Uint8Array(words * 4);
  diff.set(packed.subarray(0, size - rowBytes), rowBytes);
  const a = new Int32Array(packed.buffer, packed.byteOffset, words);
  const d = new Int32Array(diff.buffer, 0, words);
  let k = 0;
  // Two words per iteration: half the loop overhead.
  for (const end = words - 1; k < end; k += 2) {
    const x = a[k], y = d[k];
    d[k] = ((x | -2139062144) - (y & 0x7f7f7f7f)) ^ ((x ^ ~y) & -2139062144);
    const u = a[k + 1], v = d[k + 1];
    d[k + 1] = ((u | -2139062144) - (v & 0x7f7f7f7f)) ^ ((u ^ ~v) & -2139062144);
  }
  if (k < words) {
    const x = a[k], y = d[k];
    d[k] = ((x | -2139062144) - (y & 0x7f7f7f7f)) ^ ((x ^ ~y) & -2139062144);
  }
  return withFilterBytes(diff, rowBytes, height, 2);
}

/**
 * Writes scanlines with filter "None" (0) for a block of rows straight from
 * the RGBA pixels, with native conversions only (see packSamples), so the
 * encoder can stream them to the compressor: before, the packed image, a
 * shifted copy of the pixels (for gray + alpha) and the whole scanline stream
 * were built first, ~25 MB at 1080p, all garbage for the collector. One writer
 * serves all blocks: its buffers are one block large.
 */
export class NoneScanlineWriter {
  private readonly rowBytes: number;
  private readonly out: Uint8Array;
  // Gray + alpha only: the block's pixels one byte further on, and their (A, next R) pairs (see packSamples).
  private readonly shifted?: Uint8Array;
  private readonly pairs?: Uint16Array;

  constructor(private readonly image: RgbaImage, private readonly colorType: PngColorType, readonly rowsPerBlock: number) {
    this.rowBytes = image.width * PNG_CHANNELS[colorType];
    this.out = new Uint8Array((this.rowBytes + 1) * rowsPerBlock);
    if (colorType === 4) {
      this.shifted = new Uint8Array(image.width * rowsPerBlock * 4 + 4);
      this.pairs = new Uint16Array(image.width * rowsPerBlock);
    }
  }

  /** Scanlines of rows [y0, y0 + rowsPerBlock), fewer at the bottom; a view of the writer's buffer, valid until the next call. */
  block(y0: number): Uint8Array {
    const { image, rowBytes, out } = this;
    const { width, data } = image;
    const rows = Math.min(this.rowsPerBlock, image.height - y0);
    const stride = rowBytes + 1;
    const first = y0 * width; // first pixel of the block
    const aligned = data.byteOffset % 4 === 0;
    switch (this.colorType) {
      case 6:
        for (let r = 0, o = 0, s = first * 4; r < rows; r++, o += stride, s += rowBytes) {
          out[o] = 0;
          out.set(data.subarray(s, s + rowBytes), o + 1);
        }
        break;
      case 0: {
        // Uint8Array.set(Int32Array) keeps each word's low byte: R, the gray value.
        const words = aligned ? new Int32Array(data.buffer, data.byteOffset, data.length >> 2) : undefined;
        for (let r = 0, o = 0, p = first; r < rows; r++, o += stride, p += width) {
          out[o] = 0;
          if (words) out.set(words.subarray(p, p + width), o + 1);
          else out.set(channelPlane({ width, height: 1, data: data.slice(p * 4, (p + width) * 4) }, 0), o + 1);
        }
        break;
      }
      case 4: {
        // packSamples' pairing for the whole block at once: pairs[j] = A_j | R_j+1 << 8.
        const shifted = this.shifted!;
        const pairBytes = new Uint8Array(this.pairs!.buffer);
        const n = rows * width;
        shifted.set(data.subarray(first * 4, (first + n) * 4), 1);
        this.pairs!.set(new Int32Array(shifted.buffer, 4, n));
        for (let r = 0, o = 0, j = 0; r < rows; r++, o += stride, j += width) {
          out[o] = 0;
          out[o + 1] = data[(first + j) * 4]; // R of the row's first pixel, then (A, next R) pairs
          out.set(pairBytes.subarray(2 * j, 2 * (j + width) - 1), o + 2);
        }
        break;
      }
      case 2: {
        const packed = packSamples({ width, height: rows, data: data.subarray(first * 4, (first + rows * width) * 4) }, 2);
        for (let r = 0, o = 0, s = 0; r < rows; r++, o += stride, s += rowBytes) {
          out[o] = 0;
          out.set(packed.subarray(s, s + rowBytes), o + 1);
        }
        break;
      }
    }
    return out.subarray(0, rows * stride);
  }
}

function withFilterBytes(rows: Uint8Array, rowBytes: number, height: number, filter: number): Uint8Array {
  const out = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0, s = 0, o = 0; y < height; y++, s += rowBytes, o += rowBytes + 1) {
    out[o] = filter;
    out.set(rows.subarray(s, s + rowBytes), o + 1);
  }
  return out;
}
