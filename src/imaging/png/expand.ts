import type { PngHeader } from './header.js';

// Conversion of unfiltered PNG rows to 8-bit RGBA, written as one 32-bit word
// per pixel (a typed-array store costs as much as several arithmetic bytecodes
// in the interpreter, so one store per pixel instead of four matters). Words
// are composed little-endian (R in the low byte), as wasm and every platform
// this runs on are; decode.ts falls back to bytes elsewhere.
//
// Per-image lookup tables turn a sample into its finished RGBA word (gray
// levels and palette entries, with the tRNS transparency folded in), so most
// layouts cost one table load and one store per pixel.

/**
 * Writes `width` pixels of one row, read from src[s...], to out[o], out[o + step], ...
 * `s` is 4-aligned and `srcWords` views the same buffer as `src` from byte 0,
 * so rows can be read a word (several samples) at a time.
 */
export type RowExpander = (src: Uint8Array, srcWords: Int32Array, s: number, width: number, out: Int32Array, o: number, step: number) => void;

const OPAQUE = -16777216; // 0xff000000 | 0: alpha 255 in the high byte

/** Scales a 16-bit sample to 8 bits as round(v / 257). */
function to8(v: number): number {
  return ((v + 128) / 257) | 0;
}

function grayLut(bitDepth: number, trns: Uint8Array | undefined): Int32Array {
  const levels = 1 << bitDepth;
  const lut = new Int32Array(levels);
  for (let v = 0; v < levels; v++) lut[v] = (((v * 255) / (levels - 1)) | 0) * 0x10101 | OPAQUE;
  // tRNS on gray names one sample value (in the file's depth) that is fully transparent.
  if (trns && trns.length >= 2) {
    const key = (trns[0] << 8) | trns[1];
    if (key < levels) lut[key] &= 0xffffff;
  }
  return lut;
}

function paletteLut(plte: Uint8Array, trns: Uint8Array | undefined): Int32Array {
  const lut = new Int32Array(256).fill(-1); // entries past the palette: opaque white, as before
  const n = Math.min(256, Math.floor(plte.length / 3));
  for (let i = 0; i < n; i++) lut[i] = plte[i * 3] | (plte[i * 3 + 1] << 8) | (plte[i * 3 + 2] << 16) | OPAQUE;
  if (trns) for (let i = 0; i < trns.length && i < 256; i++) lut[i] = (lut[i] & 0xffffff) | (trns[i] << 24);
  return lut;
}

/** 8-bit samples through a table (gray or palette), four per word read. */
function lut8(lut: Int32Array): RowExpander {
  return (src, sw, s, width, out, o, step) => {
    const t = lut;
    const quads = width >> 2;
    for (let k = s >> 2, end = (s >> 2) + quads; k < end; k++) {
      const v = sw[k];
      out[o] = t[v & 255];
      out[o + step] = t[(v >>> 8) & 255];
      out[o + 2 * step] = t[(v >>> 16) & 255];
      out[o + 3 * step] = t[v >>> 24];
      o += 4 * step;
    }
    for (let i = s + (quads << 2), end = s + width; i < end; i++, o += step) out[o] = t[src[i]];
  };
}

/** 1, 2 or 4-bit samples through a table (gray or palette). */
function lutSubByte(lut: Int32Array, bitDepth: number): RowExpander {
  const perByte = 8 / bitDepth;
  const mask = (1 << bitDepth) - 1;
  return (src, _sw, s, width, out, o, step) => {
    const t = lut;
    let x = 0;
    for (let i = s; x < width; i++) {
      const byte = src[i];
      for (let shift = 8 - bitDepth, k = 0; k < perByte && x < width; k++, x++, shift -= bitDepth, o += step) {
        out[o] = t[(byte >> shift) & mask];
      }
    }
  };
}

/** 8-bit gray + alpha: two pixels per word read. */
const grayAlpha8: RowExpander = (src, sw, s, width, out, o, step) => {
  const pairs = width >> 1;
  for (let k = s >> 2, end = (s >> 2) + pairs; k < end; k++) {
    const v = sw[k];
    out[o] = ((v & 255) * 0x10101) | ((v & 0xff00) << 16);
    out[o + step] = (((v >>> 16) & 255) * 0x10101) | (v & OPAQUE);
    o += 2 * step;
  }
  if (width & 1) {
    const i = s + 4 * pairs;
    out[o] = (src[i] * 0x10101) | (src[i + 1] << 24);
  }
};

