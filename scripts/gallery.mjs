// Regenerates docs/gallery/: the README's before/after pictures, each made by
// the built worker component itself (in process, through jco) from the
// product's default image.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startInProcessWorker } from './in-process-worker.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'gallery');

export const EXAMPLES = [
  ['original', []],
  ['grayscale', [{ type: 'grayscale' }]],
  ['resize', [{ type: 'resize', width_px: 200, height_px: 200 }]],
  ['resize-cover', [{ type: 'resize', width_px: 150, height_px: 150, fit: 'cover' }]],
  ['resize-contain', [{ type: 'resize', width_px: 150, height_px: 150, fit: 'contain', background: '#336699' }]],
  ['thumbnail', [{ type: 'thumbnail', size: 120 }]],
  ['crop', [{ type: 'crop', x: 60, y: 20, width: 160, height: 120 }]],
  ['rotate', [{ type: 'rotate', degrees: 90 }]],
  ['flip', [{ type: 'flip', direction: 'horizontal' }]],
  ['blur', [{ type: 'blur', sigma: 3 }]],
  ['sharpen', [{ type: 'sharpen', sigma: 1, amount: 2 }]],
  ['brightness', [{ type: 'brightness', factor: 1.4 }]],
  ['contrast', [{ type: 'contrast', factor: 1.6 }]],
  ['invert', [{ type: 'invert' }]],
  ['threshold', [{ type: 'threshold', level: 110 }]],
  ['black-and-white', [{ type: 'black-and-white' }]],
];

const blobRoot = mkdtempSync(join(tmpdir(), 'gallery-'));
try {
  const worker = await startInProcessWorker(blobRoot);
  mkdirSync(join(blobRoot, 'in'), { recursive: true });
  writeFileSync(join(blobRoot, 'in', 'default.jpg'), readFileSync(join(root, 'assets', 'default-image.jpg')));
  // The pictures start from a 320 px version of the default image, also made by the component.
  const job = (id, key, operations, source = { type: 'blobstore', path: { bucket: 'in', key: 'source.jpg' } }) => {
    const [call, , , reason] = worker.runJob(id, {
      source, destination: { type: 'blobstore', path: { bucket: 'out', key } }, operations, image_format: 'image/jpeg', quality: 80,
    });
    if (call !== 'markTaskCompleted') throw new Error(`${key}: ${reason}`);
  };
  job('source', 'source.jpg', [{ type: 'resize', width_px: 320 }], { type: 'default-image' });
  copyFileSync(join(blobRoot, 'out', 'source.jpg'), join(blobRoot, 'in', 'source.jpg'));
  mkdirSync(out, { recursive: true });
  for (const [name, operations] of EXAMPLES) {
    job(name, `${name}.jpg`, operations);
    copyFileSync(join(blobRoot, 'out', `${name}.jpg`), join(out, `${name}.jpg`));
    console.log(`docs/gallery/${name}.jpg  ${JSON.stringify(operations)}`);
  }
} finally {
  rmSync(blobRoot, { recursive: true, force: true });
}
