import { ImageError } from '../errors.js';
import { createImage, type RgbaImage } from '../image.js';
import { checkInputSize, DEFAULT_LIMITS, type ImageLimits } from '../limits.js';

export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  topDown: boolean;
  dataOffset: number;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const i32 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);

export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  if (bytes.length < 54) throw new ImageError('BMP is truncated (no complete header)');
  // Only BITMAPINFOHEADER (40 bytes) and its later extensions put the fields where they are read below.
  if (i32(bytes, 14) < 40) throw new ImageError('unsupported BMP: old (OS/2) header or corrupt header size');
  const height = i32(bytes, 22);
  const header = {
    width: i32(bytes, 18),
    height: Math.abs(height),
    bitsPerPixel: u16(bytes, 28),
    topDown: height < 0,
    dataOffset: i32(bytes, 10),
  };
  const compression = i32(bytes, 30);
  // The pixels follow both headers; an offset into them or past the file is corruption, not data.
  if (header.dataOffset < 54 || header.dataOffset > bytes.length) {
    throw new ImageError(`BMP is corrupt: pixel data offset ${header.dataOffset} outside the file`);
  }
  if (header.bitsPerPixel !== 24 && header.bitsPerPixel !== 32) {
    throw new ImageError(`unsupported BMP: ${header.bitsPerPixel} bits per pixel (24 and 32 are supported)`);
  }
  if (compression !== 0 && !(compression === 3 && header.bitsPerPixel === 32)) {
    throw new ImageError(`unsupported BMP compression ${compression}`);
  }
  return header;
}

/** Uncompressed 24/32-bit BMP (BGR(A) rows padded to 4 bytes, bottom-up unless the height is negative). */
export function decodeBmp(bytes: Uint8Array, limits: ImageLimits = DEFAULT_LIMITS): RgbaImage {
  const { width, height, bitsPerPixel, topDown, dataOffset } = readBmpHeader(bytes);
  checkInputSize(width, height, limits);
  const channels = bitsPerPixel >> 3;
  const stride = (width * channels + 3) & ~3;
  if (dataOffset + stride * height > bytes.length) throw new ImageError('BMP is truncated (pixel data too short)');
  const image = createImage(width, height);
  const out = image.data;
  for (let y = 0; y < height; y++) {
    let s = dataOffset + (topDown ? y : height - 1 - y) * stride;
    let o = y * width * 4;
    for (let x = 0; x < width; x++, s += channels, o += 4) {
      out[o] = bytes[s + 2];
      out[o + 1] = bytes[s + 1];
      out[o + 2] = bytes[s];
      out[o + 3] = channels === 4 ? bytes[s + 3] : 255;
    }
  }
  if (channels === 4) {
    // Many 32-bit BMPs leave the fourth byte 0 although they mean opaque.
    let anyAlpha = false;
    for (let i = 3; i < out.length && !anyAlpha; i += 4) anyAlpha = out[i] !== 0;
    if (!anyAlpha) for (let i = 3; i < out.length; i += 4) out[i] = 255;
  }
  return image;
}
