import { recordedExtents } from './block-extents.js';
import { ImageError } from '../errors.js';
import { type CoefficientPlane, type JpegCoefficients, type JpegColorSpace } from './coefficients.js';
import {
  huffmanCodes, optimalHuffmanSpec, STD_AC_CHROMINANCE, STD_AC_LUMINANCE, STD_DC_CHROMINANCE, STD_DC_LUMINANCE, type HuffmanSpec,
} from './huffman-encode.js';
import {
  ByteWriter, EOI, SOF0, SOF1, SOI, writeAdobe, writeDht, writeDqt, writeJfif, writeSof, writeSos,
} from './marker-writer.js';

/**
 * Baseline JPEG from quantized coefficients: headers, one interleaved
 * sequential scan, Huffman tables optimized for the image (or the Annex K
 * examples), no restart markers.
 *
 * Two passes over tokens rather than two over coefficients. Pass 1 walks the
 * blocks once, turning each nonzero coefficient (and each EOB / ZRL) into one
 * 32-bit token, (table slot of its symbol << 16) | its extra bits; symbol
 * frequencies are then counted from the tokens (countSymbols). Pass 2, once
 * the tables are known, only replays the tokens through the bit writer.
 * Zero coefficients, zigzag lookups and magnitude categories are then paid
 * for once, which matters because StarlingMonkey interprets every bytecode.
 */

export interface WriteJpegOptions {
  /** Build Huffman tables from this image's symbol counts (default) instead of using the Annex K.3 examples. */
  readonly optimizeHuffman?: boolean;
}

/**
 * Symbol slots: table class (0 luma-like, 1 chroma-like) * 512, + 256 for AC,
 * + the symbol (DC: magnitude category; AC: run << 4 | category).
 */
const SLOTS = 1024;

/**
 * For every Int16 value v (index v + 32768): (category << 16) | extra bits,
 * the category being the bit length of |v| and the extra bits v, or v - 1 in
 * `category` bits when negative (T.81 F.1.2.1). One table read replaces a
 * loop or Math.clz32 call plus the sign arithmetic. Magnitudes of 2048 and up
 * fit no baseline symbol and get category 15, which the frequency check after
 * pass 1 rejects (AC allows 10, DC 11). Built at module initialization, which
 * componentize-js snapshots into the component.
 */
const VALUE_BITS = buildValueBits();

/** The ZRL symbol (0xf0) in a token's slot bits. */
const ZRL_SYMBOL_BITS = 0xf0 << 16;
/** One more zero in the run nibble of an AC symbol (run << 4), in a token's slot bits. */
const RUN_STEP = 1 << 20;

function buildValueBits(): Int32Array {
  const table = new Int32Array(65536);
  for (let v = -32768; v < 32768; v++) {
    const magnitude = v < 0 ? -v : v;
    let category = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude);
    let extra = v < 0 ? v + (1 << category) - 1 : v;
    if (category > 11) {
      category = 15;
      extra = 0;
    }
    table[v + 32768] = (category << 16) | extra;
  }
  return table;
}

interface ScanComponent {
  readonly plane: CoefficientPlane;
  /** Huffman table class (0 or 1) and quantization table id. */
  readonly tableClass: number;
  readonly quantId: number;
  /** Blocks per MCU across and down: the sampling factors when interleaved, 1 x 1 otherwise. */
  readonly mcuH: number;
  readonly mcuV: number;
}

interface ScanLayout {
  readonly components: readonly ScanComponent[];
  readonly mcusPerLine: number;
  readonly mcusPerColumn: number;
}

const COMPONENTS_FOR: Record<JpegColorSpace, number> = { gray: 1, ycbcr: 3, rgb: 3, cmyk: 4, ycck: 4 };
/** libjpeg's table assignment: chroma-like tables for Cb and Cr only. */
const TABLE_CLASSES: Record<JpegColorSpace, readonly number[]> = {
  gray: [0], ycbcr: [0, 1, 1], rgb: [0, 0, 0], cmyk: [0, 0, 0, 0], ycck: [0, 1, 1, 0],
};

