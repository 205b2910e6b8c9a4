/**
 * Seeded mutations of valid images, shared by the fuzz test (Node, many
 * cases) and the hostile-input end-to-end test (the built component, a few
 * cases). Everything derives from one PRNG seed, so a failing case can be
 * replayed from its seed and index alone.
 */
import { crc32 } from '../src/imaging/png/crc32.js';

/** mulberry32: tiny, fast, good enough for picking mutations; deterministic for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

/** Widths/heights that probe limits and arithmetic: 0, 1, just over the limits, the field's maximum. */
const HOSTILE_SIZES = [0, 1, 7, 16385, 40_001, 65_535, 65_536, 100_000, 0x7fffffff, 0xffffffff];

const putU16BE = (b: Uint8Array, o: number, v: number) => { b[o] = (v >>> 8) & 255; b[o + 1] = v & 255; };
const putU16LE = (b: Uint8Array, o: number, v: number) => { b[o] = v & 255; b[o + 1] = (v >>> 8) & 255; };
const putU32BE = (b: Uint8Array, o: number, v: number) => { putU16BE(b, o, v >>> 16); putU16BE(b, o + 2, v & 0xffff); };
const putU32LE = (b: Uint8Array, o: number, v: number) => { putU16LE(b, o, v & 0xffff); putU16LE(b, o + 2, v >>> 16); };
const u32BE = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

/** Byte offsets of PNG chunks (their length field) up to IEND, as far as the file is well formed. */
function pngChunks(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  for (let o = 8; o + 12 <= bytes.length; o += 12 + u32BE(bytes, o)) offsets.push(o);
  return offsets;
}

/** Recomputes every chunk CRC, so a mutation gets past the CRC check into the decoder proper. */
export function fixPngCrcs(bytes: Uint8Array): void {
  for (const o of pngChunks(bytes)) {
    const end = o + 8 + u32BE(bytes, o);
    if (end + 4 > bytes.length) break;
    putU32BE(bytes, end, crc32(bytes, o + 4, end));
  }
}

/** Offsets of JPEG marker segments (at the 0xFF) before the first scan's data, plus the SOS itself. */
function jpegSegments(bytes: Uint8Array): number[] {
  const offsets: number[] = [];
  let o = 2;
  while (o + 4 <= bytes.length && bytes[o] === 0xff) {
    offsets.push(o);
    if (bytes[o + 1] === 0xda) break;
    o += 2 + ((bytes[o + 2] << 8) | bytes[o + 3]);
  }
  return offsets;
}

/** Offset of the first GIF image descriptor (0x2C), past the colour table and any extensions; -1 if none. */
export function gifImageDescriptor(bytes: Uint8Array): number {
  let o = 13 + (bytes[10] & 0x80 ? 3 << ((bytes[10] & 7) + 1) : 0);
  while (o < bytes.length && bytes[o] === 0x21) {
    o += 2;
    while (o < bytes.length && bytes[o] !== 0) o += bytes[o] + 1;
    o++;
  }
  return o + 10 <= bytes.length && bytes[o] === 0x2c ? o : -1;
}

function formatOf(bytes: Uint8Array): 'jpeg' | 'png' | 'gif' | 'bmp' | 'other' {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'png';
  if (bytes[0] === 0x47 && bytes[1] === 0x49) return 'gif';
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'bmp';
  return 'other';
}

/** Sets the declared width and/or height in the file's header to hostile values. */
function corruptDimensions(bytes: Uint8Array, random: Random): void {
  const w = pick(random, HOSTILE_SIZES);
  const h = random() < 0.5 ? pick(random, HOSTILE_SIZES) : undefined;
  switch (formatOf(bytes)) {
    case 'png':
      putU32BE(bytes, 16, w);
      if (h !== undefined) putU32BE(bytes, 20, h);
      fixPngCrcs(bytes); // else the IHDR CRC would stop it before any allocation could happen
      break;
    case 'jpeg': {
      const sof = jpegSegments(bytes).find((o) => bytes[o + 1] >= 0xc0 && bytes[o + 1] <= 0xc2);
      if (sof === undefined) break;
      putU16BE(bytes, sof + 7, w);
      if (h !== undefined) putU16BE(bytes, sof + 5, h);
      break;
    }
    case 'gif': {
      putU16LE(bytes, 6 + (random() < 0.5 ? 0 : 2), w);
      // The first image descriptor's size too: it sizes the LZW output.
      const descriptor = gifImageDescriptor(bytes);
      if (descriptor > 0) {
        putU16LE(bytes, descriptor + 5, w);
        if (h !== undefined) putU16LE(bytes, descriptor + 7, h);
      }
      break;
    }
    case 'bmp':
      putU32LE(bytes, 18, random() < 0.3 ? -w : w);
      if (h !== undefined) putU32LE(bytes, 22, random() < 0.5 ? -h : h);
      break;
    default:
      break;
  }
}

