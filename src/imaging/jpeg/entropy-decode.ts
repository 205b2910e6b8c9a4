import { ImageError } from '../errors.js';
import { recordBlockExtents } from './block-extents.js';
import { planeBlocks, type CoefficientPlane, type JpegCoefficients, type JpegColorSpace, type JpegFrame } from './coefficients.js';
import { decodeDcOnly } from './dc-only-decode.js';
import { huffmanTable } from './huffman-decode.js';
import { readJpegMarkers, type JpegMarkers, type ScanHeader } from './markers.js';
import { blockOffsets, mcuGrid } from './mcu-grid.js';
import { SCAN_PADDING, unstuffScan } from './scan-data.js';
import {
  decodeAcFirst, decodeAcRefine, decodeDcFirst, decodeDcRefine, decodeSequential, LOW_2X2_ORDER, NATURAL_ORDER, type ScanInput,
} from './scan-decode.js';

/**
 * Entropy decoding of a whole baseline or progressive Huffman JPEG into its
 * quantized coefficients (no IDCT). Strict: anything that does not decode
 * cleanly is an ImageError, as a half-grey picture would be worse than a
 * clear message.
 */
export function readJpegCoefficients(bytes: Uint8Array, maxPixels: number): JpegCoefficients {
  return decodeScans(bytes, readJpegMarkers(bytes), maxPixels);
}

/** The frame's geometry and colour space, from the markers alone (for planning before the scans are decoded). */
export function jpegFrame(m: JpegMarkers): JpegFrame {
  const { width, height, maxH, maxV } = m;
  return { width, height, maxH, maxV, colorSpace: colorSpace(m), planes: m.components.map(({ h, v }) => ({ h, v })) };
}

/**
 * For a decode at 1/scale: one past the last zigzag position the scaled IDCT
 * reads (its top-left 8/scale square; see idct.ts). Sequential scans store
 * coefficients only below it and merely step over the codes of the rest,
 * which is most of a photo's data at 1/4 and 1/8.
 */
export function coefficientsKept(scale: 1 | 2 | 4 | 8): number {
  return scale === 1 ? 64 : scale === 2 ? 25 : scale === 4 ? 5 : 1;
}

/**
 * Decodes the scans of parsed markers. With `keep` < 64, sequential scans
 * leave the coefficients from zigzag position `keep` on as zero (extents stay
 * upper bounds): only for a scaled decode that never reads them. With
 * `lowOnly`, sequential scans store the 2x2 lowest frequencies alone, in the
 * planes' lowOnly layout, whatever `keep` says (progressive ones keep every
 * coefficient).
 */