export function writeJpeg(c: JpegCoefficients, options: WriteJpegOptions = {}): Uint8Array {
  const { quantTables, layout } = scanLayout(c);
  const freq = new Int32Array(SLOTS);
  const { tokens, count } = tokenize(layout);
  countSymbols(tokens, count, freq);
  rejectOutOfRange(freq);

  const classes = layout.components.some((sc) => sc.tableClass === 1) ? 2 : 1;
  const optimize = options.optimizeHuffman ?? true;
  const dcSpecs: HuffmanSpec[] = [];
  const acSpecs: HuffmanSpec[] = [];
  for (let k = 0; k < classes; k++) {
    dcSpecs.push(optimize ? optimalHuffmanSpec(freq.subarray(k * 512, k * 512 + 256)) : k ? STD_DC_CHROMINANCE : STD_DC_LUMINANCE);
    acSpecs.push(optimize ? optimalHuffmanSpec(freq.subarray(k * 512 + 256, k * 512 + 512)) : k ? STD_AC_CHROMINANCE : STD_AC_LUMINANCE);
  }
  // Per slot: total bits (code + extra) and the code shifted over its extra bits, so pass 2 ORs three values.
  const lengths = new Uint8Array(SLOTS);
  const codes = new Int32Array(SLOTS);
  let maxLength = 0;
  let dataBits = 0;
  for (let k = 0; k < classes; k++) {
    for (const [base, spec] of [[k * 512, dcSpecs[k]], [k * 512 + 256, acSpecs[k]]] as const) {
      const table = huffmanCodes(spec);
      for (let s = 0; s < 256; s++) {
        const slot = base + s;
        if (freq[slot] === 0) continue;
        if (table.lengths[s] === 0) throw new Error(`Huffman table has no code for symbol ${s}`);
        const extraBits = s & 15;
        lengths[slot] = table.lengths[s] + extraBits;
        codes[slot] = table.codes[s] << extraBits;
        if (lengths[slot] > maxLength) maxLength = lengths[slot];
        dataBits += freq[slot] * lengths[slot];
      }
    }
  }

  const dataBytes = Math.ceil(dataBits / 8);
  const w = new ByteWriter(4096 + dataBytes + (dataBytes >> 5));
  writeHeaders(w, c, layout, quantTables, dcSpecs, acSpecs);
  // A code plus its extra bits is at most 16 + 11 bits; above 25 they no longer fit beside 7 pending bits in 32.
  if (maxLength <= 25) emitTokens(w, tokens, count, codeAndLengthTable(lengths, codes));
  else emitTokensSplit(w, tokens, count, lengths, codes);
  w.u16(EOI);
  return w.result();
}

/** Validates the structure and decides table ids and MCU geometry. */
function scanLayout(c: JpegCoefficients): { quantTables: Uint16Array[]; layout: ScanLayout } {
  const { width, height, planes } = c;
  if (!(width >= 1 && height >= 1 && width <= 65535 && height <= 65535)) {
    throw new ImageError(`JPEG dimensions must be 1..65535, got ${width}x${height}`);
  }
  if (COMPONENTS_FOR[c.colorSpace] !== planes.length) {
    throw new Error(`colour space ${c.colorSpace} with ${planes.length} components`);
  }
  let maxH = 1;
  let maxV = 1;
  for (const p of planes) {
    if (!(p.h >= 1 && p.h <= 4 && p.v >= 1 && p.v <= 4)) throw new Error(`sampling factors ${p.h}x${p.v} out of range`);
    maxH = Math.max(maxH, p.h);
    maxV = Math.max(maxV, p.v);
  }
  if (maxH !== c.maxH || maxV !== c.maxV) throw new Error(`maxH/maxV ${c.maxH}x${c.maxV} disagree with the planes (${maxH}x${maxV})`);
  const interleaved = planes.length > 1;
  if (interleaved && planes.reduce((sum, p) => sum + p.h * p.v, 0) > 10) {
    throw new ImageError('sampling factors put more than 10 blocks in an MCU');
  }
  const quantTables: Uint16Array[] = [];
  const classes = TABLE_CLASSES[c.colorSpace];
  const components = planes.map((plane, i): ScanComponent => {
    if (plane.quantTable.length !== 64 || plane.quantTable.some((q) => q < 1)) throw new Error('quantization table must have 64 entries >= 1');
    let quantId = quantTables.findIndex((t) => t.every((q, k) => q === plane.quantTable[k]));
    if (quantId < 0) quantId = quantTables.push(plane.quantTable) - 1;
    return { plane, tableClass: classes[i], quantId, mcuH: interleaved ? plane.h : 1, mcuV: interleaved ? plane.v : 1 };
  });
  let mcusPerLine: number;
  let mcusPerColumn: number;
  if (interleaved) {
    mcusPerLine = Math.ceil(width / (8 * maxH));
    mcusPerColumn = Math.ceil(height / (8 * maxV));
  } else {
    // A lone component is coded block by block over its own size, without MCU padding (T.81 A.2.2).
    const p = planes[0];
    mcusPerLine = Math.ceil(Math.ceil((width * p.h) / maxH) / 8);
    mcusPerColumn = Math.ceil(Math.ceil((height * p.v) / maxV) / 8);
  }
  for (const sc of components) {
    const p = sc.plane;
    if (p.blocksPerLine < mcusPerLine * sc.mcuH || p.blocksPerColumn < mcusPerColumn * sc.mcuV) {
      throw new Error(`component ${p.id} has ${p.blocksPerLine}x${p.blocksPerColumn} blocks, fewer than the frame needs`);
    }
    if (p.coefficients.length < p.blocksPerLine * p.blocksPerColumn * 64) throw new Error(`component ${p.id} coefficients too short`);
  }
  return { quantTables, layout: { components, mcusPerLine, mcusPerColumn } };
}

