import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { corpusFile, ROOT } from '../test/helpers.js';
import { imageJob, startTestHost, type TestHost } from '../test/e2e/harness.js';

/**
 * Jobs on the 1920x1080 corpus photo inside the built worker component, run
 * by the local host as a user would (HTTP submit, NATS publish); each row is
 * the host's own timing of `handle-message`, median of RUNS after one warm-up.
 * The first job in the fresh host is reported separately.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const JOBS: [string, unknown[], string?][] = [
  ['no-op (decode + encode JPEG)', [{ type: 'no-op' }]],
  ['grayscale -> JPEG', [{ type: 'grayscale' }]],
  ['grayscale -> PNG', [{ type: 'grayscale' }], 'image/png'],
  ['resize 320 wide (lanczos3)', [{ type: 'resize', width_px: 320 }]],
  ['resize 320 wide (bilinear)', [{ type: 'resize', width_px: 320, filter: 'bilinear' }]],
  ['resize 320x320 cover', [{ type: 'resize', width_px: 320, height_px: 320, fit: 'cover' }]],
  ['thumbnail 320', [{ type: 'thumbnail', size: 320 }]],
  ['crop 640x360', [{ type: 'crop', x: 640, y: 360, width: 640, height: 360 }]],
  ['rotate 90', [{ type: 'rotate', degrees: 90 }]],
  ['flip horizontal', [{ type: 'flip', direction: 'horizontal' }]],
  ['blur sigma 2', [{ type: 'blur', sigma: 2 }]],
  ['sharpen', [{ type: 'sharpen' }]],
  ['brightness 1.2', [{ type: 'brightness', factor: 1.2 }]],
  ['contrast 1.2', [{ type: 'contrast', factor: 1.2 }]],
  ['invert', [{ type: 'invert' }]],
  ['threshold 128', [{ type: 'threshold', level: 128 }]],
  ['black-and-white', [{ type: 'black-and-white' }]],
];

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ workers: 1 });
  await host.api('POST', '/admin/v1/db/migrate');
  mkdirSync(join(host.blobRoot, 'input'), { recursive: true });
  writeFileSync(join(host.blobRoot, 'input', 'photo.jpg'), corpusFile('jpeg_baseline_420_1920x1080.jpg'));
});
afterAll(async () => host?.stop());

let jobCount = 0;
async function runJob(operations: unknown[], format?: string): Promise<number> {
  const key = `bench-${++jobCount}`;
  const { json } = await host.api<{ id: string }>('POST', '/api/v1/tasks', imageJob({ type: 'blobstore', path: { bucket: 'input', key: 'photo.jpg' } }, key, operations, format));
  const handledBefore = host.logs.filter((l) => l.includes('"message handled"')).length;
  host.publish({ task_id: json.data.id });
  const task = await host.waitForTask(json.data.id, 600_000);
  if (task.status !== 'completed') throw new Error(`bench job failed: ${task.last_failure_reason}`);
  for (;;) {
    const handled = host.logs.filter((l) => l.includes('"message handled"'));
    if (handled.length > handledBefore) return JSON.parse(handled[handledBefore]).ms;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

it('jobs on a 1920x1080 JPEG inside the component', async () => {
  const first = await runJob([{ type: 'grayscale' }]);
  const rows: string[] = [];
  for (const [name, operations, format] of JOBS) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await runJob(operations, format));
    rows.push(`| ${name} | ${median(times)} | ${Math.min(...times)} | ${Math.max(...times)} |`);
  }
  const table = [
    `Inside the built worker component (componentize-js, StarlingMonkey), local host on jco with --no-liftoff, ` +
      `${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}. Input: jpeg_baseline_420_1920x1080.jpg; ` +
      `ms of handle-message per job (decode + operation + encode to JPEG unless noted), ` +
      `${RUNS === 1 ? 'one run each' : `median of ${RUNS}`} after one warm-up job.`,
    '',
    '| job | median ms | min ms | max ms |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `First job in a freshly started host (grayscale -> JPEG): ${first} ms.`,
  ].join('\n');
  console.log(`\n${table}\n`);
  writeFileSync(join(ROOT, 'bench', 'results.md'), `# Benchmark\n\n${table}\n`);
});
