/**
 * The single pixel-buffer type that flows through the imaging library:
 * 8-bit straight (non-premultiplied) RGBA, rows top to bottom, no padding.
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export function createImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8Array(width * height * 4) };
}

/** True when every pixel has alpha 255, so the image can be stored without an alpha channel. */
export function isOpaque(image: RgbaImage): boolean {
  const { data } = image;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) return false;
  }
  return true;
}

/**
 * The pixels as one 32-bit word each, so geometric operations move a whole
 * RGBA pixel per load/store instead of four bytes (a quarter of the work in
 * an interpreter). Byte order does not matter: pixels are only moved.
 */
export function pixelWords(image: RgbaImage): Uint32Array {
  const { data } = image;
  if (data.byteOffset % 4 === 0) return new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
  return new Uint32Array(data.slice().buffer);
}
