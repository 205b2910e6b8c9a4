import { recordBlockExtents, recordedExtents } from './block-extents.js';
import type { CoefficientPlane, JpegCoefficients } from './coefficients.js';

/** A rectangle of whole MCUs: columns [left, right), rows [top, bottom). */
export interface McuRegion {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The region of whole MCUs that covers a pixel rectangle, and its pixel origin. */
export function mcuRegionCovering(
  frame: { width: number; height: number; maxH: number; maxV: number },
  rect: { x: number; y: number; width: number; height: number },
): { region: McuRegion; x: number; y: number } {
  const mcuWidth = 8 * frame.maxH;
  const mcuHeight = 8 * frame.maxV;
  const region = {
    left: Math.floor(rect.x / mcuWidth),
    top: Math.floor(rect.y / mcuHeight),
    right: Math.ceil((rect.x + rect.width) / mcuWidth),
    bottom: Math.ceil((rect.y + rect.height) / mcuHeight),
  };
  return { region, x: region.left * mcuWidth, y: region.top * mcuHeight };
}

/**
 * The coefficients of a region of whole MCUs, as a JPEG of its own: what a
 * crop needs decoded, so the IDCT and colour conversion skip everything
 * cropped away (the entropy decoder cannot: it must read every code to find
 * where a block starts). Cut at MCU boundaries, every block and every chroma
 * sample is the same as in the whole image, so the region decodes to exactly
 * the whole image's pixels there. Block rows are contiguous in a plane: one
 * native copy per row of blocks.
 */
export function cropCoefficients(c: JpegCoefficients, region: McuRegion): JpegCoefficients {
  const mcuWidth = 8 * c.maxH;
  const mcuHeight = 8 * c.maxV;
  const width = Math.min(region.right * mcuWidth, c.width) - region.left * mcuWidth;
  const height = Math.min(region.bottom * mcuHeight, c.height) - region.top * mcuHeight;
  const planes = c.planes.map((plane): CoefficientPlane => {
    const left = region.left * plane.h;
    const top = region.top * plane.v;
    const blocksPerLine = (region.right - region.left) * plane.h;
    const blocksPerColumn = (region.bottom - region.top) * plane.v;
    const stride = plane.dcOnly ? 1 : 64;
    const coefficients = new Int16Array(blocksPerLine * blocksPerColumn * stride);
    const sourceExtents = recordedExtents(plane.coefficients);
    const extents = sourceExtents && new Uint8Array(blocksPerLine * blocksPerColumn);
    for (let row = 0; row < blocksPerColumn; row++) {
      const from = (top + row) * plane.blocksPerLine + left;
      coefficients.set(plane.coefficients.subarray(from * stride, (from + blocksPerLine) * stride), row * blocksPerLine * stride);
      // The decoder's extents come along, so the IDCT need not rescan the blocks for them.
      extents?.set(sourceExtents!.subarray(from, from + blocksPerLine), row * blocksPerLine);
    }
    if (extents) recordBlockExtents(coefficients, extents);
    return { ...plane, blocksPerLine, blocksPerColumn, coefficients };
  });
  return { ...c, width, height, planes };
}
