import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJpeg, decodePng } from '../../src/imaging/index.js';
import { corpusFile, corpusManifest } from '../helpers.js';
import { imageJob, startTestHost, type TaskJson, type TestHost } from './harness.js';

/**
 * Every corpus file through the built worker component: each valid file is
 * decoded and put through every operation (after a thumbnail to 256 px, so
 * the whole matrix stays within a few minutes on 2 cores); each invalid file
 * must end in a failed task with a reason while the worker keeps serving.
 */
const EVERY_OPERATION = [
  { type: 'thumbnail', size: 256 },
  { type: 'crop', x: 0, y: 0, width: 1, height: 1 }, // replaced per file below
  { type: 'rotate', degrees: 90 }, { type: 'rotate', degrees: 180 }, { type: 'rotate', degrees: 270 },
  { type: 'flip', direction: 'horizontal' }, { type: 'flip', direction: 'vertical' },
  { type: 'blur', sigma: 1.5 }, { type: 'sharpen', sigma: 1, amount: 1 },
  { type: 'brightness', factor: 1.1 }, { type: 'contrast', factor: 1.2 }, { type: 'invert' }, { type: 'grayscale' },
  { type: 'threshold', level: 100 }, { type: 'black-and-white' }, { type: 'no-op' },
  { type: 'resize', width_px: 40, height_px: 30, fit: 'cover', filter: 'bilinear' },
  { type: 'resize', width_px: 50, height_px: 50, fit: 'contain', background: '#336699' },
  { type: 'resize', width_px: 33, height_px: 17, fit: 'fill', filter: 'nearest' },
  { type: 'resize', width_px: 64 },
];

function operationsFor(entry: { width: number | null; height: number | null; orientation?: number }) {
  const upright = entry.orientation && entry.orientation >= 5 ? [entry.height!, entry.width!] : [entry.width!, entry.height!];
  const scale = Math.min(1, 256 / Math.max(...upright));
  const [w, h] = upright.map((v) => Math.max(1, Math.round(v * scale)));
  const crop = { type: 'crop', x: w > 2 ? 1 : 0, y: h > 2 ? 1 : 0, width: w > 2 ? w - 2 : w, height: h > 2 ? h - 2 : h };
  return EVERY_OPERATION.map((op) => (op.type === 'crop' ? crop : op));
}

const manifest = corpusManifest() as (ReturnType<typeof corpusManifest>[number] & { orientation?: number })[];

describe('corpus matrix inside the component', () => {
  let host: TestHost;
  const results = new Map<string, TaskJson>();

  beforeAll(async () => {
    host = await startTestHost({ workers: 2 });
    await host.api('POST', '/admin/v1/db/migrate');
    mkdirSync(join(host.blobRoot, 'corpus'), { recursive: true });
    const submitted: [string, string][] = [];
    for (const [index, entry] of manifest.entries()) {
      writeFileSync(join(host.blobRoot, 'corpus', entry.file), corpusFile(entry.file));
      const format = index % 2 === 0 ? 'image/png' : 'image/jpeg';
      const operations = entry.valid ? operationsFor(entry) : [{ type: 'grayscale' }];
      const { json } = await host.api<TaskJson>('POST', '/api/v1/tasks',
        imageJob({ type: 'blobstore', path: { bucket: 'corpus', key: entry.file } }, `${entry.file}.out`, operations, format));
      submitted.push([entry.file, json.data.id]);
      host.publish({ task_id: json.data.id });
    }
    for (const [file, id] of submitted) results.set(file, await host.waitForTask(id, 600_000));
  }, 900_000);

  afterAll(async () => host?.stop());

  for (const [index, entry] of manifest.entries()) {
    const unsupported = entry.traits.includes('arithmetic-coding');
    if (entry.valid && !unsupported) {
      it(`${entry.file}: decoded and every operation applied`, async () => {
        const task = results.get(entry.file)!;
        expect(task.last_failure_reason).toBeNull();
        expect(task.status).toBe('completed');
        const bytes = new Uint8Array(readFileSync(join(host.blobRoot, 'output', `${entry.file}.out`)));
        const image = index % 2 === 0 ? await decodePng(bytes) : decodeJpeg(bytes, 40e6);
        expect([image.width, image.height]).toEqual([64, 33]);
      });
    } else {
      it(`${entry.file}: fails the task with a clear reason`, () => {
        const task = results.get(entry.file)!;
        expect(task.status).toBe('failed');
        expect(task.last_failure_reason).toMatch(unsupported ? /unsupported image format: arithmetic-coded JPEG/ : /JPEG|PNG|image|empty/);
        expect(task.last_failure_reason).not.toMatch(/RuntimeError|unreachable|undefined/);
      });
    }
  }

  it('no component instance trapped or exited', () => {
    expect(host.logs.filter((l) => l.includes('exited') || l.includes('trapped'))).toEqual([]);
  });
});
