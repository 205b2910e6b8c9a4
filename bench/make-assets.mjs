// Regenerates the bench inputs that are not in the shared corpus:
//   node bench/make-assets.mjs
// photo_rgba_1920x1080.png: the corpus 1920x1080 photo with a diagonal alpha
// gradient (so it is genuinely RGBA, not an opaque image stored with alpha),
// written by pngjs with its defaults (adaptive filtering), as a typical tool would.
// Deterministic: the same corpus file, pngjs and zlib give the same bytes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = [process.env.CORPUS_DIR, resolve(root, '..', 'shared', 'corpus'), '/work/shared/corpus']
  .find((dir) => dir && existsSync(join(dir, 'MANIFEST.json')));
if (!corpus) throw new Error('test corpus not found; set CORPUS_DIR');

const photo = jpeg.decode(readFileSync(join(corpus, 'jpeg_baseline_420_1920x1080.jpg')), { useTArray: true, formatAsRGBA: true });
const { width, height, data } = photo;
// Alpha from 255 at the top-left corner down to 32 at the bottom-right.
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    data[(y * width + x) * 4 + 3] = 255 - Math.round((223 * (x / (width - 1) + y / (height - 1))) / 2);
  }
}
const png = new PNG({ width, height, colorType: 6, inputColorType: 6, inputHasAlpha: true });
png.data = Buffer.from(data.buffer, data.byteOffset, data.length);
const out = join(root, 'bench/assets/photo_rgba_1920x1080.png');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, PNG.sync.write(png));
console.log(`wrote ${out}`);
