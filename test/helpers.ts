import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * The shared test corpus: $CORPUS_DIR, else `../shared/corpus` beside the
 * checkout (where the team keeps it), else the workplace's /work/shared/corpus.
 */
function findCorpus(): string {
  const candidates = [process.env.CORPUS_DIR, resolve(ROOT, '..', 'shared', 'corpus'), '/work/shared/corpus'];
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'MANIFEST.json')));
  if (!found) {
    throw new Error(`test corpus not found (looked in ${candidates.filter(Boolean).join(', ')}); set CORPUS_DIR`);
  }
  return found;
}

export const CORPUS = findCorpus();
/** The shared reference material (wadm schema and rules, provider notes), beside the corpus. */
export const REFERENCE = resolve(CORPUS, '..', 'reference');

export interface CorpusEntry {
  file: string;
  format: string;
  width: number | null;
  height: number | null;
  valid: boolean;
  expect: 'decode' | 'error';
  traits: string[];
  reference?: string;
}

export function corpusManifest(): CorpusEntry[] {
  return JSON.parse(readFileSync(join(CORPUS, 'MANIFEST.json'), 'utf8'));
}

export function corpusFile(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, name)));
}

/** PSNR over R, G, B (peak 255) of two same-sized RGBA buffers; Infinity when identical. */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error(`size mismatch ${a.length} vs ${b.length}`);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a[i + c] - b[i + c];
      sum += d * d;
      n++;
    }
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / n));
}

/**
 * Area-average resize by its definition, in floating point: every output
 * pixel is the overlap-weighted mean of the source pixels its span covers.
 */
export function areaMean(image: { width: number; height: number; data: Uint8Array }, w: number, h: number) {
  const rx = image.width / w, ry = image.height / h;
  const out = new Uint8Array(w * h * 4);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const sums = [0, 0, 0, 0];
      let total = 0;
      for (let y = Math.floor(j * ry); y < Math.ceil((j + 1) * ry); y++) {
        const wy = Math.min(y + 1, (j + 1) * ry) - Math.max(y, j * ry);
        for (let x = Math.floor(i * rx); x < Math.ceil((i + 1) * rx); x++) {
          const weight = wy * (Math.min(x + 1, (i + 1) * rx) - Math.max(x, i * rx));
          for (let c = 0; c < 4; c++) sums[c] += weight * image.data[(y * image.width + x) * 4 + c];
          total += weight;
        }
      }
      for (let c = 0; c < 4; c++) out[(j * w + i) * 4 + c] = Math.round(sums[c] / total);
    }
  }
  return { width: w, height: h, data: out };
}
