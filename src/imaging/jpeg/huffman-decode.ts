import { ImageError } from '../errors.js';
import type { HuffmanSpec } from './markers.js';

/**
 * Huffman decoding tables. The decoder peeks LOOKAHEAD bits and resolves
 * almost every code with one table load; only codes longer than that take
 * the slow path (a short loop over code lengths, as in libjpeg's jdhuff.c).
 */
export const LOOKAHEAD = 10;
export const LOOKAHEAD_MASK = (1 << LOOKAHEAD) - 1;

/**
 * The EOB symbol in a baseline "fast AC" entry: a run this long pushes the
 * coefficient index past 64 so the block loop ends without a separate test
 * for end-of-block, and k >= 81 afterwards tells an EOB from a run that
 * overflowed the block (which ends at most at 79).
 */
export const EOB_RUN = 80;

export interface HuffmanTable {
  /** Indexed by the next LOOKAHEAD bits: (code length << 8) | symbol, or 0 when the code is longer. */
  readonly lookup: Int32Array;
  /** Per code length 0-17: one past the last code of that length, left-aligned to 16 bits (17: sentinel). */
  readonly limit: Int32Array;
  /** Per code length: index of a code's symbol = (16-bit peek >> (16 - length)) + offset[length]. */
  readonly offset: Int32Array;
  readonly symbols: Uint8Array;
  /** Lazily built "fast AC" tables (see fastAcTable) and the skip table (see skipAcTable). */
  sequentialAc?: Int32Array;
  progressiveAc?: Int32Array;
  skipAc?: Int32Array;
}

/**
 * Tables by content, kept from one job to the next: most encoders write the
 * same few (libjpeg's defaults from Annex K), and the derived tables (fast
 * AC, skip; dc-only-decode.ts keys its whole-block tables, filled as blocks
 * are met, by these objects) cost a few milliseconds per job to rebuild in
 * the interpreter and ~0.6 MB of allocation. A file with unusual tables adds its own; past
 * CACHED_TABLES distinct ones the cache starts over, which bounds what it holds.
 */
const CACHED_TABLES = 16;
const cache = new Map<string, HuffmanTable>();

export function huffmanTable(spec: HuffmanSpec): HuffmanTable {
  // Counts and symbols are bytes: one char each, joined natively.
  const key = String.fromCharCode.apply(null, spec.counts as unknown as number[])
    + String.fromCharCode.apply(null, spec.symbols as unknown as number[]);
  let table = cache.get(key);
  if (!table) {
    table = buildTable(spec);
    if (cache.size >= CACHED_TABLES) cache.clear();
    cache.set(key, table);
  }
  return table;
}

function buildTable(spec: HuffmanSpec): HuffmanTable {
  const { counts, symbols } = spec;
  const lookup = new Int32Array(1 << LOOKAHEAD);
  const limit = new Int32Array(18);
  const offset = new Int32Array(18);
  let code = 0;
  let index = 0;
  for (let length = 1; length <= 16; length++) {
    const n = counts[length - 1];
    offset[length] = index - code;
    for (let i = 0; i < n; i++, code++, index++) {
      if (length <= LOOKAHEAD) {
        // Every LOOKAHEAD-bit window that starts with this code resolves to it.
        const shift = LOOKAHEAD - length;
        lookup.fill((length << 8) | symbols[index], code << shift, (code + 1) << shift);
      }
    }
    // Codes must fit in their length, and none may be all ones (libjpeg's JERR_BAD_HUFF_TABLE).
    if (n > 0 && code >= 1 << length) throw new ImageError('JPEG is corrupt: invalid Huffman table');
    limit[length] = code << (16 - length);
    code <<= 1;
  }
  limit[17] = 0x7fffffff;
  return { lookup, limit, offset, symbols };
}

/**
 * A code longer than LOOKAHEAD bits, from the next 16 bits: (length << 8) |
 * symbol, or -1 for a bit pattern that is no code of this table.
 */
