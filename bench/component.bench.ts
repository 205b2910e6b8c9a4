import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { runPipeline } from '../src/imaging/pipeline.js';
import { formatFromMime } from '../src/imaging/format.js';
import { OperationSchema } from '../src/imaging/operations.js';
import { corpusFile, ROOT } from '../test/helpers.js';
import { createScratchDatabase, imageJob, startTestHost, type TestHost } from '../test/e2e/harness.js';
// @ts-expect-error plain ES module without types
import { build } from '../scripts/build.mjs';

/**
 * Each job three ways: (a) the product's worker component run by the local
 * host as a user would (HTTP submit, NATS request answered when the job is done; the host's own timing of
 * `handle-message`, which includes lease, blob read, pipeline, blob write and
 * completion), median of RUNS after a warm-up; (b) the same jobs in a worker
 * built the same way with the naive pipeline of bench/naive (jpeg-js,
 * fast-png/fflate, no planner), one run each; (c) the product's imaging code
 * (runPipeline) directly in Node, median of RUNS.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NAIVE = process.env.BENCH_NAIVE !== '0';
/** Comma-separated substrings of job names: run only those (the table then goes to bench/results.partial.md). */
/** BENCH_MEMORY=0 skips the memory of a host in the default configuration. */
const MEMORY = process.env.BENCH_MEMORY !== '0';
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);

const PHOTO = 'jpeg_baseline_420_1920x1080.jpg';
const BIG = 'jpeg_12mp_4000x3000.jpg';
const PNG = 'photo_rgba_1920x1080.png';

interface Job {
  name: string;
  input: string;
  operations: unknown[];
  format?: string;
  quality?: number;
  /** Target in ms from the speed issue. */
  target: number;
}

const JOBS: Job[] = [
  { name: 'JPEG 1920x1080 -> grayscale -> JPEG', input: PHOTO, operations: [{ type: 'grayscale' }], target: 500 },
  { name: 'JPEG 1920x1080 -> thumbnail 320 -> JPEG', input: PHOTO, operations: [{ type: 'thumbnail', size: 320 }], target: 300 },
  { name: 'JPEG 4000x3000 -> resize 320 wide -> JPEG', input: BIG, operations: [{ type: 'resize', width_px: 320 }], target: 1000 },
  { name: 'JPEG 1920x1080 -> rotate 90 -> JPEG', input: PHOTO, operations: [{ type: 'rotate', degrees: 90 }], target: 500 },
  { name: 'JPEG 1920x1080 -> flip horizontal -> JPEG', input: PHOTO, operations: [{ type: 'flip', direction: 'horizontal' }], target: 500 },
  { name: 'PNG 1920x1080 RGBA -> grayscale -> PNG', input: PNG, operations: [{ type: 'grayscale' }], target: 1500 },
  ...(
    [
      ['no-op', [{ type: 'no-op' }]],
      ['grayscale, quality 85 (requantized)', [{ type: 'grayscale' }], undefined, 85],
      ['grayscale -> PNG', [{ type: 'grayscale' }], 'image/png'],
      ['resize 320 wide (bilinear)', [{ type: 'resize', width_px: 320, filter: 'bilinear' }]],
      ['resize 1280 wide (lanczos3)', [{ type: 'resize', width_px: 1280 }]],
      ['resize 320x320 cover', [{ type: 'resize', width_px: 320, height_px: 320, fit: 'cover' }]],
      ['crop 640x360', [{ type: 'crop', x: 640, y: 360, width: 640, height: 360 }]],
      ['rotate 180', [{ type: 'rotate', degrees: 180 }]],
      ['flip vertical', [{ type: 'flip', direction: 'vertical' }]],
      ['blur sigma 2', [{ type: 'blur', sigma: 2 }]],
      ['sharpen', [{ type: 'sharpen' }]],
      ['brightness 1.2', [{ type: 'brightness', factor: 1.2 }]],
      ['contrast 1.2', [{ type: 'contrast', factor: 1.2 }]],
      ['invert', [{ type: 'invert' }]],
      ['threshold 128', [{ type: 'threshold', level: 128 }]],
      ['black-and-white', [{ type: 'black-and-white' }]],
    ] as [string, unknown[], string?, number?][]
  ).map(([name, operations, format, quality]) => ({
    name: `JPEG 1920x1080 -> ${name}${format ? '' : ' -> JPEG'}`, input: PHOTO, operations, format, quality, target: 4000,
  })),
];

