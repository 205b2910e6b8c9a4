import { blockExtents, recordBlockExtents } from './block-extents.js';
import { ZIGZAG_TO_NATURAL, type JpegCoefficients } from './coefficients.js';

/** Whether `invertCoefficients` can do this image: components that are levels or YCbCr chroma. */
export function canInvertCoefficients(colorSpace: JpegCoefficients['colorSpace']): boolean {
  return colorSpace === 'ycbcr' || colorSpace === 'gray' || colorSpace === 'rgb';
}

/**
 * `invert` (255 - value per channel) on quantized DCT coefficients, with no
 * IDCT or FDCT. A level plane (Y, gray, R, G, B) becomes 255 - s, i.e.
 * (s - 128) -> -(s - 128) - 1: every coefficient negated and the DC lowered
 * by 8 (the DC of a block of -1s), which on the quantized DC is 8 / q and
 * the one rounding of the whole operation (under half a level). YCbCr chroma
 * is linear in R, G, B with weights summing to zero, so Cb - 128 and
 * Cr - 128 are just negated: exact.
 */
export function invertCoefficients(c: JpegCoefficients): JpegCoefficients {
  const natural = ZIGZAG_TO_NATURAL;
  const planes = c.planes.map((plane, index) => {
    const chroma = c.colorSpace === 'ycbcr' && index > 0;
    const from = plane.coefficients;
    const coefficients = new Int16Array(from.length);
    const extents = blockExtents(plane);
    // The Int16Array store truncates v + 65536.5 modulo 2^16: round half up, no Math.round (as fdct.ts).
    const dcShift = chroma ? 65536 : 65536.5 - 8 / plane.quantTable[0];
    let base = 0, z = 0, extent = 0;
    for (let block = 0, blocks = plane.blocksPerLine * plane.blocksPerColumn; block < blocks; block++, base += 64) {
      coefficients[base] = dcShift - from[base];
      // Only up to the block's extent: the rest are zeros, and stay so.
      extent = extents[block];
      for (z = 1; z < extent; z++) coefficients[base + natural[z]] = -from[base + natural[z]];
    }
    recordBlockExtents(coefficients, extents);
    return { ...plane, coefficients };
  });
  return { ...c, planes };
}