function writeHeaders(
  w: ByteWriter, c: JpegCoefficients, layout: ScanLayout, quantTables: readonly Uint16Array[],
  dcSpecs: readonly HuffmanSpec[], acSpecs: readonly HuffmanSpec[],
): void {
  w.u16(SOI);
  if (c.colorSpace === 'gray' || c.colorSpace === 'ycbcr') writeJfif(w);
  else writeAdobe(w, c.colorSpace === 'ycck' ? 2 : 0);
  quantTables.forEach((table, id) => writeDqt(w, id, table));
  const wide = quantTables.some((t) => t.some((q) => q > 255));
  const single = layout.components.length === 1;
  writeSof(w, wide ? SOF1 : SOF0, c.width, c.height, layout.components.map((sc) => ({
    id: sc.plane.id, h: single ? 1 : sc.plane.h, v: single ? 1 : sc.plane.v, quantId: sc.quantId,
  })));
  for (let k = 0; k < dcSpecs.length; k++) {
    writeDht(w, 0, k, dcSpecs[k]);
    writeDht(w, 1, k, acSpecs[k]);
  }
  writeSos(w, layout.components.map((sc) => ({ id: sc.plane.id, dcTable: sc.tableClass, acTable: sc.tableClass })));
}

/** Int32 view of a plane's coefficients (pairs of Int16), copying when the buffer offset is not 4-aligned. */
function coefficientViews(plane: CoefficientPlane): { halves: Int16Array; pairs: Int32Array } {
  let halves = plane.coefficients;
  if (halves.byteOffset % 4 !== 0) halves = halves.slice();
  return { halves, pairs: new Int32Array(halves.buffer, halves.byteOffset, halves.length >> 1) };
}

/**
 * Pass 1: every block in scan order to tokens.
 * All state is in locals (declared up front: `let`/`const` inside a loop body
 * costs extra bytecodes per iteration in the interpreter).
 */