/** Sets one chunk's / segment's length field to a random or extreme value. */
function corruptLength(bytes: Uint8Array, random: Random): void {
  const format = formatOf(bytes);
  if (format === 'png') {
    const chunks = pngChunks(bytes);
    if (chunks.length === 0) return;
    putU32BE(bytes, pick(random, chunks), pick(random, [0, 1, 13, 0x7fffffff, 0xffffffff, int(random, bytes.length * 2)]));
    if (random() < 0.5) fixPngCrcs(bytes);
  } else if (format === 'jpeg') {
    const segments = jpegSegments(bytes);
    if (segments.length === 0) return;
    putU16BE(bytes, pick(random, segments) + 2, pick(random, [0, 1, 2, 3, 0xffff, int(random, 0x10000)]));
  } else if (format === 'bmp') {
    putU32LE(bytes, 10, pick(random, [0, 1, 53, 0x7fffffff, 0xffffffff, int(random, bytes.length * 2)])); // pixel data offset
  } else if (format === 'gif') {
    // A sub-block length byte in the first image's data.
    const at = 13 + int(random, Math.max(1, bytes.length - 13));
    bytes[at] = pick(random, [0, 1, 255]);
  }
}

function flipBits(bytes: Uint8Array, random: Random): void {
  for (let i = 1 + int(random, 8); i > 0; i--) bytes[int(random, bytes.length)] ^= 1 << int(random, 8);
}

function overwriteBytes(bytes: Uint8Array, random: Random): void {
  for (let i = 1 + int(random, 16); i > 0; i--) bytes[int(random, bytes.length)] = int(random, 256);
}

/** Byte changes in the first 1 KiB, where the headers and tables are. */
function overwriteHeader(bytes: Uint8Array, random: Random): void {
  const span = Math.min(bytes.length, 1024);
  for (let i = 1 + int(random, 4); i > 0; i--) bytes[int(random, span)] = int(random, 256);
  if (formatOf(bytes) === 'png' && random() < 0.7) fixPngCrcs(bytes);
}

/** PNG image data changed but with valid CRCs, so the inflater and unfilter see it. */
function corruptPngData(bytes: Uint8Array, random: Random): void {
  const idat = formatOf(bytes) === 'png' ? pngChunks(bytes).filter((o) => String.fromCharCode(...bytes.subarray(o + 4, o + 8)) === 'IDAT') : [];
  if (idat.length === 0) return overwriteBytes(bytes, random);
  const o = pick(random, idat);
  const length = u32BE(bytes, o);
  for (let i = 1 + int(random, 8); i > 0 && length > 0; i--) bytes[o + 8 + int(random, length)] = int(random, 256);
  fixPngCrcs(bytes);
}

export const MUTATIONS = {
  'bit flips': flipBits,
  'byte overwrites': overwriteBytes,
  'header bytes': overwriteHeader,
  'hostile dimensions': corruptDimensions,
  'chunk/segment length': corruptLength,
  'PNG data with fixed CRCs': corruptPngData,
} as const;

export type MutationName = keyof typeof MUTATIONS | 'truncation';

/** One mutated copy of `original`; `random` decides which mutation and where. */
export function mutate(original: Uint8Array, random: Random, name?: MutationName): { name: MutationName; bytes: Uint8Array } {
  const names = [...Object.keys(MUTATIONS), 'truncation'] as MutationName[];
  const chosen = name ?? pick(random, names);
  if (chosen === 'truncation') {
    // Mostly short cuts (headers), sometimes deep into the data.
    const length = random() < 0.5 ? int(random, Math.min(original.length, 2048)) : int(random, original.length);
    return { name: chosen, bytes: original.slice(0, length) };
  }
  const bytes = original.slice();
  MUTATIONS[chosen](bytes, random);
  return { name: chosen, bytes };
}
