import { readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createScratchDatabase, imageJob, startTestHost, type TaskJson, type TestHost } from '../test/e2e/harness.js';
import { ROOT } from '../test/helpers.js';

/**
 * Load test (`npm run load`; a script, not a timed test): submit and publish
 * LOAD_JOBS small jobs (default 500) while LOAD_WORKERS worker instances
 * (default 2) run, then check that every task ended `completed` or `failed`
 * with a reason, none is stuck, and the output files match the completions.
 * One job in twenty points at a missing blob, so failures are exercised too.
 * Reports throughput and p50/p95 latency (submitted_at -> finished) and writes
 * bench/load-results.md.
 */
const JOBS = Number(process.env.LOAD_JOBS ?? 500);
const WORKERS = Number(process.env.LOAD_WORKERS ?? 2);

let host: TestHost | undefined;
const database = await createScratchDatabase();
afterAll(async () => {
  await host?.stop();
  await database?.drop();
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

async function allTasks(h: TestHost): Promise<TaskJson[]> {
  const tasks: TaskJson[] = [];
  for (let offset = 0; ; offset += 1000) {
    const { json } = await h.api<TaskJson[]>('GET', `/api/v1/tasks?page_size=1000&offset=${offset}`);
    tasks.push(...json.data);
    if (json.data.length < 1000) return tasks;
  }
}

it(`${JOBS} jobs through ${WORKERS} worker instances`, async () => {
  host = await startTestHost({ workers: WORKERS, env: database?.env ?? {} });
  const h = host;
  const started = Date.now();
  const ids: string[] = [];
  for (let batch = 0; batch < JOBS; batch += 50) {
    const submitted = await Promise.all(
      Array.from({ length: Math.min(50, JOBS - batch) }, async (_, i) => {
        const n = batch + i;
        const source = n % 20 === 19
          ? { type: 'blobstore', path: { bucket: 'input', key: `missing-${n}.jpg` } }
          : { type: 'default-image' };
        const operations = n % 2 === 0 ? [{ type: 'grayscale' }] : [{ type: 'thumbnail', size: 160 }];
        const { json } = await h.api<TaskJson>('POST', '/api/v1/tasks', imageJob(source, `load/${n}.jpg`, operations));
        h.publish({ task_id: json.data.id });
        return json.data.id;
      }),
    );
    ids.push(...submitted);
  }
  const submittedMs = Date.now() - started;

  // Poll the cheap counts (/metrics), not the task list: listing 500 tasks twice a second would
  // take the task manager's thread away from the workers' calls it serves.
  const unfinished = async () => {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const count = (status: string) => Number(new RegExp(`image_processor_tasks\\{status="${status}"\\} (\\d+)`).exec(text)?.[1] ?? NaN);
    return count('pending') + count('leased');
  };
  while ((await unfinished()) > 0 && Date.now() - started < 1_500_000) await new Promise((r) => setTimeout(r, 500));
  const wanted = new Set(ids);
  const tasks = (await allTasks(h)).filter((t) => wanted.has(t.id));
  const completed = tasks.filter((t) => t.status === 'completed');
  const failed = tasks.filter((t) => t.status === 'failed');
  const stuck = tasks.filter((t) => t.status !== 'completed' && t.status !== 'failed');
  const outputs = readdirSync(join(h.blobRoot, 'output', 'load')).length;
  const finishedAt = (t: TaskJson) => Date.parse((t.completed_at ?? t.last_failed_at)!);
  const latencies = tasks.filter((t) => !stuck.includes(t)).map((t) => finishedAt(t) - Date.parse(t.submitted_at)).sort((a, b) => a - b);
  const first = Math.min(...tasks.map((t) => Date.parse(t.submitted_at)));
  const last = Math.max(...tasks.filter((t) => !stuck.includes(t)).map(finishedAt));
  const seconds = (last - first) / 1000;

  const report = [
    `${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}; ${WORKERS} worker instances, ` +
      `${database ? 'Postgres server' : 'embedded PGlite'}, core NATS. ${JOBS} jobs on the built-in 640x360 JPEG ` +
      '(grayscale, or thumbnail 160), one in twenty reading a missing blob.',
    '',
    '| submitted | completed | failed (with a reason) | stuck | output files | throughput | p50 latency | p95 latency | submit phase |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${tasks.length} | ${completed.length} | ${failed.filter((t) => t.last_failure_reason).length} | ${stuck.length} | ${outputs} | ` +
      `${(tasks.length / seconds).toFixed(1)} jobs/s | ${percentile(latencies, 50)} ms | ${percentile(latencies, 95)} ms | ${submittedMs} ms |`,
  ].join('\n');
  console.log(`\n${report}\n`);
  writeFileSync(join(ROOT, 'bench', 'load-results.md'), `# Load test\n\n${report}\n`);

  // The guarantees, checked after the fact (not timings).
  expect(stuck).toEqual([]);
  expect(failed.every((t) => t.last_failure_reason)).toBe(true);
  expect(failed.length).toBe(Math.floor(JOBS / 20));
  expect(outputs).toBe(completed.length);
});