function tokenize(layout: ScanLayout): { tokens: Int32Array; count: number } {
  const { components, mcusPerLine, mcusPerColumn } = layout;
  const nc = components.length;
  const halvesOf: Int16Array[] = [];
  const pairsOf: Int32Array[] = [];
  const extentsOf: (Uint8Array | undefined)[] = [];
  const mcuHOf = new Int32Array(nc);
  const mcuVOf = new Int32Array(nc);
  const lineOf = new Int32Array(nc);
  const dcBaseOf = new Int32Array(nc);
  const acBaseOf = new Int32Array(nc);
  const predOf = new Int32Array(nc);
  let blocksPerMcu = 0;
  for (let i = 0; i < nc; i++) {
    const sc = components[i];
    const views = coefficientViews(sc.plane);
    halvesOf.push(views.halves);
    pairsOf.push(views.pairs);
    // Decoded planes come with each block's extent: no search for the last nonzero coefficient.
    extentsOf.push(recordedExtents(sc.plane.coefficients));
    mcuHOf[i] = sc.mcuH;
    mcuVOf[i] = sc.mcuV;
    lineOf[i] = sc.plane.blocksPerLine;
    dcBaseOf[i] = (sc.tableClass * 512) << 16;
    acBaseOf[i] = (sc.tableClass * 512 + 256) << 16;
    blocksPerMcu += sc.mcuH * sc.mcuV;
  }
  const values = VALUE_BITS;
  // About 12 tokens per block in a typical photo at quality 85; grown by doubling when short.
  let tokens = new Int32Array(Math.max(4096, mcusPerLine * mcusPerColumn * blocksPerMcu * 12));
  // Checked once per MCU: a block yields at most 1 + 63 + 3 ZRL + EOB tokens.
  const mcuTokens = 70 * blocksPerMcu;
  let limit = tokens.length - mcuTokens;
  let n = 0;
  let ci = 0, mx = 0, my = 0, bx = 0, by = 0, mcuH = 0, mcuV = 0, line = 0, dcBase = 0, acBase = 0;
  let pred = 0, block = 0, rowBlock = 0, b = 0, p = 0, value = 0, diff = 0, last = 0, k = 0;
  let runBase = 0, zrlLimit = 0;
  // Module constants as locals: a module-level binding costs more to read than a local.
  const runStep = RUN_STEP, zrlRun = 16 * RUN_STEP, zrlSymbol = ZRL_SYMBOL_BITS;
  let halves = halvesOf[0];
  let pairs = pairsOf[0];
  let extents = extentsOf[0];
  for (my = 0; my < mcusPerColumn; my++) {
    for (mx = 0; mx < mcusPerLine; mx++) {
      if (n > limit) {
        const grown = new Int32Array(tokens.length * 2);
        grown.set(tokens);
        tokens = grown;
        limit = tokens.length - mcuTokens;
      }
      for (ci = 0; ci < nc; ci++) {
        halves = halvesOf[ci];
        pairs = pairsOf[ci];
        extents = extentsOf[ci];
        mcuH = mcuHOf[ci];
        mcuV = mcuVOf[ci];
        line = lineOf[ci];
        dcBase = dcBaseOf[ci];
        acBase = acBaseOf[ci];
        zrlLimit = acBase + 16 * RUN_STEP;
        pred = predOf[ci];
        // The component's first block in this MCU, then one block row further per `by`.
        rowBlock = my * mcuV * line + mx * mcuH;
        for (by = 0; by < mcuV; by++, rowBlock += line) {
          for (bx = 0; bx < mcuH; bx++) {
            block = rowBlock + bx;
            b = block << 6;
            // DC: the difference from the previous block of this component.
            value = halves[b];
            diff = value - pred;
            pred = value;
            if (diff > 2047 || diff < -2047) throw new ImageError('DC coefficient out of range for baseline JPEG');
            tokens[n++] = values[diff + 32768] + dcBase;
            // Bound the last nonzero zigzag position by testing coefficient pairs as one Int32 each, from
            // the highest zigzag position down, so trailing zeros (most of a block) are skipped two at a time.
            // Pair j holds natural positions 2j and 2j + 1; `last` is the larger zigzag index of the two.
            // (Four at a time through a Float64Array measured slower: the bound is coarser, and -0.0
            // would hide a -32768.)
            p = block << 5;
            if (extents !== undefined) last = extents[block] - 1;
            else if (pairs[p + 31] !== 0) last = 63;
            else if (pairs[p + 27] !== 0) last = 61;
            else if (pairs[p + 23] !== 0) last = 60;
            else if (pairs[p + 30] !== 0) last = 58;
            else if (pairs[p + 26] !== 0) last = 56;
            else if (pairs[p + 19] !== 0) last = 54;
            else if (pairs[p + 15] !== 0) last = 53;
            else if (pairs[p + 22] !== 0) last = 51;
            else if (pairs[p + 29] !== 0) last = 49;
            else if (pairs[p + 25] !== 0) last = 47;
            else if (pairs[p + 18] !== 0) last = 45;
            else if (pairs[p + 11] !== 0) last = 43;
            else if (pairs[p + 7] !== 0) last = 42;
            else if (pairs[p + 14] !== 0) last = 40;
            else if (pairs[p + 21] !== 0) last = 38;
            else if (pairs[p + 28] !== 0) last = 36;
            else if (pairs[p + 24] !== 0) last = 34;
            else if (pairs[p + 17] !== 0) last = 32;
            else if (pairs[p + 10] !== 0) last = 30;
            else if (pairs[p + 3] !== 0) last = 28;
            else if (pairs[p + 6] !== 0) last = 26;
            else if (pairs[p + 13] !== 0) last = 24;
            else if (pairs[p + 20] !== 0) last = 22;
            else if (pairs[p + 16] !== 0) last = 19;
            else if (pairs[p + 9] !== 0) last = 17;
            else if (pairs[p + 2] !== 0) last = 15;
            else if (pairs[p + 5] !== 0) last = 13;
            else if (pairs[p + 12] !== 0) last = 11;
            else if (pairs[p + 8] !== 0) last = 8;
            else if (pairs[p + 1] !== 0) last = 6;
            else if (pairs[p + 4] !== 0) last = 4;
            else if (pairs[p] !== 0) last = 1;
            else last = 0;
            // The zero run is kept already placed in a token, acBase + (run << 20), so a nonzero
            // coefficient's token is one add; past 15 zeros it spills into the next slot bits until
            // ZRLs take it back below zrlLimit.
            runBase = acBase;
            // Zigzag positions 1..last, unrolled: the switch enters at position k and falls through
            // one generated statement per position (constant natural index, no zigzag table load, no
            // loop test or increment), adding each zero to the run, until a nonzero coefficient
            // leaves it (k = the position after) for the token below, or `last` is passed. Measured
            // against the plain loop: writeJpeg of a rotated 1080p photo 168 -> 158 ms in the component.
            k = 1;
            if (last !== 0) {
              scan: for (;;) {
                switch (k) {
                case 1: if ((value = halves[b + 1]) !== 0) { k = 2; break; } runBase += runStep; if (last === 1) break scan;
                case 2: if ((value = halves[b + 8]) !== 0) { k = 3; break; } runBase += runStep; if (last === 2) break scan;
                case 3: if ((value = halves[b + 16]) !== 0) { k = 4; break; } runBase += runStep; if (last === 3) break scan;
                case 4: if ((value = halves[b + 9]) !== 0) { k = 5; break; } runBase += runStep; if (last === 4) break scan;
                case 5: if ((value = halves[b + 2]) !== 0) { k = 6; break; } runBase += runStep; if (last === 5) break scan;
                case 6: if ((value = halves[b + 3]) !== 0) { k = 7; break; } runBase += runStep; if (last === 6) break scan;
                case 7: if ((value = halves[b + 10]) !== 0) { k = 8; break; } runBase += runStep; if (last === 7) break scan;
                case 8: if ((value = halves[b + 17]) !== 0) { k = 9; break; } runBase += runStep; if (last === 8) break scan;
                case 9: if ((value = halves[b + 24]) !== 0) { k = 10; break; } runBase += runStep; if (last === 9) break scan;
                case 10: if ((value = halves[b + 32]) !== 0) { k = 11; break; } runBase += runStep; if (last === 10) break scan;
                case 11: if ((value = halves[b + 25]) !== 0) { k = 12; break; } runBase += runStep; if (last === 11) break scan;
                case 12: if ((value = halves[b + 18]) !== 0) { k = 13; break; } runBase += runStep; if (last === 12) break scan;
                case 13: if ((value = halves[b + 11]) !== 0) { k = 14; break; } runBase += runStep; if (last === 13) break scan;
                case 14: if ((value = halves[b + 4]) !== 0) { k = 15; break; } runBase += runStep; if (last === 14) break scan;
                case 15: if ((value = halves[b + 5]) !== 0) { k = 16; break; } runBase += runStep; if (last === 15) break scan;
                case 16: if ((value = halves[b + 12]) !== 0) { k = 17; break; } runBase += runStep; if (last === 16) break scan;
                case 17: if ((value = halves[b + 19]) !== 0) { k = 18; break; } runBase += runStep; if (last === 17) break scan;
                case 18: if ((value = halves[b + 26]) !== 0) { k = 19; break; } runBase += runStep; if (last === 18) break scan;
                case 19: if ((value = halves[b + 33]) !== 0) { k = 20; break; } runBase += runStep; if (last === 19) break scan;
                case 20: if ((value = halves[b + 40]) !== 0) { k = 21; break; } runBase += runStep; if (last === 20) break scan;
                case 21: if ((value = halves[b + 48]) !== 0) { k = 22; break; } runBase += runStep; if (last === 21) break scan;
                case 22: if ((value = halves[b + 41]) !== 0) { k = 23; break; } runBase += runStep; if (last === 22) break scan;
                case 23: if ((value = halves[b + 34]) !== 0) { k = 24; break; } runBase += runStep; if (last === 23) break scan;
                case 24: if ((value = halves[b + 27]) !== 0) { k = 25; break; } runBase += runStep; if (last === 24) break scan;
                case 25: if ((value = halves[b + 20]) !== 0) { k = 26; break; } runBase += runStep; if (last === 25) break scan;
                case 26: if ((value = halves[b + 13]) !== 0) { k = 27; break; } runBase += runStep; if (last === 26) break scan;
                case 27: if ((value = halves[b + 6]) !== 0) { k = 28; break; } runBase += runStep; if (last === 27) break scan;
                case 28: if ((value = halves[b + 7]) !== 0) { k = 29; break; } runBase += runStep; if (last === 28) break scan;
                case 29: if ((value = halves[b + 14]) !== 0) { k = 30; break; } runBase += runStep; if (last === 29) break scan;
                case 30: if ((value = halves[b + 21]) !== 0) { k = 31; break; } runBase += runStep; if (last === 30) break scan;
                case 31: if ((value = halves[b + 28]) !== 0) { k = 32; break; } runBase += runStep; if (last === 31) break scan;
                case 32: if ((value = halves[b + 35]) !== 0) { k = 33; break; } runBase += runStep; if (last === 32) break scan;
                case 33: if ((value = halves[b + 42]) !== 0) { k = 34; break; } runBase += runStep; if (last === 33) break scan;
                case 34: if ((value = halves[b + 49]) !== 0) { k = 35; break; } runBase += runStep; if (last === 34) break scan;
                case 35: if ((value = halves[b + 56]) !== 0) { k = 36; break; } runBase += runStep; if (last === 35) break scan;
                case 36: if ((value = halves[b + 57]) !== 0) { k = 37; break; } runBase += runStep; if (last === 36) break scan;
                case 37: if ((value = halves[b + 50]) !== 0) { k = 38; break; } runBase += runStep; if (last === 37) break scan;
                case 38: if ((value = halves[b + 43]) !== 0) { k = 39; break; } runBase += runStep; if (last === 38) break scan;
                case 39: if ((value = halves[b + 36]) !== 0) { k = 40; break; } runBase += runStep; if (last === 39) break scan;
                case 40: if ((value = halves[b + 29]) !== 0) { k = 41; break; } runBase += runStep; if (last === 40) break scan;
                case 41: if ((value = halves[b + 22]) !== 0) { k = 42; break; } runBase += runStep; if (last === 41) break scan;
                case 42: if ((value = halves[b + 15]) !== 0) { k = 43; break; } runBase += runStep; if (last === 42) break scan;
                case 43: if ((value = halves[b + 23]) !== 0) { k = 44; break; } runBase += runStep; if (last === 43) break scan;
                case 44: if ((value = halves[b + 30]) !== 0) { k = 45; break; } runBase += runStep; if (last === 44) break scan;
                case 45: if ((value = halves[b + 37]) !== 0) { k = 46; break; } runBase += runStep; if (last === 45) break scan;
                case 46: if ((value = halves[b + 44]) !== 0) { k = 47; break; } runBase += runStep; if (last === 46) break scan;
                case 47: if ((value = halves[b + 51]) !== 0) { k = 48; break; } runBase += runStep; if (last === 47) break scan;
                case 48: if ((value = halves[b + 58]) !== 0) { k = 49; break; } runBase += runStep; if (last === 48) break scan;
                case 49: if ((value = halves[b + 59]) !== 0) { k = 50; break; } runBase += runStep; if (last === 49) break scan;
                case 50: if ((value = halves[b + 52]) !== 0) { k = 51; break; } runBase += runStep; if (last === 50) break scan;
                case 51: if ((value = halves[b + 45]) !== 0) { k = 52; break; } runBase += runStep; if (last === 51) break scan;
                case 52: if ((value = halves[b + 38]) !== 0) { k = 53; break; } runBase += runStep; if (last === 52) break scan;
                case 53: if ((value = halves[b + 31]) !== 0) { k = 54; break; } runBase += runStep; if (last === 53) break scan;
                case 54: if ((value = halves[b + 39]) !== 0) { k = 55; break; } runBase += runStep; if (last === 54) break scan;
                case 55: if ((value = halves[b + 46]) !== 0) { k = 56; break; } runBase += runStep; if (last === 55) break scan;
                case 56: if ((value = halves[b + 53]) !== 0) { k = 57; break; } runBase += runStep; if (last === 56) break scan;
                case 57: if ((value = halves[b + 60]) !== 0) { k = 58; break; } runBase += runStep; if (last === 57) break scan;
                case 58: if ((value = halves[b + 61]) !== 0) { k = 59; break; } runBase += runStep; if (last === 58) break scan;
                case 59: if ((value = halves[b + 54]) !== 0) { k = 60; break; } runBase += runStep; if (last === 59) break scan;
                case 60: if ((value = halves[b + 47]) !== 0) { k = 61; break; } runBase += runStep; if (last === 60) break scan;
                case 61: if ((value = halves[b + 55]) !== 0) { k = 62; break; } runBase += runStep; if (last === 61) break scan;
                case 62: if ((value = halves[b + 62]) !== 0) { k = 63; break; } runBase += runStep; if (last === 62) break scan;
                case 63: if ((value = halves[b + 63]) !== 0) { k = 64; break; } runBase += runStep; break scan; // last is 63 here
                }
                while (runBase >= zrlLimit) {
                  tokens[n++] = acBase + zrlSymbol; // ZRL (rare): 16 zeros, symbol 0xf0
                  runBase -= zrlRun;
                }
                tokens[n++] = values[value + 32768] + runBase;
                runBase = acBase;
                if (k > last) break;
              }
            }
            if (runBase !== acBase || last < 63) {
              tokens[n++] = acBase; // EOB: symbol 0x00
            }
          }
        }
        predOf[ci] = pred;
      }
    }
  }
  return { tokens, count: n };
}

