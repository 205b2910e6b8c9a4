import { ImageError } from '../errors.js';
import { ZIGZAG_TO_NATURAL } from './coefficients.js';
import {
  decodeLong, EOB_RUN, fastAcTable, LOOKAHEAD, LOOKAHEAD_MASK, SKIP_BITS, skipAcTable, type HuffmanTable,
} from './huffman-decode.js';

/**
 * The entropy decoding loops, one per kind of scan. They run once per code
 * in an interpreter without a JIT, so they are written for bytecode count:
 * the bit buffer, its bit count and the read position are locals (an object
 * field costs a property lookup per access); the bit reader is inlined, not
 * called; the common AC coefficient is one "fast AC" table load; the scan's
 * data is already unstuffed (see scan-data.ts), so a refill is two plain
 * byte loads; and a block costs at most one call, only for codes longer than
 * LOOKAHEAD bits.
 *
 * Bit reader invariant: the low `bits` bits of `buf` are the next bits of
 * the stream (bits above them are stale and always masked off). A refill
 * when fewer than 16 remain adds 16, so a LOOKAHEAD- or 16-bit peek is
 * always possible right after one.
 */

export interface ScanInput {
  /** Every plane's coefficients, blocks of 64 in natural order (or of 8 in the lowOnly layout: see decodeScans). */
  readonly coef: Int16Array;
  /** Per block (coefficient offset >> blockShift): one past the last zigzag position that may be non-zero. */
  readonly ext: Uint8Array;
  /** log2 of the coefficients stored per block: 6, or 3 for lowOnly planes. */
  readonly blockShift: number;
  /** The unstuffed entropy-coded data and where each restart interval starts in it. */
  readonly data: Uint8Array;
  readonly segments: Int32Array;
  /** Coefficient offset of each block in coding order, and its component's index in the scan. */
  readonly offsets: Int32Array;
  readonly comps: Uint8Array;
  /** Blocks per restart interval (0: no restart markers). */
  readonly restartBlocks: number;
  /** The file ended inside this scan. */
  readonly cutShort: boolean;
  /** Sequential scans: zigzag positions from here on are stepped over, not stored (see decodeScans). */
  readonly keep: number;
  /** Sequential scans: where each zigzag position is stored in its block (NATURAL_ORDER or LOW_2X2_ORDER). */
  readonly order: StorageOrder;
}

/** Zigzag position -> slot in the block (`zz`), and the same shifted by one (`zzAfter`, see ZZ_AFTER). */
export interface StorageOrder {
  readonly zz: Int32Array;
  readonly zzAfter: Int32Array;
}

// Blocks decoded between checks that the data has not run out: often enough
// that a truncated file fails fast, rarely enough to cost nothing.
const CHUNK = 256;

/**
 * Zigzag -> natural order, extended to every index a block loop can reach:
 * an EOB "run" (EOB_RUN past the last coefficient) or, in corrupt data, a
 * run past 63. Those all land on slot 63, which still holds 0 when they are
 * written (the caller then ends the block, or rejects it).
 */
const ZZ = new Int32Array(64 + EOB_RUN + 16).fill(63);
ZZ.set(ZIGZAG_TO_NATURAL.subarray(0, 64));

/**
 * ZZ shifted by one: ZZ_AFTER[k] = ZZ[k - 1]. The fast AC loops keep k at the
 * position after the coefficient just stored, so one add of the fast entry's
 * advance (run + 1) both moves to the coefficient and past it.
 */
const ZZ_AFTER = new Int32Array(ZZ.length + 1).fill(63);
ZZ_AFTER.set(ZZ, 1);

export const NATURAL_ORDER: StorageOrder = { zz: ZZ, zzAfter: ZZ_AFTER };

/**
 * The lowOnly layout (see CoefficientPlane): zigzag positions 1, 2 and 4 are
 * (0,1), (1,0), (1,1), stored in slots 1-3; everything else a block loop can
 * write (position 3 and whatever a run carries past `keep`) lands in slot 7,
 * which nothing reads.
 */
const LOW_ZZ = new Int32Array(ZZ.length).fill(7);
LOW_ZZ.set([0, 1, 2, 7, 3]);
const LOW_ZZ_AFTER = new Int32Array(ZZ_AFTER.length).fill(7);
LOW_ZZ_AFTER.set(LOW_ZZ, 1);
export const LOW_2X2_ORDER: StorageOrder = { zz: LOW_ZZ, zzAfter: LOW_ZZ_AFTER };

const badCode = () => new ImageError('JPEG is corrupt: invalid Huffman code');

