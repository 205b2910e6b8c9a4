// Stage timings for the JPEG paths (scripts/probe.mjs). Inputs of a stage are
// prepared on the first call and cached, so later calls time the stage alone.
import { decodeScans, readJpegCoefficients } from '../../src/imaging/jpeg/entropy-decode.js';
import { readJpegMarkers } from '../../src/imaging/jpeg/markers.js';
import { coefficientsToImage } from '../../src/imaging/jpeg/to-pixels.js';
import { imageToCoefficients } from '../../src/imaging/jpeg/from-pixels.js';
import { encodeJpeg } from '../../src/imaging/jpeg/encode.js';
import { writeJpeg } from '../../src/imaging/jpeg/entropy-encode.js';
import { transformCoefficients } from '../../src/imaging/jpeg/transform.js';
import { rotation, UPRIGHT } from '../../src/imaging/orientation.js';
import { resize } from '../../src/imaging/ops/resize.js';
import { sharpen } from '../../src/imaging/ops/sharpen.js';
import { blackAndWhite } from '../../src/imaging/ops/adjust.js';
import { shrinkJpegPlanes } from '../../src/imaging/planar/shrink.js';
import { runPipeline } from '../../src/imaging/pipeline.js';
import { sharpenPlane } from '../../src/imaging/ops/sharpen.js';
import { blurPlane, blurStrips, packPlane, stripLayout } from '../../src/imaging/ops/strip-blur.js';
import { blur, blurKernels, blurOpaque } from '../../src/imaging/ops/blur.js';
import { forwardTransform, inverseTransform, replicateEdges } from '../../src/imaging/jpeg/sample-plane.js';
import { requantize } from '../../src/imaging/jpeg/requantize.js';
import { quantTablesForQuality } from '../../src/imaging/jpeg/quant-tables.js';
import { resamplePlane } from '../../src/imaging/ops/plane-resize.js';
import { resizeJpegPlanes } from '../../src/imaging/planar/resize.js';

/** The per-channel unsharp mask sharpen was before it worked on luma, for A/B timings only. */
function sharpenRgb(image: { width: number; height: number; data: Uint8Array }, sigma: number, amount: number) {
  const data = image.data;
  const blurred = blur(image, sigma).data;
  const out = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  const keep = 1 + amount;
  const s1 = data.subarray(1), s2 = data.subarray(2);
  const b1 = blurred.subarray(1), b2 = blurred.subarray(2);
  const o1 = out.subarray(1), o2 = out.subarray(2);
  for (let i = 0, n = data.length; i < n; i += 4) {
    out[i] = data[i] * keep - blurred[i] * amount;
    o1[i] = s1[i] * keep - b1[i] * amount;
    o2[i] = s2[i] * keep - b2[i] * amount;
  }
  return image;
}

const cache = new Map<string, any>();
function once<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key);
}
const EMPTY = new Uint8Array(1);

/** Runs tasks `a|b|...` in turn `rounds` times in this one instance; min and median ms of each, as text. */
async function compare(tasks: string[], rounds: number, input: Uint8Array): Promise<Uint8Array> {
  const times = tasks.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (let t = 0; t < tasks.length; t++) {
      const started = performance.now();
      await run(tasks[t], input);
      times[t].push(performance.now() - started);
    }
  }
  const lines = tasks.map((task, t) => {
    const sorted = times[t].sort((x, y) => x - y);
    return `${task}: min ${sorted[0].toFixed(1)} median ${sorted[sorted.length >> 1].toFixed(1)}`;
  });
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