/** 8-bit RGB without a transparency key: four pixels from three words read. */
const rgb8: RowExpander = (src, sw, s, width, out, o, step) => {
  const quads = width >> 2;
  for (let k = s >> 2, end = (s >> 2) + 3 * quads; k < end; k += 3) {
    const w0 = sw[k];
    const w1 = sw[k + 1];
    const w2 = sw[k + 2];
    out[o] = (w0 & 0xffffff) | OPAQUE;
    out[o + step] = (w0 >>> 24) | ((w1 & 0xffff) << 8) | OPAQUE;
    out[o + 2 * step] = (w1 >>> 16) | ((w2 & 0xff) << 16) | OPAQUE;
    out[o + 3 * step] = (w2 >>> 8) | OPAQUE;
    o += 4 * step;
  }
  for (let i = s + 12 * quads, end = s + 3 * width; i < end; i += 3, o += step) {
    out[o] = src[i] | (src[i + 1] << 8) | (src[i + 2] << 16) | OPAQUE;
  }
};

/** 8-bit RGB with a tRNS colour key (the key is compared at full 16-bit value, as the file stores it). */
function rgb8Keyed(trns: Uint8Array): RowExpander {
  const keyR = (trns[0] << 8) | trns[1];
  const keyG = (trns[2] << 8) | trns[3];
  const keyB = (trns[4] << 8) | trns[5];
  return (src, _sw, s, width, out, o, step) => {
    for (let i = s, end = s + 3 * width; i < end; i += 3, o += step) {
      const r = src[i], g = src[i + 1], b = src[i + 2];
      out[o] = r | (g << 8) | (b << 16) | (r === keyR && g === keyG && b === keyB ? 0 : OPAQUE);
    }
  };
}

/** 8-bit RGBA (interlaced passes; whole images are unfiltered in place). */
const rgba8: RowExpander = (_src, sw, s, width, out, o, step) => {
  for (let k = s >> 2, end = (s >> 2) + width; k < end; k++, o += step) out[o] = sw[k];
};

/** 16-bit samples: round(v / 257) to 8 bits; a transparency key compares the full 16-bit value. */
function sixteen(colorType: number, trns: Uint8Array | undefined): RowExpander {
  const key0 = trns && trns.length >= 2 ? (trns[0] << 8) | trns[1] : -1;
  const key1 = trns && trns.length >= 6 ? (trns[2] << 8) | trns[3] : -1;
  const key2 = trns && trns.length >= 6 ? (trns[4] << 8) | trns[5] : -1;
  switch (colorType) {
    case 0:
      return (src, _sw, s, width, out, o, step) => {
        for (let i = s, end = s + 2 * width; i < end; i += 2, o += step) {
          const v = (src[i] << 8) | src[i + 1];
          out[o] = to8(v) * 0x10101 | (v === key0 ? 0 : OPAQUE);
        }
      };
    case 4:
      return (src, _sw, s, width, out, o, step) => {
        for (let i = s, end = s + 4 * width; i < end; i += 4, o += step) {
          out[o] = to8((src[i] << 8) | src[i + 1]) * 0x10101 | (to8((src[i + 2] << 8) | src[i + 3]) << 24);
        }
      };
    case 2:
      return (src, _sw, s, width, out, o, step) => {
        for (let i = s, end = s + 6 * width; i < end; i += 6, o += step) {
          const r = (src[i] << 8) | src[i + 1], g = (src[i + 2] << 8) | src[i + 3], b = (src[i + 4] << 8) | src[i + 5];
          out[o] = to8(r) | (to8(g) << 8) | (to8(b) << 16) | (r === key0 && g === key1 && b === key2 ? 0 : OPAQUE);
        }
      };
    default:
      return (src, _sw, s, width, out, o, step) => {
        for (let i = s, end = s + 8 * width; i < end; i += 8, o += step) {
          out[o] = to8((src[i] << 8) | src[i + 1]) | (to8((src[i + 2] << 8) | src[i + 3]) << 8) |
            (to8((src[i + 4] << 8) | src[i + 5]) << 16) | (to8((src[i + 6] << 8) | src[i + 7]) << 24);
        }
      };
  }
}

/** Picks the row converter for an image's colour type and bit depth. */
export function rowExpander(header: PngHeader, plte: Uint8Array | undefined, trns: Uint8Array | undefined): RowExpander {
  const { bitDepth, colorType } = header;
  if (bitDepth === 16) return sixteen(colorType, trns);
  switch (colorType) {
    case 0: {
      const lut = grayLut(bitDepth, trns);
      return bitDepth === 8 ? lut8(lut) : lutSubByte(lut, bitDepth);
    }
    case 3: {
      const lut = paletteLut(plte!, trns);
      return bitDepth === 8 ? lut8(lut) : lutSubByte(lut, bitDepth);
    }
    case 2: return trns && trns.length >= 6 ? rgb8Keyed(trns) : rgb8;
    case 4: return grayAlpha8;
    default: return rgba8;
  }
}