/**
 * Symbol frequencies (per slot) of the tokens, counted on a sorted copy: the engine's native
 * typed-array sort orders them by slot (a token is slot << 16 | extra bits, never negative),
 * then one binary search per slot present finds where its run ends. Why not count in pass 1:
 * a `freq[slot]++` per token costs the interpreter a load, an increment and a store, about
 * 15 ms for the 300k tokens of a 1080p photo, against ~5 ms for the native sort of a copy.
 */
function countSymbols(tokens: Int32Array, count: number, freq: Int32Array): void {
  const sorted = tokens.slice(0, count).sort();
  let i = 0, slot = 0, bound = 0, low = 0, high = 0, middle = 0;
  while (i < count) {
    slot = sorted[i] >>> 16;
    bound = (slot + 1) << 16;
    // The first index past i whose token is in a later slot.
    low = i + 1;
    high = count;
    while (low < high) {
      middle = (low + high) >>> 1;
      if (sorted[middle] < bound) low = middle + 1;
      else high = middle;
    }
    freq[slot] += low - i;
    i = low;
  }
}

/** Rejects symbols that baseline Huffman coding cannot express (category > 10 for AC, > 11 for DC). */
function rejectOutOfRange(freq: Int32Array): void {
  for (let base = 0; base < SLOTS; base += 512) {
    for (let s = 12; s < 16; s++) {
      if (freq[base + s]) throw new ImageError('DC coefficient out of range for baseline JPEG');
    }
    for (let s = 0; s < 256; s++) {
      if ((s & 15) > 10 && freq[base + 256 + s]) throw new ImageError('AC coefficient out of range for baseline JPEG');
    }
  }
}

