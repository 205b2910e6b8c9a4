import { concatBytes } from '../../shared/bytes.js';
import { ImageError } from '../errors.js';
import { createImage, type RgbaImage } from '../image.js';
import { inflate } from '../zlib.js';
import { readChunks } from './chunks.js';
import { CHANNELS, readPngHeader, type PngHeader } from './header.js';

// Adam7 passes: [xStart, yStart, xStep, yStep].
const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

interface Palette {
  readonly rgba: Uint8Array; // 256 entries x 4, alpha from tRNS (default 255)
}

function readPalette(plte: Uint8Array | undefined, trns: Uint8Array | undefined): Palette {
  if (!plte || plte.length % 3 !== 0) throw new ImageError('palette PNG has no valid PLTE chunk');
  const rgba = new Uint8Array(256 * 4).fill(255);
  for (let i = 0; i < plte.length / 3; i++) {
    rgba[i * 4] = plte[i * 3];
    rgba[i * 4 + 1] = plte[i * 3 + 1];
    rgba[i * 4 + 2] = plte[i * 3 + 2];
  }
  if (trns) for (let i = 0; i < trns.length && i < 256; i++) rgba[i * 4 + 3] = trns[i];
  return { rgba };
}

/** Scales a 16-bit sample to 8 bits as round(v / 257). */
function to8(v: number): number {
  return ((v + 128) / 257) | 0;
}

/** Undoes the per-row filters in place. `bpp` is bytes per complete pixel (at least 1). */
function unfilter(data: Uint8Array, offset: number, rowBytes: number, rows: number, bpp: number): void {
  const stride = rowBytes + 1;
  for (let y = 0; y < rows; y++) {
    const row = offset + y * stride + 1;
    const prev = row - stride; // only read when y > 0
    const filter = data[row - 1];
    switch (filter) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < rowBytes; i++) data[row + i] = (data[row + i] + data[row + i - bpp]) & 0xff;
        break;
      case 2:
        if (y > 0) for (let i = 0; i < rowBytes; i++) data[row + i] = (data[row + i] + data[prev + i]) & 0xff;
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          const left = i >= bpp ? data[row + i - bpp] : 0;
          const up = y > 0 ? data[prev + i] : 0;
          data[row + i] = (data[row + i] + ((left + up) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? data[row + i - bpp] : 0;
          const b = y > 0 ? data[prev + i] : 0;
          const c = i >= bpp && y > 0 ? data[prev + i - bpp] : 0;
          const p = a + b - c;
          const pa = p > a ? p - a : a - p;
          const pb = p > b ? p - b : b - p;
          const pc = p > c ? p - c : c - p;
          const predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          data[row + i] = (data[row + i] + predictor) & 0xff;
        }
        break;
      default:
        throw new ImageError(`PNG row ${y} has an unknown filter type ${filter}`);
    }
  }
}

/**
 * Converts one unfiltered (sub)image to RGBA and writes it into `out` at the
 * pixel positions of an Adam7 pass (or every pixel when not interlaced).
 */
