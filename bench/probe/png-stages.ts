// Stages of the PNG -> grayscale -> PNG bench job inside StarlingMonkey, one task each,
// so a host driver can time them (e.g. CPU time with bench/probe/cpu.mjs):
//   node --no-liftoff scripts/probe.mjs bench/probe/png-stages.ts pipeline bench/assets/photo_rgba_1920x1080.png 5
// Tasks: pipeline (the whole job; returns the PNG), decode, decode-gray (straight to
// grayscale, as the pipeline does for this job), gray, copy, encode (filter Up), encode-none.
import type { RgbaImage } from '../../src/imaging/image.js';
import { grayscale } from '../../src/imaging/ops/grayscale.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { decodePng } from '../../src/imaging/png/decode.js';
import { encodePng } from '../../src/imaging/png/encode.js';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

let decoded: RgbaImage | undefined;
let gray: RgbaImage | undefined;

export async function run(task: string, input: Uint8Array): Promise<Uint8Array> {
  if (task === 'inflate') {
    const { scanChunks } = await import('../../src/imaging/png/read.js');
    const { inflateChunks } = await import('../../src/imaging/png/zstream.js');
    const idat = scanChunks(input).filter((c) => c.type === 'IDAT');
    let total = 0;
    await inflateChunks(concat(idat.map((c) => c.data)), (chunk) => { total += chunk.length; });
    return new Uint8Array([total & 255]);
  }
  if (task === 'pipeline') return (await runPipeline(input, { operations: [{ type: 'grayscale' }], format: 'png' })).bytes;
  decoded ??= await decodePng(input);
  gray ??= grayscale({ ...decoded, data: decoded.data.slice() });
  switch (task) {
    case 'decode-gray': return (await decodePng(input, { gray: true })).data.subarray(0, 4);
    case 'decode': return (await decodePng(input)).data.subarray(0, 4);
    case 'gray': return grayscale({ ...decoded, data: decoded.data.slice() }).data.subarray(0, 4);
    case 'copy': return decoded.data.slice().subarray(0, 4); // the copy `gray` makes first
    case 'encode': return encodePng(gray, { gray: true });
    case 'encode-none': return encodePng(gray, { gray: true, filter: 'none' });
    default: throw new Error(`unknown task ${task}`);
  }
}
