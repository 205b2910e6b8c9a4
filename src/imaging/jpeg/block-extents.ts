import { ZIGZAG_TO_NATURAL, type CoefficientPlane } from './coefficients.js';

/**
 * Per block, one past the last zigzag position that may hold a non-zero
 * coefficient (1 = DC only). The entropy decoder knows this for free; the
 * IDCT uses it to skip the all-zero rows and columns that make up most of a
 * photo's blocks. Kept beside the planes (keyed by their coefficient arrays)
 * so the shared JpegCoefficients shape stays as it is; planes made elsewhere
 * (lossless transforms, tests) get theirs computed on demand.
 */
const recorded = new WeakMap<Int16Array, Uint8Array>();

export function recordBlockExtents(coefficients: Int16Array, extents: Uint8Array): void {
  recorded.set(coefficients, extents);
}

/** The extents the decoder recorded for these coefficients, if any (never computed here). */
export function recordedExtents(coefficients: Int16Array): Uint8Array | undefined {
  return recorded.get(coefficients);
}

/** Zigzag position of each natural-order index. */
const NATURAL_TO_ZIGZAG = new Uint8Array(64);
for (let k = 0; k < 64; k++) NATURAL_TO_ZIGZAG[ZIGZAG_TO_NATURAL[k]] = k;

export function blockExtents(plane: Pick<CoefficientPlane, 'coefficients' | 'blocksPerLine' | 'blocksPerColumn'>): Uint8Array {
  const known = recorded.get(plane.coefficients);
  const blocks = plane.blocksPerLine * plane.blocksPerColumn;
  if (known && known.length >= blocks) return known;
  const c = plane.coefficients;
  const extents = new Uint8Array(blocks);
  // Pairs of coefficients as one 32-bit word: half the loads, and most words are zero.
  const aligned = c.byteOffset % 4 === 0 ? c : c.slice();
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, blocks * 32);
  const zigzag = NATURAL_TO_ZIGZAG;
  let extent, w, end, n, base;
  for (let b = 0; b < blocks; b++) {
    extent = 1;
    base = b * 64;
    for (w = b * 32, end = w + 32; w < end; w++) {
      if (words[w] === 0) continue;
      n = (w & 31) * 2;
      if (c[base + n] !== 0 && zigzag[n] >= extent) extent = zigzag[n] + 1;
      if (c[base + n + 1] !== 0 && zigzag[n + 1] >= extent) extent = zigzag[n + 1] + 1;
    }
    extents[b] = extent;
  }
  recorded.set(plane.coefficients, extents);
  return extents;
}
