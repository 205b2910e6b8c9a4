import { ImageError } from '../errors.js';
import { UNSUPPORTED_SOF } from './header.js';

/**
 * The marker segments of a whole JPEG file: frame, tables and where each
 * scan's entropy-coded data lies. Everything read from the file is checked
 * here, so the entropy decoder can trust these structures and allocate from
 * them.
 */

export interface FrameComponent {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly tq: number;
}

/** A DHT table as stored: code counts per length 1-16 and the symbols in code order. */
export interface HuffmanSpec {
  readonly counts: Uint8Array;
  readonly symbols: Uint8Array;
}

export interface ScanHeader {
  /** Indexes into `JpegMarkers.components`, in scan order. */
  readonly components: readonly number[];
  /** The tables in force when the scan started (undefined where the scan does not need one). */
  readonly dcTables: readonly (HuffmanSpec | undefined)[];
  readonly acTables: readonly (HuffmanSpec | undefined)[];
  readonly ss: number;
  readonly se: number;
  readonly ah: number;
  readonly al: number;
  readonly restartInterval: number;
  /** Entropy-coded data (still byte-stuffed, with RSTn markers) is bytes[dataStart, dataEnd). */
  readonly dataStart: number;
  readonly dataEnd: number;
  /** True when the file ended inside this scan's data. */
  readonly cutShort: boolean;
}

export interface JpegMarkers {
  readonly width: number;
  readonly height: number;
  readonly progressive: boolean;
  readonly components: readonly FrameComponent[];
  /** Quantization table (natural order) of each component, as in force at its first scan. */
  readonly quantTables: readonly Uint16Array[];
  readonly maxH: number;
  readonly maxV: number;
  readonly scans: readonly ScanHeader[];
  readonly jfif: boolean;
  /** Adobe APP14 transform flag, or -1 without an Adobe segment. */
  readonly adobeTransform: number;
  /** False when the file ends without an EOI marker. */
  readonly complete: boolean;
}

// Each scan walks the whole image, so a small file with thousands of scans
// would be a CPU bomb; real progressive files have about ten (djpeg offers
// -maxscans for the same reason).
const MAX_SCANS = 500;

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
];

const corrupt = (what: string) => new ImageError(`JPEG is corrupt: ${what}`);
const truncated = () => new ImageError('JPEG is truncated');

/** Where the entropy-coded data starting at `start` ends: the first marker other than RSTn (or the end of the file). */
export function scanDataEnd(bytes: Uint8Array, start: number): number {
  let p = start;
  // Native indexOf finds each 0xFF; only those bytes need looking at.
  for (;;) {
    const ff = bytes.indexOf(0xff, p);
    if (ff < 0 || ff + 1 >= bytes.length) return bytes.length;
    const next = bytes[ff + 1];
    if (next === 0 || (next >= 0xd0 && next <= 0xd7)) p = ff + 2;
    else if (next === 0xff) p = ff + 1; // fill byte before a marker
    else return ff;
  }
}