export async function run(task: string, input: Uint8Array): Promise<Uint8Array> {
  if (task.startsWith('ab:')) {
    const [, rounds, ...tasks] = task.split(':');
    return compare(tasks.join(':').split('|'), Number(rounds), input);
  }
  const coef = () => once('coef', () => readJpegCoefficients(input, 1e9));
  const coef1 = () => once('coef1', () => decodeScans(input, readJpegMarkers(input), 1e9, 1));
  const coef5 = () => once('coef5', () => decodeScans(input, readJpegMarkers(input), 1e9, 5));
  const small = () => once('small', () => coefficientsToImage(coef(), 4));
  const full = () => once('full', () => coefficientsToImage(coef(), 1));
  const luma = () => once('y', () => inverseTransform(coef().planes[0], coef().width, coef().height));
  switch (task) {
    case 'nothing': return EMPTY;
    case 'entropy': readJpegCoefficients(input, 1e9); return EMPTY;
    case 'entropy1': decodeScans(input, readJpegMarkers(input), 1e9, 1); return EMPTY;
    case 'idct8': coefficientsToImage(coef1(), 8); return EMPTY;
    case 'lanczos8': resize(once('eighth', () => coefficientsToImage(coef1(), 8)), 320, 240, 'lanczos3'); return EMPTY;
    case 'encode8': return encodeJpeg(once('t8', () => resize(once('eighth', () => coefficientsToImage(coef1(), 8)), 320, 240, 'lanczos3')), 85);
    case 'entropy5': decodeScans(input, readJpegMarkers(input), 1e9, 5); return EMPTY;
    case 'idct4': coefficientsToImage(coef(), 4); return EMPTY;
    case 'idct1': coefficientsToImage(coef(), 1); return EMPTY;
    case 'lanczos': resize(small(), 320, 180, 'lanczos3'); return EMPTY;
    case 'encode320': return encodeJpeg(once('thumb', () => resize(small(), 320, 180, 'lanczos3')), 85);
    case 'tocoef320': imageToCoefficients(once('thumb', () => resize(small(), 320, 180, 'lanczos3')), 85); return EMPTY;
    case 'write320': return writeJpeg(once('c320', () => imageToCoefficients(once('thumb', () => resize(small(), 320, 180, 'lanczos3')), 85)));
    case 'encode16': return encodeJpeg(once('t16', () => resize(small(), 16, 16, 'bilinear')), 85);
    case 'shrink': shrinkJpegPlanes(coef5(), 320, 180, UPRIGHT, 85, () => {}); return EMPTY;
    case 'shrinkwrite': return writeJpeg(once('shrunk', () => shrinkJpegPlanes(coef5(), 320, 180, UPRIGHT, 85, () => {})));
    case 'shrinkT': { (globalThis as any).T = {}; for (let n = 0; n < 5; n++) shrinkJpegPlanes(coef5(), 320, 180, UPRIGHT, 85, () => {}); return new TextEncoder().encode(JSON.stringify((globalThis as any).T)); }
    // The planar resize (jpeg-resize) to 1280 wide: whole, and the luma plane's resample alone.
    case 'planar1280': resizeJpegPlanes(coef(), 1280, 720, 'lanczos3', UPRIGHT, 85, () => {}); return EMPTY;
    case 'y-resize1280': {
      const y = luma();
      resamplePlane(y.samples, y.stride, 1920, 1080, new Uint8Array(1280 * 720), 1280, 1280, 720, 'lanczos3');
      return EMPTY;
    }
    case 'lanczos1280': resize(full(), 1280, 720, 'lanczos3'); return EMPTY;
    case 'encode1280': return encodeJpeg(once('r1280', () => resize(full(), 1280, 720, 'lanczos3')), 85);
    case 'area': resize(small(), 320, 180, 'area'); return EMPTY;
    case 'resizebil': resize(small(), 320, 180, 'bilinear'); return EMPTY;
    case 'encodefull': return encodeJpeg(full(), 85);
    case 'rotate': return writeJpeg(transformCoefficients(coef(), rotation(90)));
    case 'rotateonly': transformCoefficients(coef(), rotation(90)); return EMPTY;
    case 'write': return writeJpeg(coef());
    case 'writerot': return writeJpeg(once('rot', () => transformCoefficients(coef(), rotation(90))));
    // rotateonly split by plane: luma (whole-block moves) and the two chroma planes (half-block shift).
    case 'rot-luma': transformCoefficients({ ...coef(), planes: coef().planes.slice(0, 1) }, rotation(90)); return EMPTY;
    case 'rot-chroma': transformCoefficients({ ...coef(), planes: coef().planes.slice(1) }, rotation(90)); return EMPTY;
    case 'transpose': transformCoefficients(coef(), { transpose: true, flipX: false, flipY: false }); return EMPTY;
    case 'sharpen': sharpen(full(), 1, 1); return EMPTY;
    case 'sharpen-rgb': sharpenRgb(full(), 1, 1); return EMPTY;
    case 'blur': blur(full(), 2); return EMPTY;
    case 'blur1': blur(full(), 1); return EMPTY;
    case 'bw': blackAndWhite(full()); return EMPTY;
    // Sharpen jobs: before (per-channel sharpen on the full decode), the general path now, the luma path.
    case 'job-rgb': return encodeJpeg(sharpenRgb(coefficientsToImage(readJpegCoefficients(input, 1e9), 1), 1, 1), 85);
    case 'job-general': return encodeJpeg(sharpen(coefficientsToImage(readJpegCoefficients(input, 1e9), 1), 1, 1), 85);
    case 'job': return (await runPipeline(input, { operations: [{ type: 'sharpen', sigma: 1, amount: 1 }] })).bytes;
    // Stages of the luma path.
    case 'y-idct': inverseTransform(coef().planes[0], coef().width, coef().height); return EMPTY;
    case 'y-sharpen': {
      const y = luma();
      sharpenPlane(y.samples, y.stride, coef().width, coef().height, 1, 1);
      return EMPTY;
    }
    // The strip blur's stages at the sharpen's sigma 1 and at the blur job's sigma 2.
    case 'y-pack': case 'y-pack2': {
      const y = luma();
      packPlane(y.samples, y.stride, stripLayout(coef().width, coef().height, task === 'y-pack' ? 1 : 2));
      return EMPTY;
    }
    case 'y-blur': case 'y-blur2': {
      const y = luma();
      const layout = stripLayout(coef().width, coef().height, task === 'y-blur' ? 1 : 2);
      blurStrips(once(`packed-${task}`, () => packPlane(y.samples, y.stride, layout)), layout);
      return EMPTY;
    }
    case 'y-fdct': {
      const y = luma();
      replicateEdges(y.samples, y.stride, coef().width, coef().height);
      forwardTransform({ ...y, quantTable: quantTablesForQuality(85).luminance });
      return EMPTY;
    }
    case 'requant': coef().planes.slice(1).map((p) => requantize(p, quantTablesForQuality(85).chrominance)); return EMPTY;
    case 'y-write': return writeJpeg(once('ycoef', () => ({ ...coef(), planes: [forwardTransform({ ...inverseTransform(coef().planes[0], coef().width, coef().height), quantTable: quantTablesForQuality(85).luminance }), ...coef().planes.slice(1).map((p) => requantize(p, quantTablesForQuality(85).chrominance))] })));
    // Blur jobs: the general path (decode, RGB blur, encode) and the pipeline (the planar path for JPEG out).
    case 'blur-general': return encodeJpeg(blur(coefficientsToImage(readJpegCoefficients(input, 1e9), 1), 2), 85);
    case 'blur-job': return (await runPipeline(input, { operations: [{ type: 'blur', sigma: 2 }] })).bytes;
    // Stages of the planar blur path (4:2:0): luma strip blur, chroma as two strip blurs or as two lanes of one RGB blur.
    case 'c-idct': coef().planes.slice(1).map((p) => inverseTransform(p, coef().width >> 1, coef().height >> 1)); return EMPTY;
    case 'y-blurplane': {
      const y = luma();
      blurPlane(y.samples, y.stride, coef().width, coef().height, 2);
      return EMPTY;
    }
    case 'c-strips': {
      const [cb, cr] = once('c', () => coef().planes.slice(1).map((p) => inverseTransform(p, coef().width >> 1, coef().height >> 1)));
      blurPlane(cb.samples, cb.stride, coef().width >> 1, coef().height >> 1, 1);
      blurPlane(cr.samples, cr.stride, coef().width >> 1, coef().height >> 1, 1);
      return EMPTY;
    }
    case 'c-lanes': {
      // Pack Cb and Cr into R and G of one opaque image, blur, unpack: the alternative to two strip blurs.
      const [cb, cr] = once('c', () => coef().planes.slice(1).map((p) => inverseTransform(p, coef().width >> 1, coef().height >> 1)));
      const width = coef().width >> 1, height = coef().height >> 1;
      const words = new Int32Array(width * height);
      for (let y = 0; y < height; y++) {
        const a = cb.samples.subarray(y * cb.stride), b = cr.samples.subarray(y * cr.stride), o = words.subarray(y * width);
        for (let x = width - 1; x >= 0; x--) o[x] = a[x] | (b[x] << 8) | -16777216;
      }
      const out = blurOpaque({ width, height, data: new Uint8Array(words.buffer) }, blurKernels(1));
      for (let y = 0; y < height; y++) {
        const a = cb.samples.subarray(y * cb.stride), b = cr.samples.subarray(y * cr.stride);
        const r = out.subarray(y * width * 4), g = out.subarray(y * width * 4 + 1);
        for (let x = 0, q = 0; x < width; x++, q += 4) { a[x] = r[q]; b[x] = g[q]; }
      }
      return EMPTY;
    }
    default: {
      const ops = JSON.parse(task);
      return (await runPipeline(input, { operations: ops })).bytes;
    }
  }
}
