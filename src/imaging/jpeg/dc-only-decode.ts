import { ImageError } from '../errors.js';
import {
  decodeLong, EOB_RUN, fastAcTable, LOOKAHEAD, LOOKAHEAD_MASK, SKIP_BITS, skipAcTable, type HuffmanTable,
} from './huffman-decode.js';
import type { McuGrid } from './mcu-grid.js';

/**
 * A sequential scan decoded for its DC values alone (a 1/8 decode): each
 * block's DC difference is read and every AC code after it merely stepped
 * over. Nearly all the time is per-block overhead (a 12 MP photo at normal
 * quality spends ~13 bits per block, and half its blocks are a DC and a lone
 * EOB), so the common block is one table load: see wholeBlockTable. The loops follow
 * scan-decode.ts (locals for the bit reader, inlined refills, unstuffed
 * data) and walk the MCU grid directly, with no per-block offset array.
 */

/** Bits of the window a whole-block entry may span. */
const WHOLE_BITS = 16;

/** The tables by DC table, then AC table; at most MAX_WHOLE_TABLES in all (2 MB). */
const MAX_WHOLE_TABLES = 8;
const wholeTables = new Map<HuffmanTable, Map<HuffmanTable, Int32Array>>();
let wholeTableCount = 0;

/**
 * For a (DC table, AC table) pair, indexed by the next 16 bits of a block:
 * (DC difference << 5) | bits, when the block's DC code, DC bits and every
 * AC code and magnitude up to its end (EOB, or the 63rd coefficient) all lie
 * within those 16 bits; 0 when not known. Filled lazily by the decoder, one
 * native fill per distinct short block (the entry holds for every window
 * that starts with that block's bits): a photo has a few hundred such
 * blocks per table pair, where filling all 65536 entries up front would
 * cost more than decoding the scan. A 12 MP photo: 82% of its blocks are
 * one load.
 */
function wholeBlockTable(dc: HuffmanTable, ac: HuffmanTable): Int32Array {
  let byAc = wholeTables.get(dc);
  let table = byAc?.get(ac);
  if (table) return table;
  // Kept from job to job like the Huffman tables themselves (huffman-decode.ts
  // shares those by content); past the bound, all start over.
  if (wholeTableCount >= MAX_WHOLE_TABLES) {
    wholeTables.clear();
    wholeTableCount = 0;
    byAc = undefined;
  }
  if (!byAc) wholeTables.set(dc, (byAc = new Map()));
  byAc.set(ac, (table = new Int32Array(1 << WHOLE_BITS)));
  wholeTableCount++;
  return table;
}

export interface DcOnlyInput {
  /** One DC per block, at the offsets the grid gives. */
  readonly coef: Int16Array;
  readonly grid: McuGrid;
  /** The unstuffed entropy-coded data and where each restart interval starts in it. */
  readonly data: Uint8Array;
  readonly segments: Int32Array;
  /** MCUs per restart interval (0: no restart markers). */
  readonly restartMcus: number;
  /** The file ended inside this scan. */
  readonly cutShort: boolean;
}

// MCUs decoded between checks that the data has not run out (scan-decode.ts's CHUNK, in MCUs).
const CHUNK = 64;

const BAD_CODE = 'JPEG is corrupt: invalid Huffman code';
const TOO_LONG = 'JPEG is corrupt: more than 64 coefficients in a block';