function expandPass(
  header: PngHeader, palette: Palette | undefined, trns: Uint8Array | undefined,
  src: Uint8Array, offset: number, passWidth: number, passHeight: number,
  out: RgbaImage, x0: number, y0: number, dx: number, dy: number,
): void {
  const { bitDepth, colorType } = header;
  const channels = CHANNELS[colorType];
  const rowBytes = Math.ceil((passWidth * channels * bitDepth) / 8);
  const dst = out.data;
  const sampleMax = (1 << bitDepth) - 1;
  // tRNS on gray/RGB names one colour (in the file's sample depth) that is fully transparent.
  const keyGray = trns && colorType === 0 ? (trns[0] << 8) | trns[1] : -1;
  const keyR = trns && colorType === 2 ? (trns[0] << 8) | trns[1] : -1;
  const keyG = trns && colorType === 2 ? (trns[2] << 8) | trns[3] : -1;
  const keyB = trns && colorType === 2 ? (trns[4] << 8) | trns[5] : -1;
  for (let y = 0; y < passHeight; y++) {
    const row = offset + y * (rowBytes + 1) + 1;
    let o = ((y0 + y * dy) * out.width + x0) * 4;
    const step = dx * 4;
    for (let x = 0; x < passWidth; x++, o += step) {
      if (bitDepth < 8) {
        const bit = x * bitDepth;
        const raw = (src[row + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & sampleMax;
        if (colorType === 3) {
          const p = raw * 4;
          dst[o] = palette!.rgba[p]; dst[o + 1] = palette!.rgba[p + 1]; dst[o + 2] = palette!.rgba[p + 2]; dst[o + 3] = palette!.rgba[p + 3];
        } else {
          const v = ((raw * 255) / sampleMax) | 0;
          dst[o] = v; dst[o + 1] = v; dst[o + 2] = v; dst[o + 3] = raw === keyGray ? 0 : 255;
        }
        continue;
      }
      if (bitDepth === 8) {
        const i = row + x * channels;
        switch (colorType) {
          case 0: { const v = src[i]; dst[o] = v; dst[o + 1] = v; dst[o + 2] = v; dst[o + 3] = v === keyGray ? 0 : 255; break; }
          case 2: {
            const r = src[i], g = src[i + 1], b = src[i + 2];
            dst[o] = r; dst[o + 1] = g; dst[o + 2] = b; dst[o + 3] = r === keyR && g === keyG && b === keyB ? 0 : 255;
            break;
          }
          case 3: { const p = src[i] * 4; dst[o] = palette!.rgba[p]; dst[o + 1] = palette!.rgba[p + 1]; dst[o + 2] = palette!.rgba[p + 2]; dst[o + 3] = palette!.rgba[p + 3]; break; }
          case 4: { const v = src[i]; dst[o] = v; dst[o + 1] = v; dst[o + 2] = v; dst[o + 3] = src[i + 1]; break; }
          default: dst[o] = src[i]; dst[o + 1] = src[i + 1]; dst[o + 2] = src[i + 2]; dst[o + 3] = src[i + 3];
        }
        continue;
      }
      // 16-bit samples: round(v / 257) to 8 bits; the transparency key compares the full 16-bit value.
      const i = row + x * channels * 2;
      const s0 = (src[i] << 8) | src[i + 1];
      switch (colorType) {
        case 0: { const v = to8(s0); dst[o] = v; dst[o + 1] = v; dst[o + 2] = v; dst[o + 3] = s0 === keyGray ? 0 : 255; break; }
        case 4: { const v = to8(s0); dst[o] = v; dst[o + 1] = v; dst[o + 2] = v; dst[o + 3] = to8((src[i + 2] << 8) | src[i + 3]); break; }
        default: {
          const s1 = (src[i + 2] << 8) | src[i + 3];
          const s2 = (src[i + 4] << 8) | src[i + 5];
          dst[o] = to8(s0); dst[o + 1] = to8(s1); dst[o + 2] = to8(s2);
          dst[o + 3] = colorType === 6 ? to8((src[i + 6] << 8) | src[i + 7]) : s0 === keyR && s1 === keyG && s2 === keyB ? 0 : 255;
        }
      }
    }
  }
}

export async function decodePng(bytes: Uint8Array): Promise<RgbaImage> {
  const header = readPngHeader(bytes);
  const chunks = readChunks(bytes);
  const find = (type: string) => chunks.find((c) => c.type === type)?.data;
  const idat = chunks.filter((c) => c.type === 'IDAT');
  if (idat.length === 0) throw new ImageError('PNG has no image data (no IDAT chunk)');
  const compressed = concatBytes(idat.map((c) => c.data));

  let raw: Uint8Array;
  try {
    raw = await inflate(compressed);
  } catch (error) {
    throw new ImageError(`PNG image data is corrupt (${error instanceof Error ? error.message : String(error)})`);
  }
  const trns = find('tRNS');
  const palette = header.colorType === 3 ? readPalette(find('PLTE'), trns) : undefined;
  const channels = CHANNELS[header.colorType];
  const bpp = Math.max(1, (channels * header.bitDepth) >> 3);
  const image = createImage(header.width, header.height);
  const passes = header.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let offset = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const passWidth = Math.ceil((header.width - x0) / dx);
    const passHeight = Math.ceil((header.height - y0) / dy);
    if (passWidth <= 0 || passHeight <= 0) continue;
    const rowBytes = Math.ceil((passWidth * channels * header.bitDepth) / 8);
    const size = (rowBytes + 1) * passHeight;
    if (offset + size > raw.length) throw new ImageError('PNG image data is shorter than its dimensions require');
    unfilter(raw, offset, rowBytes, passHeight, bpp);
    expandPass(header, palette, trns, raw, offset, passWidth, passHeight, image, x0, y0, dx, dy);
    offset += size;
  }
  return image;
}
