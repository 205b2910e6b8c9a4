import { concatBytes } from '../../shared/bytes.js';
import { ImageError } from '../errors.js';
import { createImage, type RgbaImage } from '../image.js';
import { checkInputSize, DEFAULT_LIMITS, type ImageLimits } from '../limits.js';
import { grayscale } from '../ops/grayscale.js';
import { rowExpander, type RowExpander } from './expand.js';
import { CHANNELS, readPngHeader, type PngHeader } from './header.js';
import { scanChunks, verifyChunkCrcs } from './read.js';
import { unfilterRgbaRows, unfilterRowBytes } from './unfilter.js';
import { inflateChunks } from './zstream.js';

// Adam7 passes: [xStart, yStart, xStep, yStep].
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

// Rows are read and pixels written as 32-bit words in little-endian order (R in
// the low byte): true of wasm and of every host this runs on (x86, ARM).
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function corrupt(error: unknown): ImageError {
  return new ImageError(`PNG image data is corrupt (${error instanceof Error ? error.message : String(error)})`);
}

const SHORT = 'PNG image data is shorter than its dimensions require';

/**
 * Inflates straight into rows: row y's bytes land at dest[y * stride], its
 * filter type in filters[y]. No whole inflated copy is kept, and for 8-bit
 * RGBA `dest` is the image itself, 4-aligned, ready for the word-wise unfilter.
 */
async function inflateRows(
  compressed: Uint8Array, dest: Uint8Array, filters: Uint8Array, rowBytes: number, stride: number, rows: number,
): Promise<void> {
  let row = 0;
  let col = -1; // -1: the next byte is the row's filter type
  try {
    await inflateChunks(compressed, (chunk) => {
      const length = chunk.length;
      let p = 0;
      while (p < length && row < rows) {
        if (col < 0) {
          filters[row] = chunk[p++];
          col = 0;
          continue;
        }
        const n = Math.min(rowBytes - col, length - p);
        dest.set(chunk.subarray(p, p + n), row * stride + col);
        p += n;
        col += n;
        if (col === rowBytes) {
          row++;
          col = -1;
        }
      }
    });
  } catch (error) {
    throw corrupt(error);
  }
  if (row < rows) throw new ImageError(SHORT);
}

/** Inflates into one flat buffer of exactly `size` bytes (extra output is ignored). */
async function inflateFlat(compressed: Uint8Array, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let o = 0;
  try {
    await inflateChunks(compressed, (chunk) => {
      const n = Math.min(chunk.length, size - o);
      if (n > 0) out.set(n === chunk.length ? chunk : chunk.subarray(0, n), o);
      o += n;
    });
  } catch (error) {
    throw corrupt(error);
  }
  if (o < size) throw new ImageError(SHORT);
  return out;
}

function checkFilter(filter: number, y: number): void {
  if (filter > 4) throw new ImageError(`PNG row ${y} has an unknown filter type ${filter}`);
}

async function decodeRgba8(header: PngHeader, compressed: Uint8Array, gray: boolean): Promise<RgbaImage> {
  const { width, height } = header;
  const image = createImage(width, height);
  const rowBytes = width * 4;
  const filters = new Uint8Array(height);
  await inflateRows(compressed, image.data, filters, rowBytes, rowBytes, height);
  const words = new Int32Array(image.data.buffer, image.data.byteOffset, width * height);
  if (!gray) {
    for (let y = 0; y < height;) {
      checkFilter(filters[y], y);
      y += unfilterRgbaRows(words, y * width, width, filters, y);
    }
    return image;
  }
  // Gray wanted: rows are unfiltered in a four-row scratch (the row above,
  // then up to three rows, as unfilterRgbaRows may do three) since the row
  // above must keep its colours, and their gray words go straight to the
  // image, so no separate grayscale pass runs (see unfilterRgbaRow).
  const rows = new Int32Array(4 * width);
  for (let y = 0; y < height;) {
    checkFilter(filters[y], y);
    const row = y * width;
    rows.set(words.subarray(row, Math.min(row + 3 * width, words.length)), width);
    const done = unfilterRgbaRows(rows, width, width, filters, y, words, row);
    rows.copyWithin(0, done * width, (done + 1) * width);
    y += done;
  }
  return image;
}

async function decodeOther(header: PngHeader, compressed: Uint8Array, expand: RowExpander, bpp: number): Promise<RgbaImage> {
  const { width, height, bitDepth, colorType } = header;
  const image = createImage(width, height);
  const out = new Int32Array(image.data.buffer, image.data.byteOffset, width * height);
  const rowBytes = Math.ceil((width * CHANNELS[colorType] * bitDepth) / 8);
  // Rows padded to whole words, so each starts 4-aligned for word-wise reads.
  const stride = (rowBytes + 3) & ~3;
  const rows = new Uint8Array(stride * height);
  const rowWords = new Int32Array(rows.buffer);
  const filters = new Uint8Array(height);
  await inflateRows(compressed, rows, filters, rowBytes, stride, height);
  for (let y = 0; y < height; y++) {
    checkFilter(filters[y], y);
    unfilterRowBytes(rows, y * stride, y === 0 ? -1 : (y - 1) * stride, rowBytes, bpp, filters[y]);
    expand(rows, rowWords, y * stride, width, out, y * width, 1);
  }
  return image;
}

