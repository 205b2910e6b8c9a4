/**
 * A JPEG image in the compressed domain: the quantized DCT coefficients of
 * each component, as entropy decoding leaves them and entropy encoding takes
 * them. Lossless operations (keeping only luma, rotating and flipping whole
 * blocks) work on this form without any IDCT or FDCT.
 */
export interface CoefficientPlane {
  /** Component identifier from the frame header (e.g. 1, 2, 3 for Y, Cb, Cr). */
  readonly id: number;
  /** Horizontal and vertical sampling factors (1-4). */
  readonly h: number;
  readonly v: number;
  /** The 64 quantizer steps of this component, in natural (row-major) order. */
  readonly quantTable: Uint16Array;
  /**
   * Blocks per row and per column stored for this component: the component's
   * size in blocks, padded to whole MCUs (ceil(ceil(width * h / maxH) / 8)
   * rounded up to a multiple of h, and likewise vertically).
   */
  readonly blocksPerLine: number;
  readonly blocksPerColumn: number;
  /**
   * Quantized coefficients, 64 per block in natural (row-major, not zigzag)
   * order; block (row r, column c) starts at (r * blocksPerLine + c) * 64.
   */
  readonly coefficients: Int16Array;
  /**
   * Only each block's DC is stored, one value per block (a 1/8 decode, which
   * reads nothing else): drawable at 1/8 scale, and by nothing else.
   */
  readonly dcOnly?: boolean;
  /**
   * Only the four lowest frequencies are stored, in 8 slots per block:
   * (0,0), (0,1), (1,0), (1,1), then 4 unused (the thumbnail shrink's decode,
   * planar/shrink.ts, which reads nothing else; 1/8 of the memory).
   */
  readonly lowOnly?: boolean;
}

/** How the components map to colour (from the component count and the Adobe APP14 transform flag). */
export type JpegColorSpace = 'gray' | 'ycbcr' | 'rgb' | 'cmyk' | 'ycck';

export interface JpegCoefficients {
  readonly width: number;
  readonly height: number;
  readonly maxH: number;
  readonly maxV: number;
  readonly colorSpace: JpegColorSpace;
  /** One plane per component, in frame-header order. */
  readonly planes: readonly CoefficientPlane[];
}

/** What the frame header alone says about an image: enough to plan, before any scan is decoded. */
export interface JpegFrame {
  readonly width: number;
  readonly height: number;
  readonly maxH: number;
  readonly maxV: number;
  readonly colorSpace: JpegColorSpace;
  readonly planes: readonly { readonly h: number; readonly v: number }[];
}

/** Blocks per line / column of a plane for an image of this size (padded to whole MCUs). */
export function planeBlocks(width: number, height: number, h: number, v: number, maxH: number, maxV: number) {
  const mcusPerLine = Math.ceil(width / (8 * maxH));
  const mcusPerColumn = Math.ceil(height / (8 * maxV));
  return { blocksPerLine: mcusPerLine * h, blocksPerColumn: mcusPerColumn * v };
}

/**
 * Zigzag position -> natural index: coefficient k of the entropy-coded
 * sequence goes to ZIGZAG_TO_NATURAL[k]. 16 extra entries map to 63 so that a
 * corrupt run length past the end writes a harmless slot instead of out of
 * bounds (libjpeg's trick).
 */
export const ZIGZAG_TO_NATURAL = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
  63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
]);