export function readJpegMarkers(bytes: Uint8Array): JpegMarkers {
  if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new ImageError('not a JPEG file (no start-of-image marker)');
  const quant: (Uint16Array | undefined)[] = [undefined, undefined, undefined, undefined];
  const dc: (HuffmanSpec | undefined)[] = [undefined, undefined, undefined, undefined];
  const ac: (HuffmanSpec | undefined)[] = [undefined, undefined, undefined, undefined];
  let restartInterval = 0;
  let jfif = false;
  let adobeTransform = -1;
  let frame: { width: number; height: number; progressive: boolean; components: FrameComponent[] } | undefined;
  let latched: (Uint16Array | undefined)[] = [];
  const scans: ScanHeader[] = [];
  let offset = 2;
  for (;;) {
    if (offset >= bytes.length) break; // no EOI
    if (bytes[offset] !== 0xff) throw corrupt(`expected a marker at byte ${offset}`);
    const marker = bytes[offset + 1];
    if (marker === undefined) break;
    if (marker === 0xff) { offset++; continue; } // fill byte
    if (marker === 0xd9) {
      return finish(frame, latched, quant, scans, jfif, adobeTransform, true);
    }
    if (marker === 0xd8) throw corrupt('a second start-of-image marker');
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { offset += 2; continue; } // stray RSTn / TEM carry no data
    if (offset + 4 > bytes.length) break;
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
    if (length < 2) throw corrupt('invalid segment length');
    const start = offset + 4;
    const end = offset + 2 + length;
    if (end > bytes.length) break;
    if (UNSUPPORTED_SOF[marker]) {
      throw new ImageError(`unsupported image format: ${UNSUPPORTED_SOF[marker]} (only baseline and progressive Huffman JPEG are supported)`);
    }
    switch (marker) {
      case 0xc0: case 0xc1: case 0xc2:
        if (frame) throw corrupt('more than one frame header');
        frame = readFrame(bytes, start, end, marker === 0xc2);
        latched = frame.components.map(() => undefined);
        break;
      case 0xc4: readHuffmanTables(bytes, start, end, dc, ac); break;
      case 0xdb: readQuantTables(bytes, start, end, quant); break;
      case 0xdd:
        if (length !== 4) throw corrupt('invalid restart interval segment');
        restartInterval = (bytes[start] << 8) | bytes[start + 1];
        break;
      case 0xe0:
        if (end - start >= 5 && bytes[start] === 0x4a && bytes[start + 1] === 0x46 && bytes[start + 2] === 0x49 &&
          bytes[start + 3] === 0x46 && bytes[start + 4] === 0) jfif = true; // "JFIF\0"
        break;
      case 0xee:
        if (end - start >= 12 && bytes[start] === 0x41 && bytes[start + 1] === 0x64 && bytes[start + 2] === 0x6f &&
          bytes[start + 3] === 0x62 && bytes[start + 4] === 0x65) adobeTransform = bytes[start + 11]; // "Adobe"
        break;
      case 0xda: {
        if (!frame) throw corrupt('scan before the frame header');
        if (scans.length >= MAX_SCANS) throw new ImageError(`JPEG has more than ${MAX_SCANS} scans`);
        const dataEnd = scanDataEnd(bytes, end);
        const scan = readScan(bytes, start, end, frame, dc, ac, restartInterval, dataEnd);
        for (const index of scan.components) {
          // libjpeg latches a component's quantization table at its first scan.
          if (!latched[index]) {
            const table = quant[frame.components[index].tq];
            if (!table) throw corrupt(`component ${frame.components[index].id} uses an undefined quantization table`);
            latched[index] = table;
          }
        }
        scans.push(scan);
        offset = dataEnd;
        continue;
      }
      case 0xdc: break; // DNL: heights of 0 are refused at the frame header already
      default: break; // APPn, COM and the like
    }
    offset = end;
  }
  return finish(frame, latched, quant, scans, jfif, adobeTransform, false);
}

function finish(
  frame: { width: number; height: number; progressive: boolean; components: FrameComponent[] } | undefined,
  latched: (Uint16Array | undefined)[], quant: (Uint16Array | undefined)[], scans: ScanHeader[],
  jfif: boolean, adobeTransform: number, complete: boolean,
): JpegMarkers {
  if (!frame) throw complete ? corrupt('no frame header (SOF) found') : truncated();
  if (scans.length === 0) throw complete ? corrupt('no scan (SOS) found') : truncated();
  const quantTables = frame.components.map((c, i) => {
    const table = latched[i] ?? quant[c.tq];
    if (!table) throw complete ? corrupt(`component ${c.id} has no data`) : truncated();
    return table;
  });
  let maxH = 1;
  let maxV = 1;
  for (const c of frame.components) {
    maxH = Math.max(maxH, c.h);
    maxV = Math.max(maxV, c.v);
  }
  return {
    width: frame.width, height: frame.height, progressive: frame.progressive, components: frame.components,
    quantTables, maxH, maxV, scans, jfif, adobeTransform, complete,
  };
}

function readFrame(bytes: Uint8Array, start: number, end: number, progressive: boolean) {
  if (end - start < 6) throw corrupt('frame header too short');
  const precision = bytes[start];
  if (precision !== 8) throw new ImageError(`unsupported image format: ${precision}-bit JPEG (only 8-bit samples are supported)`);
  const height = (bytes[start + 1] << 8) | bytes[start + 2];
  const width = (bytes[start + 3] << 8) | bytes[start + 4];
  const count = bytes[start + 5];
  if (height === 0) throw new ImageError('unsupported image format: JPEG with the height in a DNL marker');
  if (width === 0) throw corrupt('image width is 0');
  if (count !== 1 && count !== 3 && count !== 4) throw new ImageError(`unsupported image format: JPEG with ${count} components`);
  if (end - start !== 6 + count * 3) throw corrupt('frame header length does not match its component count');
  const components: FrameComponent[] = [];
  for (let i = 0; i < count; i++) {
    const p = start + 6 + i * 3;
    const id = bytes[p];
    const h = bytes[p + 1] >> 4;
    const v = bytes[p + 1] & 15;
    const tq = bytes[p + 2];
    if (h < 1 || h > 4 || v < 1 || v > 4) throw corrupt(`invalid sampling factors ${h}x${v}`);
    if (tq > 3) throw corrupt('invalid quantization table number');
    if (components.some((c) => c.id === id)) throw corrupt('two components with the same identifier');
    components.push({ id, h, v, tq });
  }
  return { width, height, progressive, components };
}

