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
  return same ? plane : requantizeAffine(plane, table, 1, 0);
}

/**
 * Requantizes (see above) the coefficients of the plane's samples mapped by
 * s -> 128 + scale * (s - 128) + shift: the DCT is linear and its DC is
 * 8 * (mean - 128), so every coefficient scales and the DC also moves by
 * 8 * shift. Exact for samples the map keeps within 0..255 (a decoder
 * clamps the rest).
 */
export function requantizeAffine(plane: CoefficientPlane, table: Uint16Array, scale: number, shift: number): CoefficientPlane {
  const source = plane.quantTable;
  // Per zigzag position: the natural index and the ratio, so the block loop reads one of each.
  const natural = ZIGZAG_TO_NATURAL.subarray(0, 64);
  const ratio = new Float64Array(64);
  for (let z = 0; z < 64; z++) ratio[z] = (source[natural[z]] * scale) / table[natural[z]];
  const dcRatio = ratio[0];
  // The Int16Array store truncates v + 65536.5 modulo 2^16: round half up of v, no Math.round (as fdct.ts).
  const dcBias = (8 * shift) / table[0] + 65536.5;
  const from = plane.coefficients;
  const coefficients = new Int16Array(from.length);
  const extents = blockExtents(plane);
  let extent = 0, base = 0, z = 0, n = 0, c = 0;
  for (let block = 0, blocks = plane.blocksPerLine * plane.blocksPerColumn; block < blocks; block++) {
    base = block * 64;
    // Every block's DC, which a shift moves even from zero.
    coefficients[base] = from[base] * dcRatio + dcBias;
    // The rest only up to the block's extent (most blocks hold a handful of coefficients).
    extent = extents[block];
    for (z = 1; z < extent; z++) {
      n = base + natural[z];
      c = from[n];
      if (c !== 0) coefficients[n] = c * ratio[z] + 65536.5;
    }
  }
  // Rounding can only zero an AC coefficient, so the extents stay upper bounds (the DC is in every extent).
  recordBlockExtents(coefficients, extents);
  return { ...plane, quantTable: table, coefficients };
}