function inputBytes(name: string): Uint8Array {
  return name === PNG ? new Uint8Array(readFileSync(join(ROOT, 'bench', 'assets', PNG))) : corpusFile(name);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Peak resident set of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : undefined;
}

/**
 * The worker's own "message handled" lines: the task manager logs one too, for
 * the outcome event the worker publishes, sometimes before the worker's.
 */
const workerHandled = (line: string) => line.includes('"message handled"') && line.includes('"component":"image-processor"');

class BenchHost {
  private count = 0;
  constructor(readonly host: TestHost) {}

  static async start(workerWasm?: string): Promise<BenchHost> {
    // As in wasmCloud, the database is a server of its own when there is one (PGlite, embedded in
    // the host process, adds its own few hundred MB to the host's memory).
    database = database ?? (await createScratchDatabase());
    const host = await startTestHost({ workers: 1, workerWasm, env: database?.env });
    await host.api('POST', '/admin/v1/db/migrate');
    mkdirSync(join(host.blobRoot, 'input'), { recursive: true });
    for (const name of [PHOTO, BIG, PNG]) writeFileSync(join(host.blobRoot, 'input', name), inputBytes(name));
    return new BenchHost(host);
  }

  /** Runs one job; returns the host's timing of handle-message in ms. */
  async run(job: Job): Promise<number> {
    const { host } = this;
    const key = `bench-${++this.count}`;
    const request = imageJob({ type: 'blobstore', path: { bucket: 'input', key: job.input } }, key, job.operations, job.format);
    if (job.quality !== undefined) Object.assign(request.task_data, { quality: job.quality });
    const { json } = await host.api<{ id: string }>('POST', '/api/v1/tasks', request);
    const handledBefore = host.logs.filter(workerHandled).length;
    // Request-reply, as a caller waiting for its job would: the worker answers when it is done,
    // so nothing polls the API (and competes for the two cores) while the job runs.
    const reply = await host.nats.request(host.subject, new TextEncoder().encode(JSON.stringify({ task_id: json.data.id })), { timeout: 900_000 });
    const outcome = JSON.parse(new TextDecoder().decode(reply.data)) as { status: string; error?: string };
    if (outcome.status !== 'completed') throw new Error(`bench job "${job.name}" failed: ${outcome.error}`);
    for (;;) {
      const handled = host.logs.filter(workerHandled);
      if (handled.length > handledBefore) return JSON.parse(handled[handledBefore]).ms;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function nodeMs(job: Job): Promise<number> {
  const spec = {
    operations: job.operations.map((op) => OperationSchema.parse(op)),
    format: formatFromMime(job.format),
    quality: job.quality,
  };
  const input = inputBytes(job.input);
  await runPipeline(input, spec);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await runPipeline(input, spec);
    times.push(performance.now() - started);
  }
  return median(times);
}

// The manifest's spreadscaler (local.wadm.yaml), with a job for each instance.
const DEFAULT_WORKERS = 2;
const BIG_JOBS_ON_DEFAULT_HOST = 4;

/** VmHWM of a host in the default configuration: embedded PGlite, the manifest's instances. */
async function defaultHostMemory(bigJob: Job): Promise<{ started?: number; afterFirst?: number; afterBig?: number }> {
  const host = await startTestHost({ workers: DEFAULT_WORKERS });
  try {
    await host.api('POST', '/admin/v1/db/migrate');
    const bench = new BenchHost(host);
    mkdirSync(join(host.blobRoot, 'input'), { recursive: true });
    writeFileSync(join(host.blobRoot, 'input', BIG), inputBytes(BIG));
    const started = peakRssMb(host.pid);
    await bench.run(bigJob);
    const afterFirst = peakRssMb(host.pid);
    // More jobs: each instance's wasm memory grows until its garbage collector catches up, and never shrinks.
    for (let i = 1; i < BIG_JOBS_ON_DEFAULT_HOST; i++) await bench.run(bigJob);
    return { started, afterFirst, afterBig: peakRssMb(host.pid) };
  } finally {
    await host.stop();
  }
}

let database: Awaited<ReturnType<typeof createScratchDatabase>>;
let product: BenchHost | undefined;
let naive: BenchHost | undefined;
beforeAll(async () => {
  if (NAIVE) await build({ only: ['image_processor_naive'] });
});
afterAll(async () => {
  await product?.host.stop();
  await naive?.host.stop();
  await database?.drop();
});

it('jobs inside the component: product, naive baseline, Node', async () => {
  product = await BenchHost.start();
  // The first job in a fresh host, then the same job again: V8 compiles the
  // engine lazily, which must not make the first job much slower.
  const warmJob = JOBS[0];
  const first = await product.run(warmJob);
  const second = await product.run(warmJob);
  const bigJob = JOBS.find((j) => j.input === BIG)!;
  const results: { job: Job; product: number; naive?: number; node: number }[] = [];
  let peakAfterBig: number | undefined;
  for (const job of ONLY ? JOBS.filter((j) => ONLY.some((part) => j.name.includes(part))) : JOBS) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await product.run(job));
    // Every run, not just the median, so an occasional pause shows.
    console.log(`${job.name}: ${times.map((t) => Math.round(t)).join(' ')} ms`);
    if (job === bigJob) peakAfterBig = peakRssMb(product.host.pid);
    results.push({ job, product: median(times), node: await nodeMs(job) });
  }
  const peakOverall = peakRssMb(product.host.pid);
  await product.host.stop();
  product = undefined;
  const defaults = MEMORY ? await defaultHostMemory(bigJob) : undefined;

  if (NAIVE) {
    naive = await BenchHost.start(join(ROOT, 'build', 'image_processor_naive.wasm'));
    await naive.run(warmJob);
    for (const result of results) result.naive = await naive.run(result.job);
  }

  const rows = results.map(({ job, product: a, naive: b, node: c }) =>
    `| ${job.name} | ${a} | ${b ?? '-'} | ${c.toFixed(0)} | ${b === undefined ? '-' : `${(b / a).toFixed(1)}x`} | ${job.target} | ${a <= job.target ? 'yes' : '**no**'} |`,
  );
  const table = [
    `${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}. ms per job. (a) the worker component run by the local host ` +
      `(jco, --no-liftoff), host's timing of handle-message, median of ${RUNS} after a warm-up; (b) the same component ` +
      `built with the naive pipeline (jpeg-js, fast-png/fflate, no planner), one run; (c) the product's imaging code ` +
      `(runPipeline) in Node, median of ${RUNS}. Default quality unless noted.`,
    '',
    '| job | (a) component ms | (b) naive component ms | (c) Node ms | (b)/(a) | target ms | met |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    `First job in a freshly started host: ${first} ms; the same job next: ${second} ms (first/second ${(first / second).toFixed(2)}).`,
    `Peak RSS of the host process (VmHWM; one worker instance, task manager, ${database ? 'Postgres server' : 'embedded PGlite'}): ` +
      `${peakAfterBig ?? '?'} MB after the 4000x3000 job, ${peakOverall ?? '?'} MB over the whole run.`,
    ...(defaults
      ? [`Peak RSS of the host process as \`npm start\` runs it (embedded PGlite, ${DEFAULT_WORKERS} worker instances, fresh data directory): ` +
        `${defaults.started} MB once started, ${defaults.afterFirst} MB after one 4000x3000 job, ` +
        `${defaults.afterBig} MB after ${BIG_JOBS_ON_DEFAULT_HOST}.`]
      : []),
  ].join('\n');
  console.log(`\n${table}\n`);
  writeFileSync(join(ROOT, 'bench', ONLY ? 'results.partial.md' : 'results.md'), `# Benchmark\n\n${table}\n`);
});