function readQuantTables(bytes: Uint8Array, start: number, end: number, quant: (Uint16Array | undefined)[]) {
  let p = start;
  while (p < end) {
    const pq = bytes[p] >> 4;
    const tq = bytes[p] & 15;
    if (pq > 1 || tq > 3) throw corrupt('invalid quantization table');
    const size = pq ? 128 : 64;
    if (p + 1 + size > end) throw corrupt('quantization table runs past its segment');
    const table = new Uint16Array(64);
    for (let k = 0; k < 64; k++) {
      table[ZIGZAG[k]] = pq ? (bytes[p + 1 + 2 * k] << 8) | bytes[p + 2 + 2 * k] : bytes[p + 1 + k];
    }
    // T.81 B.2.4.1: quantizer steps are 1-255 (1-65535); a 0 would divide by zero when the table is kept on re-encoding.
    if (table.includes(0)) throw corrupt('quantization table has a zero entry');
    quant[tq] = table;
    p += 1 + size;
  }
}

function readHuffmanTables(bytes: Uint8Array, start: number, end: number, dc: (HuffmanSpec | undefined)[], ac: (HuffmanSpec | undefined)[]) {
  let p = start;
  while (p < end) {
    const tc = bytes[p] >> 4;
    const th = bytes[p] & 15;
    if (tc > 1 || th > 3) throw corrupt('invalid Huffman table');
    if (p + 17 > end) throw corrupt('Huffman table runs past its segment');
    const counts = bytes.slice(p + 1, p + 17);
    let total = 0;
    for (let i = 0; i < 16; i++) total += counts[i];
    if (total === 0 || total > 256 || p + 17 + total > end) throw corrupt('invalid Huffman table');
    const symbols = bytes.slice(p + 17, p + 17 + total);
    // DC symbols are bit counts of the difference; above 15 would break the bit reader's bounds.
    if (tc === 0) for (let i = 0; i < total; i++) if (symbols[i] > 15) throw corrupt('invalid DC Huffman table');
    (tc === 0 ? dc : ac)[th] = { counts, symbols };
    p += 17 + total;
  }
}

function readScan(
  bytes: Uint8Array, start: number, end: number,
  frame: { progressive: boolean; components: FrameComponent[] },
  dc: (HuffmanSpec | undefined)[], ac: (HuffmanSpec | undefined)[], restartInterval: number, dataEnd: number,
): ScanHeader {
  const count = bytes[start];
  if (count < 1 || count > 4 || end - start !== 4 + count * 2) throw corrupt('invalid scan header');
  const components: number[] = [];
  const tableIds: number[] = [];
  let blocksPerMcu = 0;
  for (let i = 0; i < count; i++) {
    const id = bytes[start + 1 + i * 2];
    const index = frame.components.findIndex((c) => c.id === id);
    if (index < 0) throw corrupt(`scan refers to component ${id}, which the frame does not have`);
    if (components.includes(index)) throw corrupt('scan lists a component twice');
    components.push(index);
    tableIds.push(bytes[start + 2 + i * 2]);
    blocksPerMcu += frame.components[index].h * frame.components[index].v;
  }
  if (count > 1 && blocksPerMcu > 10) throw corrupt('too many blocks per MCU');
  const q = start + 1 + count * 2;
  let ss = bytes[q];
  let se = bytes[q + 1];
  let ah = bytes[q + 2] >> 4;
  let al = bytes[q + 2] & 15;
  if (frame.progressive) {
    if (ss > se || se > 63 || (ss === 0 && se !== 0) || (ss > 0 && count !== 1)) throw corrupt('invalid progressive scan parameters');
    if (al > 13 || (ah !== 0 && ah !== al + 1)) throw corrupt('invalid successive approximation parameters');
  } else {
    // Sequential scans always carry all 64 coefficients (libjpeg ignores these fields too).
    ss = 0; se = 63; ah = 0; al = 0;
  }
  const needDc = ss === 0 && ah === 0;
  const needAc = se > 0;
  const dcTables = tableIds.map((t) => {
    if (!needDc) return undefined;
    const table = dc[t >> 4];
    if (!table) throw corrupt('scan uses an undefined Huffman table');
    return table;
  });
  const acTables = tableIds.map((t) => {
    if (!needAc) return undefined;
    const table = ac[t & 15];
    if (!table) throw corrupt('scan uses an undefined Huffman table');
    return table;
  });
  return {
    components, dcTables, acTables, ss, se, ah, al, restartInterval,
    dataStart: end, dataEnd, cutShort: dataEnd >= bytes.length,
  };
}