export function decodeScans(bytes: Uint8Array, m: JpegMarkers, maxPixels: number, keep = 64, lowOnly = false): JpegCoefficients {
  const { width, height, maxH, maxV } = m;
  if (width * height > maxPixels) {
    throw new ImageError(
      `image is ${width}x${height} (${((width * height) / 1e6).toFixed(1)} MP), over the limit of ${(maxPixels / 1e6).toFixed(1)} MP`,
    );
  }
  const layout = m.components.map((c) => {
    const { blocksPerLine, blocksPerColumn } = planeBlocks(width, height, c.h, c.v, maxH, maxV);
    return {
      ...c, blocksPerLine, blocksPerColumn,
      // The component's own size in blocks, which is what a one-component scan covers.
      usedX: Math.ceil(Math.ceil((width * c.h) / maxH) / 8),
      usedY: Math.ceil(Math.ceil((height * c.v) / maxV) / 8),
      base: 0,
    };
  });
  checkScanCoverage(m, layout);
  // Without EOI a progressive file may simply be missing its last scans (a
  // baseline one is whole if every component's scan decodes to the end).
  if (!m.complete && m.progressive) throw new ImageError('JPEG is truncated');

  // A 1/8 decode of sequential scans reads each block's DC alone: one value
  // per block is stored instead of 64 (a 12 MP photo: 0.6 MB instead of 36,
  // which would stay in the instance's memory until its next collection),
  // by a decoder of its own (dc-only-decode.ts).
  const dcOnly = keep === 1 && !m.progressive;
  // Likewise the thumbnail shrink keeps the 2x2 lowest frequencies in 8 slots (see CoefficientPlane.lowOnly).
  const low = lowOnly && !m.progressive;
  // (0,1), (1,0), (1,1) are zigzag positions 1, 2 and 4: what a 1/4 decode keeps.
  if (low) keep = coefficientsKept(4);
  const stride = dcOnly ? 1 : low ? 8 : 64;
  // One buffer for all planes: the scan loops address every block by one offset.
  let totalBlocks = 0;
  for (const c of layout) {
    c.base = totalBlocks * stride;
    totalBlocks += c.blocksPerLine * c.blocksPerColumn;
  }
  const coef = new Int16Array(totalBlocks * stride);
  // Progressive scans raise extents as coefficients arrive; every block has a DC.
  // (DC-only planes have no use for them.)
  const ext = new Uint8Array(dcOnly ? 0 : totalBlocks).fill(1);
  const data = new Uint8Array(bytes.length + SCAN_PADDING);
  const orders = new Map<string, { offsets: Int32Array; comps: Uint8Array }>();

  for (const scan of m.scans) {
    const grid = mcuGrid(m, layout, scan.components, stride);
    const mcus = grid.mcusX * grid.mcusY;
    const segments = scan.restartInterval > 0 ? Math.ceil(mcus / scan.restartInterval) : 1;
    if (dcOnly) {
      decodeDcOnly(
        { coef, grid, data, segments: unstuffScan(bytes, scan, data, segments), restartMcus: scan.restartInterval, cutShort: scan.cutShort },
        scan.dcTables.map((t) => huffmanTable(t!)), scan.acTables.map((t) => huffmanTable(t!)),
      );
      continue;
    }
    const key = scan.components.join(',');
    let order = orders.get(key);
    if (!order) orders.set(key, (order = blockOffsets(grid)));
    const input: ScanInput = {
      coef, ext, data, segments: unstuffScan(bytes, scan, data, segments), offsets: order.offsets, comps: order.comps,
      restartBlocks: scan.restartInterval * grid.blocksPerMcu, cutShort: scan.cutShort, keep,
      blockShift: low ? 3 : 6, order: low ? LOW_2X2_ORDER : NATURAL_ORDER,
    };
    if (!m.progressive) {
      decodeSequential(input, scan.dcTables.map((t) => huffmanTable(t!)), scan.acTables.map((t) => huffmanTable(t!)));
    } else if (scan.ss === 0) {
      if (scan.ah === 0) decodeDcFirst(input, scan.dcTables.map((t) => huffmanTable(t!)), scan.al);
      else decodeDcRefine(input, scan.al);
    } else if (scan.ah === 0) {
      decodeAcFirst(input, huffmanTable(scan.acTables[0]!), scan.ss, scan.se, scan.al);
    } else {
      decodeAcRefine(input, huffmanTable(scan.acTables[0]!), scan.ss, scan.se, scan.al);
    }
  }
  const planes: CoefficientPlane[] = layout.map((c, i) => {
    const blocks = c.blocksPerLine * c.blocksPerColumn;
    const coefficients = coef.subarray(c.base, c.base + blocks * stride);
    // DC-only and low-only planes have no use for extents (nothing reads past what they keep).
    if (!dcOnly && !low) recordBlockExtents(coefficients, ext.subarray(c.base >> 6, (c.base >> 6) + blocks));
    return {
      id: c.id, h: c.h, v: c.v, quantTable: m.quantTables[i].slice(),
      blocksPerLine: c.blocksPerLine, blocksPerColumn: c.blocksPerColumn, coefficients, ...(dcOnly && { dcOnly }),
      ...(low && { lowOnly: true }),
    };
  });
  return { width, height, maxH, maxV, colorSpace: colorSpace(m), planes };
}

interface ComponentLayout {
  readonly h: number;
  readonly v: number;
  readonly blocksPerLine: number;
  readonly blocksPerColumn: number;
  readonly usedX: number;
  readonly usedY: number;
  base: number;
}

/** Blocks a scan codes: whole MCUs when interleaved, else the component's own block grid. */
function scanBlocks(m: JpegMarkers, layout: readonly ComponentLayout[], scan: ScanHeader): number {
  if (scan.components.length === 1) return layout[scan.components[0]].usedX * layout[scan.components[0]].usedY;
  const mcus = Math.ceil(m.width / (8 * m.maxH)) * Math.ceil(m.height / (8 * m.maxV));
  let perMcu = 0;
  for (const i of scan.components) perMcu += layout[i].h * layout[i].v;
  return mcus * perMcu;
}

/**
 * Before any plane is allocated: every component must get its DC from some
 * scan, and such a scan codes at least one bit per block, so a small file
 * cannot make us allocate for a huge image it does not contain.
 */
function checkScanCoverage(m: JpegMarkers, layout: readonly ComponentLayout[]): void {
  const covered = new Array<boolean>(layout.length).fill(false);
  for (const scan of m.scans) {
    if (scan.ss !== 0 || scan.ah !== 0) continue;
    const bitsAvailable = (scan.dataEnd - scan.dataStart) * 8;
    if (scanBlocks(m, layout, scan) > bitsAvailable + 8) {
      throw new ImageError(scan.cutShort ? 'JPEG is truncated' : 'JPEG is corrupt: scan data ends too early');
    }
    for (const i of scan.components) covered[i] = true;
  }
  if (covered.includes(false)) {
    throw new ImageError(m.complete ? 'JPEG is corrupt: a component has no scan' : 'JPEG is truncated');
  }
}

/** libjpeg's rules (jdapimin.c default_decompress_parms). */
function colorSpace(m: JpegMarkers): JpegColorSpace {
  const n = m.components.length;
  if (n === 1) return 'gray';
  if (n === 3) {
    if (m.jfif) return 'ycbcr';
    if (m.adobeTransform >= 0) return m.adobeTransform === 0 ? 'rgb' : 'ycbcr';
    const [a, b, c] = m.components.map((x) => x.id);
    return a === 82 && b === 71 && c === 66 ? 'rgb' : 'ycbcr'; // 'R', 'G', 'B'
  }
  if (m.adobeTransform >= 0) return m.adobeTransform === 0 ? 'cmyk' : 'ycck';
  return 'cmyk';
}
