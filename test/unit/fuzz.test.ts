import { describe, expect, it } from 'vitest';
import { ImageError } from '../../src/imaging/errors.js';
import type { ImageFormat } from '../../src/imaging/format.js';
import { DEFAULT_LIMITS } from '../../src/imaging/limits.js';
import { OperationSchema } from '../../src/imaging/operations.js';
import { runPipeline, type PipelineSpec } from '../../src/imaging/pipeline.js';
import { corpusFile, corpusManifest } from '../helpers.js';
import { decodeBmp } from '../../src/imaging/bmp/decode.js';
import { decodeGif } from '../../src/imaging/gif/decode.js';
import { decodePng } from '../../src/imaging/png/decode.js';
import { fixPngCrcs, gifImageDescriptor, mutate, prng } from '../mutations.js';

/**
 * Seeded mutations of every valid corpus file through the product pipeline.
 * Each case must either produce a sane encoded image or throw the library's
 * own ImageError (a message for the job's submitter); any other exception
 * (RangeError from a huge allocation, TypeError from reading past the data)
 * is a decoder bug. Fixed seed and count: the same cases run in CI every time.
 */
// FUZZ_SEED / FUZZ_CASES explore further locally; CI always runs the defaults.
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_f00d);
const CASES_PER_FILE = Number(process.env.FUZZ_CASES ?? 16);
// Sources up to the corpus's largest image (12 MP). Why not the default 40 MP:
// a tiny GIF or PNG may legitimately declare a 40 MP canvas, and processing one
// is slow but bounded, not a bug; the lower limit keeps the run short while
// every limit check still runs.
const LIMITS = { ...DEFAULT_LIMITS, maxInputPixels: 12_500_000 };
// Generous for Node (cases take milliseconds to a few hundred, on a shared
// machine); a decoder that loops on corrupt data or decodes past the limits
// would blow through it.
const MAX_CASE_MS = 5_000;

const spec = (operations: unknown[], format?: ImageFormat): PipelineSpec => ({
  operations: operations.map((op) => OperationSchema.parse(op)), format, limits: LIMITS,
});
// Three planner paths: luma-only shrink-on-load, full decode with resampling,
// and for JPEG the DCT-domain path (a flip alone). Other formats get a
// thumbnail first: a flip alone would re-encode a mutated, legitimately huge
// canvas at full size, which is slow but no bug.
const SPECS = [
  spec([{ type: 'grayscale' }, { type: 'resize', width_px: 64 }]),
  spec([{ type: 'resize', width_px: 40, height_px: 30, fit: 'fill', filter: 'bilinear' }, { type: 'rotate', degrees: 90 }], 'png'),
];
const DCT_DOMAIN = spec([{ type: 'flip', direction: 'horizontal' }], 'jpeg');
const SMALL_FLIP = spec([{ type: 'thumbnail', size: 96 }, { type: 'flip', direction: 'horizontal' }], 'jpeg');
const specsFor = (format: string) => [...SPECS, format === 'jpeg' ? DCT_DOMAIN : SMALL_FLIP];

const SIGNATURES = { jpeg: [0xff, 0xd8, 0xff], png: [0x89, 0x50, 0x4e, 0x47] } as const;

const valid = corpusManifest().filter((entry) => entry.valid);

