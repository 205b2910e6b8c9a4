import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');

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
