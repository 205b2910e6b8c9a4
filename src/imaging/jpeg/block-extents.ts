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

/** Zigzag position of each natural-order index. */
const NATURAL_TO_ZIGZAG = new Uint8Array(64);
for (let k = 0; k < 64; k++) NATURAL_TO_ZIGZAG[ZIGZAG_TO_NATURAL[k]] = k;

export function blockExtents(plane: CoefficientPlane): Uint8Array {
  const known = recorded.get(plane.coefficients);
  const blocks = plane.blocksPerLine * plane.blocksPerColumn;
  if (known && known.length >= blocks) return known;
  const c = plane.coefficients;
  const extents = new Uint8Array(blocks);
  // Pairs of coefficients as one 32-bit word: half the loads, and most words are zero.
  const aligned = c.byteOffset % 4 === 0 ? c : c.slice();
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, blocks * 32);
  for (let b = 0; b < blocks; b++) {
    let extent = 1;
    for (let w = b * 32, end = w + 32; w < end; w++) {
      if (words[w] !== 0) {
        const n = (w & 31) * 2;
        if (c[b * 64 + n] !== 0 && NATURAL_TO_ZIGZAG[n] >= extent) extent = NATURAL_TO_ZIGZAG[n] + 1;
        if (c[b * 64 + n + 1] !== 0 && NATURAL_TO_ZIGZAG[n + 1] >= extent) extent = NATURAL_TO_ZIGZAG[n + 1] + 1;
      }
    }
    extents[b] = extent;
  }
  recorded.set(plane.coefficients, extents);
  return extents;
}