/** Sequential scan, DC values only (see above); the errors decodeSequential gives for the same data (see dataError). */
export function decodeDcOnly(input: DcOnlyInput, dcTables: readonly HuffmanTable[], acTables: readonly HuffmanTable[]): void {
  const { coef, data, segments, grid } = input;
  const { mcusX, blocksPerMcu, first, along, down, comps } = grid;
  const totalMcus = mcusX * grid.mcusY;
  const perSegment = input.restartMcus || totalMcus;
  // Per block of the MCU pattern, so the loop indexes by the block's slot and never by its component.
  const wholes = Array.from(comps, (c) => wholeBlockTable(dcTables[c], acTables[c]));
  const dcLookups = dcTables.map((t) => t.lookup);
  const acLookups = acTables.map((t) => t.lookup);
  const acFasts = acTables.map((t) => fastAcTable(t, true));
  const acSkips = acTables.map((t) => skipAcTable(t));
  const preds = new Int32Array(dcTables.length);
  // Each pattern block's offset in the current MCU.
  const next = new Int32Array(blocksPerMcu);
  const skipMask = (1 << SKIP_BITS) - 1;
  const lookahead = LOOKAHEAD, lookaheadMask = LOOKAHEAD_MASK, skipBits = SKIP_BITS, eobRun = EOB_RUN;
  const wholeBits = WHOLE_BITS, wholeMask = (1 << WHOLE_BITS) - 1;
  // Declared once, out here: block-scoped declarations inside the loops cost
  // the interpreter extra operations on every iteration.
  let pos, limit, buf, bits, last, chunk, chunkEnd, mcu, mx, my, t, c, off, w, g, e, s, v, k, start, used, peek, f;
  let fast, skip, lookup, table;
  for (let segment = 0, firstMcu = 0; firstMcu < totalMcus; segment++, firstMcu += perSegment) {
    pos = segments[segment];
    limit = segments[segment + 1] * 8;
    buf = 0;
    bits = 0;
    preds.fill(0);
    mx = firstMcu % mcusX;
    my = (firstMcu - mx) / mcusX;
    for (t = 0; t < blocksPerMcu; t++) next[t] = first[t] + my * down[t] + mx * along[t];
    last = Math.min(firstMcu + perSegment, totalMcus);
    for (chunk = firstMcu; chunk < last; chunk += CHUNK) {
      chunkEnd = Math.min(chunk + CHUNK, last);
      for (mcu = chunk; mcu < chunkEnd; mcu++) {
        for (t = 0; t < blocksPerMcu; t++) {
          c = comps[t];
          off = next[t];
          next[t] = off + along[t];
          if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
          w = (buf >>> (bits - wholeBits)) & wholeMask;
          g = wholes[t][w];
          if (g !== 0) {
            // The common block: one load gives its DC difference and its length.
            bits -= g & 31;
            coef[off] = preds[c] += g >> 5;
            continue;
          }
          // Any other block: decoded code by code (as decodeSequential's
          // stepping over), then remembered if it turned out short.
          start = pos * 8 - bits;
          e = dcLookups[c][w >> (wholeBits - lookahead)];
          if (e === 0 && (e = decodeLong(dcTables[c], w)) < 0) throw dataError(input, pos * 8 - bits > limit, BAD_CODE);
          bits -= e >> 8;
          s = e & 255;
          v = 0;
          if (s !== 0) {
            if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
            v = (buf >>> (bits - s)) & ((1 << s) - 1);
            bits -= s;
            if (v < 1 << (s - 1)) v += 1 - (1 << s);
          }
          fast = acFasts[c];
          skip = acSkips[c];
          lookup = acLookups[c];
          table = acTables[c];
          k = 1;
          while (k < 64) {
            if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
            g = skip[(buf >>> (bits - skipBits)) & skipMask];
            if (g !== 0 && k + ((g >> 8) & 255) < 64) {
              bits -= g & 255;
              k += g >> 16;
              continue;
            }
            peek = (buf >>> (bits - lookahead)) & lookaheadMask;
            f = fast[peek];
            if (f !== 0) {
              bits -= f & 255;
              k += (f >> 8) & 255;
              continue;
            }
            e = lookup[peek];
            if (e === 0 && (e = decodeLong(table, (buf >>> (bits - 16)) & 0xffff)) < 0) {
              throw dataError(input, pos * 8 - bits > limit, BAD_CODE);
            }
            bits -= e >> 8;
            s = e & 15;
            if (s === 0) {
              // ZRL skips 16 zeros; any other zero-size symbol ends the block (libjpeg reads them as EOB).
              if ((e & 0xf0) === 0xf0) { k += 16; continue; }
              k += eobRun + 1;
              break;
            }
            k += ((e >> 4) & 15) + 1;
            if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
            bits -= s;
          }
          if (k !== 64 && k <= eobRun) throw dataError(input, pos * 8 - bits > limit, TOO_LONG);
          coef[off] = preds[c] += v;
          used = pos * 8 - bits - start;
          if (used <= wholeBits) {
            // Every window starting with these `used` bits is this block.
            s = wholeBits - used;
            wholes[t].fill((v << 5) | used, (w >> s) << s, ((w >> s) + 1) << s);
          }
        }
        if (++mx === mcusX) {
          mx = 0;
          my++;
          for (t = 0; t < blocksPerMcu; t++) next[t] = first[t] + my * down[t];
        }
      }
      if (pos * 8 - bits > limit) throw overrun(input);
    }
  }
}

/**
 * A code that does not decode: once the data has run out it is the reading
 * past the end that is wrong (decodeSequential, checking every 256 blocks,
 * may name either).
 */
function dataError(input: DcOnlyInput, pastEnd: boolean, message: string): ImageError {
  return pastEnd ? overrun(input) : new ImageError(message);
}

function overrun(input: DcOnlyInput): ImageError {
  return new ImageError(input.cutShort ? 'JPEG is truncated' : 'JPEG is corrupt: scan data ends too early');
}