export function decodeLong(table: HuffmanTable, peek16: number): number {
  const { limit } = table;
  let length = LOOKAHEAD + 1;
  while (peek16 >= limit[length]) length++;
  if (length > 16) return -1;
  return (length << 8) | table.symbols[(peek16 >> (16 - length)) + table.offset[length]];
}

/**
 * stb_image's "fast AC" table: for every LOOKAHEAD-bit window whose AC code
 * and magnitude bits both fit in it, (value << 16) | (advance << 8) | total
 * bits, so the common coefficient costs one load instead of a code lookup, a
 * bit read and a sign extension. `advance` is the run plus one, the step from
 * one coefficient's zigzag position to the position after the next one: the
 * block loop adds it and stores through the zigzag table shifted by one, with
 * no separate increment per coefficient. ZRL is an entry too (advance 16,
 * value 0: the caller writes a harmless zero). `withEob` adds EOB as a run of EOB_RUN,
 * which only sequential scans can use (a progressive band must not write
 * outside itself). 0 means "take the general path".
 */
export function fastAcTable(table: HuffmanTable, withEob: boolean): Int32Array {
  const cached = withEob ? table.sequentialAc : table.progressiveAc;
  if (cached) return cached;
  const fast = new Int32Array(1 << LOOKAHEAD);
  const { lookup } = table;
  for (let i = 0; i < fast.length; i++) {
    const entry = lookup[i];
    if (entry === 0) continue;
    const length = entry >> 8;
    const rs = entry & 255;
    const run = rs >> 4;
    const size = rs & 15;
    if (size === 0) {
      if (run === 15) fast[i] = (16 << 8) | length;
      else if (run === 0 && withEob) fast[i] = ((EOB_RUN + 1) << 8) | length;
      continue;
    }
    if (length + size > LOOKAHEAD) continue;
    const bits = (i >> (LOOKAHEAD - length - size)) & ((1 << size) - 1);
    const value = bits < 1 << (size - 1) ? bits + 1 - (1 << size) : bits;
    fast[i] = (value << 16) | ((run + 1) << 8) | (length + size);
  }
  if (withEob) table.sequentialAc = fast;
  else table.progressiveAc = fast;
  return fast;
}

/** Window of the skip table: one load resolves every whole AC token within these bits. */
export const SKIP_BITS = 12;

/**
 * For sequential AC coefficients that are stepped over, not stored (a scaled
 * decode): per SKIP_BITS-bit window, all the whole tokens (code + magnitude
 * bits, as in the fast AC table) it holds, as (advance' << 16) | (advance << 8)
 * | bits. `advance` is the sum of run + 1 over the coefficient tokens;
 * advance' adds EOB_RUN + 1 when the last token is an EOB, which ends the
 * block loop. Several tokens per load where one fast AC entry gives one,
 * since stepping over a coefficient needs nothing but its length. The caller
 * takes an entry only while k + advance < 64, so no token of the next block
 * is ever consumed. 0: the first token is not in the fast table.
 */
export function skipAcTable(table: HuffmanTable): Int32Array {
  if (table.skipAc) return table.skipAc;
  const fast = fastAcTable(table, true);
  const skip = new Int32Array(1 << SKIP_BITS);
  const mask = (1 << SKIP_BITS) - 1;
  for (let x = 0; x < skip.length; x++) {
    let used = 0, advance = 0, end = 0;
    while (used < SKIP_BITS) {
      const f = fast[((x << used) & mask) >> (SKIP_BITS - LOOKAHEAD)];
      const length = f & 255;
      if (f === 0 || used + length > SKIP_BITS) break;
      used += length;
      const step = (f >> 8) & 255;
      if (step === EOB_RUN + 1) { end = EOB_RUN + 1; break; }
      advance += step;
    }
    if (used > 0) skip[x] = ((advance + end) << 16) | (advance << 8) | used;
  }
  table.skipAc = skip;
  return skip;
}
