import { blockExtents, recordBlockExtents } from './block-extents.js';
import { ZIGZAG_TO_NATURAL, type CoefficientPlane } from './coefficients.js';

/**
 * A plane's coefficients quantized with another table, in the DCT domain:
 * c' = round(c * q_source / q_target), which is what quantizing the
 * plane's decoded samples again would give, up to the IDCT/FDCT rounding
 * this skips. The same plane when the tables are equal.
 */
export function requantize(plane: CoefficientPlane, table: Uint16Array): CoefficientPlane {
  const source = plane.quantTable;
  let same = true;
  for (let k = 0; k < 64; k++) if (source[k] !== table[k]) same = false;
  if (same) return plane;
  // Per zigzag position: the natural index and the ratio, so the block loop reads one of each.
  const natural = ZIGZAG_TO_NATURAL.subarray(0, 64);
  const ratio = new Float64Array(64);
  for (let z = 0; z < 64; z++) ratio[z] = source[natural[z]] / table[natural[z]];
  const from = plane.coefficients;
  const coefficients = new Int16Array(from.length);
  const extents = blockExtents(plane);
  let extent = 0, base = 0, z = 0, n = 0, c = 0;
  for (let block = 0, blocks = plane.blocksPerLine * plane.blocksPerColumn; block < blocks; block++) {
    // Only up to the block's extent (most blocks hold a handful of coefficients).
    extent = extents[block];
    base = block * 64;
    for (z = 0; z < extent; z++) {
      n = base + natural[z];
      c = from[n];
      // The Int16Array store truncates v + 65536.5 modulo 2^16: round half up of v, no Math.round (as fdct.ts).
      if (c !== 0) coefficients[n] = c * ratio[z] + 65536.5;
    }
  }
  // Rounding can only zero a coefficient, so the extents stay upper bounds.
  recordBlockExtents(coefficients, extents);
  return { ...plane, quantTable: table, coefficients };
}