async function decodeInterlaced(header: PngHeader, compressed: Uint8Array, expand: RowExpander, bpp: number): Promise<RgbaImage> {
  const { width, height, bitDepth, colorType } = header;
  const channels = CHANNELS[colorType];
  const passes: { x0: number; y0: number; dx: number; dy: number; w: number; h: number; rowBytes: number }[] = [];
  let size = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    const rowBytes = Math.ceil((w * channels * bitDepth) / 8);
    passes.push({ x0, y0, dx, dy, w, h, rowBytes });
    size += (rowBytes + 1) * h;
  }
  const raw = await inflateFlat(compressed, size);
  const image = createImage(width, height);
  const out = new Int32Array(image.data.buffer, image.data.byteOffset, width * height);
  // Rows are copied to a 4-aligned scratch row before expanding, for word-wise reads.
  let maxRow = 0;
  for (const pass of passes) maxRow = Math.max(maxRow, pass.rowBytes);
  const scratch = new Uint8Array((maxRow + 3) & ~3);
  const scratchWords = new Int32Array(scratch.buffer);
  let offset = 0;
  for (const { x0, y0, dx, dy, w, h, rowBytes } of passes) {
    const stride = rowBytes + 1;
    for (let y = 0; y < h; y++) {
      const o = offset + y * stride + 1;
      checkFilter(raw[o - 1], y);
      unfilterRowBytes(raw, o, y === 0 ? -1 : o - stride, rowBytes, bpp, raw[o - 1]);
      scratch.set(raw.subarray(o, o + rowBytes));
      expand(scratch, scratchWords, 0, w, out, (y0 + y * dy) * width + x0, dx);
    }
    offset += stride * h;
  }
  return image;
}

/**
 * Deflate's best case is 258 bytes from a 1-bit length code and a 1-bit
 * distance code: 1032 output bytes per input byte. Image data that would need
 * more than that cannot be in the file, so it is refused before the image
 * buffers are allocated (a tiny file must not cost hundreds of megabytes).
 */
const MAX_DEFLATE_RATIO = 1032;

export interface PngDecodeOptions {
  /**
   * Return the image already in grayscale (R = G = B = luma, alpha kept,
   * exactly as the grayscale operation makes it): for 8-bit RGBA computed
   * while unfiltering, which is cheaper than a separate pass.
   */
  readonly gray?: boolean;
  readonly limits?: ImageLimits;
}

export async function decodePng(bytes: Uint8Array, options: PngDecodeOptions = {}): Promise<RgbaImage> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (!LITTLE_ENDIAN) throw new Error('the PNG decoder needs a little-endian host');
  const header = readPngHeader(bytes);
  checkInputSize(header.width, header.height, limits);
  const chunks = scanChunks(bytes);
  await verifyChunkCrcs(bytes, chunks);
  const find = (type: string) => chunks.find((c) => c.type === type)?.data;
  const idat = chunks.filter((c) => c.type === 'IDAT');
  if (idat.length === 0) throw new ImageError('PNG has no image data (no IDAT chunk)');
  let compressedLength = 0;
  for (const chunk of idat) compressedLength += chunk.data.length;
  // A lower bound of the inflated size (every pixel's bits, no filter bytes), interlaced or not.
  const minInflated = (header.width * header.height * CHANNELS[header.colorType] * header.bitDepth) / 8;
  if (minInflated > compressedLength * MAX_DEFLATE_RATIO + 64) throw new ImageError(SHORT);
  const compressed = idat.length === 1 ? idat[0].data : concatBytes(idat.map((c) => c.data));

  const { colorType, bitDepth } = header;
  const plte = find('PLTE');
  if (colorType === 3 && (!plte || plte.length % 3 !== 0)) throw new ImageError('palette PNG has no valid PLTE chunk');
  const trns = find('tRNS');
  const bpp = Math.max(1, (CHANNELS[colorType] * bitDepth) >> 3);
  const gray = options.gray === true;
  if (colorType === 6 && bitDepth === 8 && !header.interlaced) return decodeRgba8(header, compressed, gray);
  const expand = rowExpander(header, plte, trns);
  const image = await (header.interlaced
    ? decodeInterlaced(header, compressed, expand, bpp)
    : decodeOther(header, compressed, expand, bpp));
  return gray ? grayscale(image) : image;
}