/**
 * Per slot, above 5 bits of total length, the code shifted over its extra
 * bits XOR the slot's own token bits (slot << 16; together under 26 bits):
 * pass 2 reads one table entry per token, not two, and `entry >>> 5 ^ token`
 * cancels the slot and leaves code | extra bits (they are disjoint), one
 * operation instead of masking the token first.
 */
function codeAndLengthTable(lengths: Uint8Array, codes: Int32Array): Int32Array {
  const table = new Int32Array(SLOTS);
  for (let slot = 0; slot < SLOTS; slot++) table[slot] = ((codes[slot] ^ (slot << 16)) << 5) | lengths[slot];
  return table;
}

/**
 * Pass 2: tokens to bits. The bit buffer is a 32-bit local that fills up
 * completely before anything goes out: a token is one shift and OR, and
 * only when the next one would not fit (bits + length > 32) are the whole
 * bytes written, four stores of the top-aligned word at once. Tokens average
 * under 5 bits, so that happens about once per 3 bytes instead of a test per
 * byte. A 0xFF byte must be followed by a stuffed 0x00; it is rare in coded
 * data, so one word test (a zero byte of ~word, the SWAR "has zero byte"
 * trick) sends only those words to the byte-by-byte path. The partial byte
 * below the whole ones is at most 0xFE (its low bits are shifted-in zeros)
 * and is rewritten by the next flush. Capacity is checked once per 256
 * tokens (at most 256 * 25 bits, doubled by stuffing, plus 4 bytes of
 * overhang, fits in the 2048 bytes asked for).
 */
