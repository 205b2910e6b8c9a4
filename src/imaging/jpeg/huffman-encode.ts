/**
 * Huffman tables for encoding: optimal tables built from symbol frequencies
 * (ITU T.81 Annex K.2, as libjpeg's jpeg_gen_optimal_table) and the example
 * tables of Annex K.3, plus the code assignment of Annex C.
 */

/** A table as DHT stores it: counts of codes per length 1..16 and the symbols in code order. */
export interface HuffmanSpec {
  /** bits[len] = number of codes of length len (1..16); bits[0] is unused. */
  readonly bits: Uint8Array;
  readonly values: Uint8Array;
}

/** Code and length per symbol (0..255); length 0 = symbol has no code. */
export interface HuffmanCodes {
  readonly codes: Uint16Array;
  readonly lengths: Uint8Array;
}

/**
 * The optimal length-limited table for symbol counts `freq` (indexes
 * 0..255). Builds the Huffman tree with a reserved pseudo-symbol (so no real
 * code is all 1-bits, which would be confused with fill bits), limits code
 * lengths to 16 by Annex K.2's adjustment, and lists symbols by length.
 *
 * Unlike libjpeg, which scans all 257 slots for the two smallest counts per
 * merge, only symbols that occur are kept in a compact list: tables hold at
 * most 163 live symbols, and every loop iteration is interpreted.
 */
export function optimalHuffmanSpec(freq: ArrayLike<number>): HuffmanSpec {
  // Deepest possible tree: one level per symbol (libjpeg stops at 32, which only exotic counts exceed).
  const MAX_CLEN = 257;
  const symbols: number[] = [];
  const counts: number[] = [];
  for (let s = 0; s < 256; s++) {
    if (freq[s] > 0) {
      symbols.push(s);
      counts.push(freq[s]);
    }
  }
  const symbolsIn = symbols.slice();
  symbols.push(256); // the pseudo-symbol
  counts.push(1);
  const codesize = new Int32Array(257);
  const others = new Int32Array(257).fill(-1);
  let live = symbols.length;
  while (live > 1) {
    // The two smallest counts; on ties the later entry, like libjpeg's "<=".
    let i1 = -1, i2 = -1, v1 = Infinity, v2 = Infinity;
    for (let i = 0; i < live; i++) {
      const v = counts[i];
      if (v <= v1) {
        i2 = i1; v2 = v1;
        i1 = i; v1 = v;
      } else if (v <= v2) {
        i2 = i; v2 = v;
      }
    }
    let c1 = symbols[i1];
    let c2 = symbols[i2];
    counts[i1] = v1 + v2;
    // Drop c2's subtree root from the live list (it is now part of c1's) by moving the last entry into its slot.
    live--;
    symbols[i2] = symbols[live];
    counts[i2] = counts[live];
    codesize[c1]++;
    while (others[c1] >= 0) {
      c1 = others[c1];
      codesize[c1]++;
    }
    others[c1] = c2;
    codesize[c2]++;
    while (others[c2] >= 0) {
      c2 = others[c2];
      codesize[c2]++;
    }
  }
  const bits = new Int32Array(MAX_CLEN + 1);
  for (let s = 0; s <= 256; s++) {
    if (codesize[s]) bits[codesize[s]]++;
  }
  // Annex K.2 (Figure K.3): move pairs of over-long codes up until none exceed 16 bits.
  for (let i = MAX_CLEN; i > 16; i--) {
    while (bits[i] > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i] -= 2;
      bits[i - 1]++;
      bits[j + 1] += 2;
      bits[j]--;
    }
  }
  // Remove the pseudo-symbol's code: it is one of the longest.
  let longest = 16;
  while (bits[longest] === 0) longest--;
  bits[longest]--;
  // Symbols by tree depth, then by value (the order libjpeg lists them in); the adjusted counts above
  // hand out the lengths in this order.
  const values = symbolsIn.sort((a, b) => codesize[a] - codesize[b] || a - b);
  return { bits: Uint8Array.from(bits.subarray(0, 17)), values: Uint8Array.from(values) };
}

/** Annex C.2: canonical codes in order of increasing length. */
export function huffmanCodes(spec: HuffmanSpec): HuffmanCodes {
  const codes = new Uint16Array(256);
  const lengths = new Uint8Array(256);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < spec.bits[len]; i++, k++, code++) {
      codes[spec.values[k]] = code;
      lengths[spec.values[k]] = len;
    }
    code <<= 1;
  }
  return { codes, lengths };
}

function spec(counts: number[], values: number[]): HuffmanSpec {
  return { bits: Uint8Array.from([0, ...counts]), values: Uint8Array.from(values) };
}

/** Annex K.3 Table K.3: luminance DC. */
export const STD_DC_LUMINANCE = spec([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

/** Annex K.3 Table K.4: chrominance DC. */
export const STD_DC_CHROMINANCE = spec([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

/** Annex K.3 Table K.5: luminance AC. */
export const STD_AC_LUMINANCE = spec([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d], [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
  0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
  0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
  0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
  0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
  0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
  0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
  0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
  0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
]);

/** Annex K.3 Table K.6: chrominance AC. */
export const STD_AC_CHROMINANCE = spec([0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], [
  0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
  0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
  0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
  0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
  0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
  0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
  0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
  0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
  0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
  0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
  0xf9, 0xfa,
]);
