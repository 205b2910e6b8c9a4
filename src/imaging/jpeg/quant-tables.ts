/**
 * Quantization tables for encoding: the example tables of ITU T.81 Annex K.1
 * scaled by a 1-100 quality the way libjpeg does (jpeg_quality_scaling and
 * jpeg_add_quant_table with force_baseline), so a given quality gives the
 * same tables, and about the same file size, as cjpeg -quality.
 */

/** Annex K.1 Table K.1 (luminance), natural (row-major) order. */
const STD_LUMINANCE = [
  16, 11, 10, 16, 24, 40, 51, 61,
  12, 12, 14, 19, 26, 58, 60, 55,
  14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77,
  24, 35, 55, 64, 81, 104, 113, 92,
  49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];

/** Annex K.1 Table K.2 (chrominance), natural order. */
const STD_CHROMINANCE = [
  17, 18, 24, 47, 99, 99, 99, 99,
  18, 21, 26, 66, 99, 99, 99, 99,
  24, 26, 56, 99, 99, 99, 99, 99,
  47, 66, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99,
];

/** libjpeg's jpeg_quality_scaling: quality 1-100 (rounded, clamped) to a percentage scale factor. */
export function qualityScaling(quality: number): number {
  let q = Math.round(quality);
  if (!(q >= 1)) q = 1; // also catches NaN
  if (q > 100) q = 100;
  return q < 50 ? Math.floor(5000 / q) : 200 - q * 2;
}

/** libjpeg's jpeg_add_quant_table with force_baseline: entries clamped to 1..255 so they fit 8-bit DQT. */
export function scaleQuantTable(base: readonly number[], scaleFactor: number): Uint16Array {
  const table = new Uint16Array(64);
  for (let i = 0; i < 64; i++) {
    const value = Math.floor((base[i] * scaleFactor + 50) / 100);
    table[i] = value < 1 ? 1 : value > 255 ? 255 : value;
  }
  return table;
}

/** The luminance and chrominance tables (natural order) for a quality. */
export function quantTablesForQuality(quality: number): { luminance: Uint16Array; chrominance: Uint16Array } {
  const scale = qualityScaling(quality);
  return { luminance: scaleQuantTable(STD_LUMINANCE, scale), chrominance: scaleQuantTable(STD_CHROMINANCE, scale) };
}