function emitTokens(w: ByteWriter, tokens: Int32Array, count: number, codeAndLength: Int32Array): void {
  let buf = w.buf;
  let pos = w.pos;
  let acc = 0, bits = 0, i = 0, end = 0, token = 0, entry = 0, length = 0, byte = 0, word = 0, inverse = 0;
  while (i < count) {
    end = i + 256 < count ? i + 256 : count;
    if (pos + 2048 > buf.length) {
      w.pos = pos;
      buf = w.ensure(2048);
    }
    for (; i < end; i++) {
      token = tokens[i];
      entry = codeAndLength[token >>> 16];
      length = entry & 31;
      if (bits + length > 32) {
        // Flush the whole bytes (bits >= 8 here, since length <= 25); fewer than 8 bits stay.
        word = acc << (32 - bits);
        inverse = ~word;
        if (((inverse - 0x01010101) & ~inverse & 0x80808080) === 0) {
          buf[pos] = word >>> 24;
          buf[pos + 1] = word >>> 16;
          buf[pos + 2] = word >>> 8;
          buf[pos + 3] = word;
          pos += bits >> 3;
          bits &= 7;
        } else {
          while (bits >= 8) {
            bits -= 8;
            byte = (acc >>> bits) & 255;
            buf[pos++] = byte;
            if (byte === 255) buf[pos++] = 0;
          }
        }
      }
      acc = (acc << length) | ((entry >>> 5) ^ token);
      bits += length;
    }
  }
  w.pos = pos;
  flushBits(w, acc, bits);
}