function overrun(input: ScanInput): ImageError {
  return new ImageError(input.cutShort ? 'JPEG is truncated' : 'JPEG is corrupt: scan data ends too early');
}

/** Sequential (baseline / extended) scan: DC difference then run-length coded AC, per block. */
export function decodeSequential(input: ScanInput, dcTables: readonly HuffmanTable[], acTables: readonly HuffmanTable[]): void {
  const { coef, ext, data, segments, offsets, comps } = input;
  const total = offsets.length;
  const perSegment = input.restartBlocks || total;
  const dcLookups = dcTables.map((t) => t.lookup);
  const acLookups = acTables.map((t) => t.lookup);
  const acFasts = acTables.map((t) => fastAcTable(t, true));
  const acSkips = input.keep < 64 ? acTables.map((t) => skipAcTable(t)) : acFasts;
  const skipMask = (1 << SKIP_BITS) - 1;
  const preds = new Int32Array(dcTables.length);
  const { zz, zzAfter } = input.order;
  const keep = input.keep;
  const blockShift = input.blockShift;
  // Module constants as locals: a module-level binding costs more to read than a local, per code.
  const lookahead = LOOKAHEAD, lookaheadMask = LOOKAHEAD_MASK, skipBits = SKIP_BITS, eobRun = EOB_RUN;
  // Declared once, out here: block-scoped declarations inside the loops cost
  // the interpreter extra operations on every iteration.
  let pos, limit, buf, bits, last, chunk, chunkEnd, i, c, off, e, s, v, k, peek, f, g;
  let lastC = -1;
  let dcLookup = dcLookups[0];
  let fast = acFasts[0];
  let skip = acSkips[0];
  let lookup = acLookups[0];
  for (let segment = 0, first = 0; first < total; segment++, first += perSegment) {
    pos = segments[segment];
    limit = segments[segment + 1] * 8;
    buf = 0;
    bits = 0;
    preds.fill(0);
    last = Math.min(first + perSegment, total);
    for (chunk = first; chunk < last; chunk += CHUNK) {
      chunkEnd = Math.min(chunk + CHUNK, last);
      for (i = chunk; i < chunkEnd; i++) {
        c = comps[i];
        off = offsets[i];
        if (c !== lastC) {
          // Blocks of one component come in runs (an MCU's luma blocks, a whole non-interleaved scan).
          lastC = c;
          dcLookup = dcLookups[c];
          fast = acFasts[c];
          skip = acSkips[c];
          lookup = acLookups[c];
        }
        // DC: a size category, then that many bits of difference.
        if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
        e = dcLookup[(buf >>> (bits - lookahead)) & lookaheadMask];
        if (e === 0 && (e = decodeLong(dcTables[c], (buf >>> (bits - 16)) & 0xffff)) < 0) throw badCode();
        bits -= e >> 8;
        s = e & 255;
        if (s !== 0) {
          if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
          v = (buf >>> (bits - s)) & ((1 << s) - 1);
          bits -= s;
          if (v < 1 << (s - 1)) v += 1 - (1 << s);
          preds[c] += v;
        }
        coef[off] = preds[c];
        // AC
        k = 1;
        while (k < keep) {
          if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
          peek = (buf >>> (bits - lookahead)) & lookaheadMask;
          f = fast[peek];
          if (f !== 0) {
            bits -= f & 255;
            // k ends past the stored coefficient (see ZZ_AFTER): no separate increment.
            coef[off + zzAfter[k += (f >> 8) & 255]] = f >> 16;
            continue;
          }
          e = lookup[peek];
          if (e === 0 && (e = decodeLong(acTables[c], (buf >>> (bits - 16)) & 0xffff)) < 0) throw badCode();
          bits -= e >> 8;
          s = e & 15;
          if (s === 0) {
            // ZRL skips 16 zeros; any other zero-size symbol ends the block (libjpeg reads them as EOB).
            if ((e & 0xf0) === 0xf0) { k += 16; continue; }
            k += eobRun + 1;
            break;
          }
          k += (e >> 4) & 15;
          if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
          v = (buf >>> (bits - s)) & ((1 << s) - 1);
          bits -= s;
          if (v < 1 << (s - 1)) v += 1 - (1 << s);
          coef[off + zz[k]] = v;
          k++;
        }
        // Past `keep`: the same codes, only counted (no zigzag lookup, store or sign extension),
        // several per load through the skip table while they cannot reach the block's end.
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
          if (e === 0 && (e = decodeLong(acTables[c], (buf >>> (bits - 16)) & 0xffff)) < 0) throw badCode();
          bits -= e >> 8;
          s = e & 15;
          if (s === 0) {
            if ((e & 0xf0) === 0xf0) { k += 16; continue; }
            k += eobRun + 1;
            break;
          }
          k += ((e >> 4) & 15) + 1;
          if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
          bits -= s;
        }
        if (k === 64) ext[off >> blockShift] = 64;
        else if (k > eobRun) ext[off >> blockShift] = k - eobRun - 1;
        else throw new ImageError('JPEG is corrupt: more than 64 coefficients in a block');
      }
      if (pos * 8 - bits > limit) throw overrun(input);
    }
  }
}