describe('fuzzing the decoders with mutated corpus files', () => {
  for (const [fileIndex, entry] of valid.entries()) {
    it(`${entry.file}: ${CASES_PER_FILE} mutations end in an image or an ImageError`, async () => {
      const original = corpusFile(entry.file);
      const random = prng(SEED + fileIndex);
      const outcomes = { decoded: 0, refused: 0 };
      const specs = specsFor(entry.format);
      for (let i = 0; i < CASES_PER_FILE; i++) {
        const { name, bytes } = mutate(original, random);
        const spec = specs[i % specs.length];
        const label = `${entry.file} case ${i} (${name}, seed ${SEED + fileIndex})`;
        const started = performance.now();
        try {
          const result = await runPipeline(bytes, spec);
          expect(result.width, label).toBeGreaterThan(0);
          expect(result.height, label).toBeGreaterThan(0);
          expect(Math.max(result.width, result.height), label).toBeLessThanOrEqual(DEFAULT_LIMITS.maxOutputDimension);
          expect([...result.bytes.subarray(0, SIGNATURES[result.format].length)], label).toEqual(SIGNATURES[result.format]);
          outcomes.decoded++;
        } catch (error) {
          if (!(error instanceof ImageError)) {
            throw new Error(`${label}: escaped as ${(error as Error)?.name}: ${(error as Error)?.message ?? error}`, { cause: error });
          }
          expect(error.message.length, label).toBeGreaterThan(0);
          outcomes.refused++;
        }
        expect(performance.now() - started, `${label}: took too long`).toBeLessThan(MAX_CASE_MS);
      }
      expect(outcomes.decoded + outcomes.refused).toBe(CASES_PER_FILE);
    });
  }
});

/** Overwrites bytes at `offset` in a copy of a corpus file. */
function patched(file: string, offset: number, values: number[]): Uint8Array {
  const bytes = corpusFile(file).slice();
  bytes.set(values, offset);
  return bytes;
}

describe('header sizes are checked before anything is allocated from them', () => {
  it('PNG: a 36 MP IHDR over a few bytes of image data is refused before inflating', async () => {
    const bytes = patched('png_1x1.png', 16, [0, 0, 0x17, 0x70, 0, 0, 0x17, 0x70]); // 6000x6000
    fixPngCrcs(bytes);
    const started = performance.now();
    await expect(decodePng(bytes)).rejects.toThrow(/PNG image data is shorter than its dimensions require/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('PNG, GIF, BMP decoders check the limits themselves, not only the pipeline', async () => {
    const png = patched('png_1x1.png', 16, [0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0]); // 100000x100000
    fixPngCrcs(png);
    await expect(decodePng(png)).rejects.toThrow(ImageError);
    await expect(decodePng(png)).rejects.toThrow(/over the limit/);
    expect(() => decodeGif(patched('gif_320x180.gif', 6, [0xff, 0xff, 0xff, 0xff]))).toThrow(/over the limit/);
    expect(() => decodeBmp(patched('bmp_24bit_320x180.bmp', 18, [0xa0, 0x86, 1, 0, 0xa0, 0x86, 1, 0]))).toThrow(/over the limit/);
  });

  it('GIF: a frame larger than the limit inside a small screen is refused (it sizes the LZW buffer)', async () => {
    const bytes = corpusFile('gif_320x180.gif').slice();
    const descriptor = gifImageDescriptor(bytes);
    bytes.set([0xff, 0xff, 0xff, 0xff], descriptor + 5);
    await expect(runPipeline(bytes, SPECS[0])).rejects.toThrow(/GIF frame is 65535x65535, over the limit/);
  });

  it('BMP: a pixel data offset outside the file is corruption', async () => {
    for (const offset of [[0xff, 0xff, 0xff, 0xff], [1, 0, 0, 0], [0xff, 0xff, 0xff, 0x7f]]) {
      await expect(runPipeline(patched('bmp_24bit_320x180.bmp', 10, offset), SPECS[0])).rejects.toThrow(/BMP is corrupt: pixel data offset/);
    }
  });

  it('JPEG: a zero quantizer step is refused at parse time (it would divide by zero when re-encoding)', async () => {
    const bytes = corpusFile('jpeg_tiny_7x5.jpg').slice();
    let dqt = 2;
    while (bytes[dqt + 1] !== 0xdb) dqt += 2 + ((bytes[dqt + 2] << 8) | bytes[dqt + 3]);
    bytes[dqt + 5] = 0; // first entry of the first table
    await expect(runPipeline(bytes, DCT_DOMAIN)).rejects.toThrow(/quantization table has a zero entry/);
  });
});