/** Pass 2 for tables with codes so long that code + extra bits can exceed 25: the two go out separately. */
function emitTokensSplit(w: ByteWriter, tokens: Int32Array, count: number, lengths: Uint8Array, codes: Int32Array): void {
  let buf = w.buf;
  let pos = w.pos;
  let acc = 0, bits = 0, i = 0, end = 0, token = 0, slot = 0, extraBits = 0, length = 0, byte = 0;
  while (i < count) {
    end = i + 256 < count ? i + 256 : count;
    if (pos + 4096 > buf.length) {
      w.pos = pos;
      buf = w.ensure(4096);
    }
    for (; i < end; i++) {
      token = tokens[i];
      slot = token >>> 16;
      extraBits = slot & 15;
      length = lengths[slot] - extraBits;
      acc = (acc << length) | (codes[slot] >>> extraBits);
      bits += length;
      while (bits >= 8) {
        bits -= 8;
        byte = (acc >>> bits) & 255;
        buf[pos++] = byte;
        if (byte === 255) buf[pos++] = 0;
      }
      acc = (acc << extraBits) | (token & 0xffff);
      bits += extraBits;
      while (bits >= 8) {
        bits -= 8;
        byte = (acc >>> bits) & 255;
        buf[pos++] = byte;
        if (byte === 255) buf[pos++] = 0;
      }
    }
  }
  w.pos = pos;
  flushBits(w, acc, bits);
}

/** Writes the bits left in `acc`: whole bytes (stuffed), then the last partial byte padded with 1-bits (T.81 F.1.2.3). */
function flushBits(w: ByteWriter, acc: number, bits: number): void {
  while (bits >= 8) {
    bits -= 8;
    const byte = (acc >>> bits) & 255;
    w.byte(byte);
    if (byte === 255) w.byte(0);
  }
  if (bits === 0) return;
  const byte = ((acc << (8 - bits)) | (0xff >> bits)) & 255;
  w.byte(byte);
  if (byte === 255) w.byte(0);
}