/** Progressive DC scan, first pass: the DC difference, scaled up by Al. */
export function decodeDcFirst(input: ScanInput, dcTables: readonly HuffmanTable[], al: number): void {
  const { coef, data, segments, offsets, comps } = input;
  const total = offsets.length;
  const perSegment = input.restartBlocks || total;
  const dcLookups = dcTables.map((t) => t.lookup);
  const preds = new Int32Array(dcTables.length);
  let pos, limit, buf, bits, last, chunk, chunkEnd, i, c, e, s, v;
  for (let segment = 0, first = 0; first < total; segment++, first += perSegment) {
    pos = segments[segment];
    limit = segments[segment + 1] * 8;
    buf = 0;
    bits = 0;
    preds.fill(0);
    last = Math.min(first + perSegment, total);
    for (chunk = first; chunk < last; chunk += CHUNK) {
      chunkEnd = Math.min(chunk + CHUNK, last);
      for (i = chunk; i < chunkEnd; i++) {
        c = comps[i];
        if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
        e = dcLookups[c][(buf >>> (bits - LOOKAHEAD)) & LOOKAHEAD_MASK];
        if (e === 0 && (e = decodeLong(dcTables[c], (buf >>> (bits - 16)) & 0xffff)) < 0) throw badCode();
        bits -= e >> 8;
        s = e & 255;
        if (s !== 0) {
          if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
          v = (buf >>> (bits - s)) & ((1 << s) - 1);
          bits -= s;
          if (v < 1 << (s - 1)) v += 1 - (1 << s);
          preds[c] += v;
        }
        coef[offsets[i]] = preds[c] << al;
      }
      if (pos * 8 - bits > limit) throw overrun(input);
    }
  }
}

/** Progressive DC scan, refinement: one more bit of each DC. */
export function decodeDcRefine(input: ScanInput, al: number): void {
  const { coef, data, segments, offsets } = input;
  const total = offsets.length;
  const perSegment = input.restartBlocks || total;
  const bit = 1 << al;
  let pos, limit, buf, bits, last, i;
  for (let segment = 0, first = 0; first < total; segment++, first += perSegment) {
    pos = segments[segment];
    limit = segments[segment + 1] * 8;
    buf = 0;
    bits = 0;
    last = Math.min(first + perSegment, total);
    for (i = first; i < last; i++) {
      if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
      bits--;
      if ((buf >>> bits) & 1) coef[offsets[i]] |= bit;
    }
    if (pos * 8 - bits > limit) throw overrun(input);
  }
}

/** Progressive AC scan, first pass (one component): coefficients Ss..Se scaled by Al, with runs of empty blocks (EOBRUN). */
export function decodeAcFirst(input: ScanInput, table: HuffmanTable, ss: number, se: number, al: number): void {
  const { coef, ext, data, segments, offsets } = input;
  const total = offsets.length;
  const perSegment = input.restartBlocks || total;
  const lookup = table.lookup;
  const fast = fastAcTable(table, false);
  const zz = ZZ;
  const zzAfter = ZZ_AFTER;
  let pos, limit, buf, bits, eobrun, last, chunk, chunkEnd, i, off, k, peek, f, e, s, r, v, b;
  for (let segment = 0, first = 0; first < total; segment++, first += perSegment) {
    pos = segments[segment];
    limit = segments[segment + 1] * 8;
    buf = 0;
    bits = 0;
    eobrun = 0;
    last = Math.min(first + perSegment, total);
    for (chunk = first; chunk < last; chunk += CHUNK) {
      chunkEnd = Math.min(chunk + CHUNK, last);
      for (i = chunk; i < chunkEnd; i++) {
        if (eobrun > 0) { eobrun--; continue; }
        off = offsets[i];
        k = ss;
        do {
          if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
          peek = (buf >>> (bits - LOOKAHEAD)) & LOOKAHEAD_MASK;
          f = fast[peek];
          if (f !== 0) {
            bits -= f & 255;
            coef[off + zzAfter[k += (f >> 8) & 255]] = (f >> 16) << al;
            continue;
          }
          e = lookup[peek];
          if (e === 0 && (e = decodeLong(table, (buf >>> (bits - 16)) & 0xffff)) < 0) throw badCode();
          bits -= e >> 8;
          s = e & 15;
          r = (e >> 4) & 15;
          if (s === 0) {
            if (r === 15) { k += 16; continue; }
            // EOBn: this block and 2^r - 1 + (r more bits) following ones are done.
            eobrun = (1 << r) - 1;
            if (r !== 0) {
              if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
              bits -= r;
              eobrun += (buf >>> bits) & ((1 << r) - 1);
            }
            break;
          }
          k += r;
          if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
          v = (buf >>> (bits - s)) & ((1 << s) - 1);
          bits -= s;
          if (v < 1 << (s - 1)) v += 1 - (1 << s);
          coef[off + zz[k]] = v << al;
          k++;
        } while (k <= se);
        if (k > se + 1) throw new ImageError('JPEG is corrupt: coefficient run past the end of its band');
        b = off >> 6;
        if (k > ext[b]) ext[b] = k;
      }
      if (pos * 8 - bits > limit) throw overrun(input);
    }
  }
}

