// Parts of the PNG -> grayscale -> PNG bench job inside StarlingMonkey, one task each,
// for interleaved CPU timing:
//   node --no-liftoff bench/probe/cpu.mjs bench/probe/png-parts.ts bench/assets/photo_rgba_1920x1080.png 5 crc inflate unfilter paeth average
// Tasks: crc (the chunk CRC check), inflate (into rows, as the decoder does), unfilter (all
// rows, to gray, on data inflated once), paeth / average (only the row groups of that filter;
// the values of the others stay filtered, but a row's cost does not depend on its bytes),
// decode-gray, encode-none (the pipeline's encode of the gray image) and pipeline (the whole job).
import type { RgbaImage } from '../../src/imaging/image.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { decodePng } from '../../src/imaging/png/decode.js';
import { encodePng } from '../../src/imaging/png/encode.js';
import { readPngHeader } from '../../src/imaging/png/header.js';
import { scanChunks, verifyChunkCrcs } from '../../src/imaging/png/read.js';
import { unfilterRgbaRows } from '../../src/imaging/png/unfilter.js';
import { inflateChunks } from '../../src/imaging/png/zstream.js';

interface Inflated { width: number; height: number; filters: Uint8Array; data: Uint8Array }

async function inflateAll(input: Uint8Array): Promise<Inflated> {
  const { width, height } = readPngHeader(input);
  const idat = scanChunks(input).find((c) => c.type === 'IDAT')!.data;
  const rowBytes = width * 4;
  const data = new Uint8Array(rowBytes * height);
  const filters = new Uint8Array(height);
  let row = 0;
  let col = -1;
  await inflateChunks(idat, (chunk) => {
    for (let p = 0; p < chunk.length && row < height;) {
      if (col < 0) { filters[row] = chunk[p++]; col = 0; continue; }
      const n = Math.min(rowBytes - col, chunk.length - p);
      data.set(chunk.subarray(p, p + n), row * rowBytes + col);
      p += n; col += n;
      if (col === rowBytes) { row++; col = -1; }
    }
  });
  return { width, height, filters, data };
}

let inflated: Inflated | undefined;
let image: Uint8Array | undefined;
let gray: RgbaImage | undefined;

/** The decoder's gray loop (see decodeRgba8), restricted to groups whose first row's filter is in `only`. */
function unfilterGray(src: Inflated, only: number[]): void {
  const { width, height, filters } = src;
  image ??= new Uint8Array(src.data.length);
  image.set(src.data);
  const words = new Int32Array(image.buffer, 0, width * height);
  const rows = new Int32Array(4 * width);
  for (let y = 0; y < height;) {
    const row = y * width;
    rows.set(words.subarray(row, Math.min(row + 3 * width, words.length)), width);
    let done = 1;
    const f = filters[y];
    if (only.includes(f)) done = unfilterRgbaRows(rows, width, width, filters, y, words, row);
    else if (y > 0 && filters[y + 1] === f && (f === 3 || f === 4)) done = filters[y + 2] === f ? 3 : 2;
    rows.copyWithin(0, done * width, (done + 1) * width);
    y += done;
  }
}

export async function run(task: string, input: Uint8Array): Promise<Uint8Array> {
  inflated ??= await inflateAll(input);
  gray ??= await decodePng(input, { gray: true });
  switch (task) {
    case 'crc': await verifyChunkCrcs(input, scanChunks(input)); break;
    case 'inflate': await inflateAll(input); break;
    case 'unfilter': unfilterGray(inflated, [0, 1, 2, 3, 4]); break;
    case 'paeth': unfilterGray(inflated, [4]); break;
    case 'average': unfilterGray(inflated, [3]); break;
    case 'decode-gray': return (await decodePng(input, { gray: true })).data.subarray(0, 4);
    case 'encode-none': return encodePng(gray, { gray: true, filter: 'none' });
    case 'pipeline': return (await runPipeline(input, { operations: [{ type: 'grayscale' }], format: 'png' })).bytes;
    default: throw new Error(`unknown task ${task}`);
  }
  return new Uint8Array(4);
}