/**
 * Progressive AC scan, refinement (one component): a correction bit for
 * every coefficient already non-zero, and new coefficients of +-1 << Al.
 * Positions at or past the block's extent are known to be zero, so runs
 * there are skipped without looking and blocks inside an EOB run only visit
 * their non-zero span.
 */
export function decodeAcRefine(input: ScanInput, table: HuffmanTable, ss: number, se: number, al: number): void {
  const { coef, ext, data, segments, offsets } = input;
  const total = offsets.length;
  const perSegment = input.restartBlocks || total;
  const lookup = table.lookup;
  const zz = ZZ;
  const p1 = 1 << al;
  const m1 = -1 << al;
  let pos, limit, buf, bits, eobrun, last, chunk, chunkEnd, i, off, b, extent, k, e, r, value, z, current, end;
  for (let segment = 0, first = 0; first < total; segment++, first += perSegment) {
    pos = segments[segment];
    limit = segments[segment + 1] * 8;
    buf = 0;
    bits = 0;
    eobrun = 0;
    last = Math.min(first + perSegment, total);
    for (chunk = first; chunk < last; chunk += CHUNK) {
      chunkEnd = Math.min(chunk + CHUNK, last);
      for (i = chunk; i < chunkEnd; i++) {
        off = offsets[i];
        b = off >> 6;
        extent = ext[b];
        k = ss;
        if (eobrun === 0) {
          while (k <= se) {
            if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
            e = lookup[(buf >>> (bits - LOOKAHEAD)) & LOOKAHEAD_MASK];
            if (e === 0 && (e = decodeLong(table, (buf >>> (bits - 16)) & 0xffff)) < 0) throw badCode();
            bits -= e >> 8;
            r = (e >> 4) & 15;
            value = 0;
            if ((e & 15) !== 0) {
              if ((e & 15) !== 1) throw new ImageError('JPEG is corrupt: invalid refinement coefficient');
              if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
              bits--;
              value = (buf >>> bits) & 1 ? p1 : m1;
            } else if (r !== 15) {
              eobrun = 1 << r;
              if (r !== 0) {
                if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
                bits -= r;
                eobrun += (buf >>> bits) & ((1 << r) - 1);
              }
              break;
            }
            // Skip r zero-history coefficients (refining the non-zero ones passed on the way);
            // the new coefficient, if any, goes into the zero after them.
            while (k <= se) {
              if (k >= extent) { k += r; break; }
              z = off + zz[k];
              current = coef[z];
              if (current !== 0) {
                if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
                bits--;
                if ((buf >>> bits) & 1 && (current & p1) === 0) coef[z] = current >= 0 ? current + p1 : current + m1;
              } else {
                if (r === 0) break;
                r--;
              }
              k++;
            }
            if (value !== 0) {
              if (k > se) throw new ImageError('JPEG is corrupt: coefficient run past the end of its band');
              coef[off + zz[k]] = value;
              if (k >= extent) extent = k + 1;
            }
            k++;
          }
        }
        if (eobrun > 0) {
          end = extent <= se ? extent - 1 : se;
          for (; k <= end; k++) {
            z = off + zz[k];
            current = coef[z];
            if (current !== 0) {
              if (bits < 16) { buf = (buf << 16) | (data[pos] << 8) | data[pos + 1]; pos += 2; bits += 16; }
              bits--;
              if ((buf >>> bits) & 1 && (current & p1) === 0) coef[z] = current >= 0 ? current + p1 : current + m1;
            }
          }
          eobrun--;
        }
        ext[b] = extent;
      }
      if (pos * 8 - bits > limit) throw overrun(input);
    }
  }
}
