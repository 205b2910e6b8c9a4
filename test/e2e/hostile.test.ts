import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../helpers.js';
import { fixPngCrcs, gifImageDescriptor, mutate, prng, type MutationName } from '../mutations.js';
import { imageJob, startTestHost, type TaskJson, type TestHost } from './harness.js';

/**
 * Hostile input through the built worker component: seeded mutations of valid
 * corpus files (the unit fuzz test runs hundreds in Node; these check that
 * inside the component, too, every one ends in a task with an outcome and a
 * reason, with no trap), bad requests and bad messages. Afterwards the same
 * worker must still complete a valid job.
 */
const SEED = 0xbad_f11e;
// Small and medium files, so the whole set stays within seconds inside the component.
const FILES = [
  'jpeg_tiny_7x5.jpg', 'jpeg_444_641x427.jpg', 'jpeg_422_799x533.jpg', 'png_rgb8_480x320.png', 'png_palette_trns_480x320.png',
  'png_adam7_rgb8_321x481.png', 'gif_320x180.gif', 'bmp_24bit_320x180.bmp',
];
const KINDS: MutationName[] = [
  'bit flips', 'byte overwrites', 'header bytes', 'hostile dimensions', 'chunk/segment length', 'PNG data with fixed CRCs', 'truncation',
];
const CASES = 14;
// Per task, measured from the test's start: generous for 2 shared cores, far below a stuck worker.
const TASK_DEADLINE_MS = 40_000;

const random = prng(SEED);
const mutants = Array.from({ length: CASES }, (_, i) => {
  const file = FILES[i % FILES.length];
  const { name, bytes } = mutate(corpusFile(file), random, KINDS[i % KINDS.length]);
  return { key: `m${i}-${file}`, label: `case ${i}: ${file}, ${name}`, bytes };
});

/** Headers that once made a decoder allocate gigabytes (checked now before any allocation). */
function crafted() {
  const gif = corpusFile('gif_320x180.gif').slice();
  gif.set([0xff, 0xff, 0xff, 0xff], gifImageDescriptor(gif) + 5); // a 65535x65535 frame in a 320x180 screen
  const png = corpusFile('png_1x1.png').slice();
  png.set([0, 0, 0x17, 0x70, 0, 0, 0x17, 0x70], 16); // 6000x6000 over a few bytes of image data
  fixPngCrcs(png);
  return [
    { key: 'huge-gif-frame.gif', label: 'GIF frame over the limit', bytes: gif, reason: /GIF frame is 65535x65535, over the limit/ },
    { key: 'png-36mp-tiny-idat.png', label: 'PNG 36 MP over 1 pixel of data', bytes: png, reason: /PNG image data is shorter than its dimensions require/ },
  ];
}
const CRAFTED = crafted();

const BAD_REQUESTS = [
  { label: 'key leaving the store root', source: { type: 'default-image' }, key: '../../escape.jpg', reason: /destination\.path\.key: invalid key name .*"\.\."/ },
  { label: 'hidden source key', source: { type: 'blobstore', path: { bucket: 'hostile', key: '.env' } }, key: 'x.jpg', reason: /source\.path\.key: .*hidden/ },
  { label: 'plain-http remote source', source: { type: 'remote-https', url: 'http://example.com/a.jpg' }, key: 'x.jpg', reason: /must be an https:\/\/ URL/ },
  { label: 'remote source on loopback', source: { type: 'remote-https', url: 'https://127.0.0.1:1/a.jpg' }, key: 'x.jpg', reason: /loopback.*not allowed/ },
  { label: 'remote source on the metadata address', source: { type: 'remote-https', url: 'https://[::ffff:169.254.169.254]/' }, key: 'x.jpg', reason: /link-local/ },
];

describe('hostile input inside the component', () => {
  let host: TestHost;
  let started: number;
  const results = new Map<string, TaskJson>();

  beforeAll(async () => {
    host = await startTestHost();
    await host.api('POST', '/admin/v1/db/migrate');
    mkdirSync(join(host.blobRoot, 'hostile'), { recursive: true });
    started = Date.now();
    const submitted: [string, string][] = [];
    const submit = async (label: string, job: unknown) => {
      const { json } = await host.api<TaskJson>('POST', '/api/v1/tasks', job);
      submitted.push([label, json.data.id]);
      host.publish({ task_id: json.data.id });
    };
    for (const m of mutants) {
      writeFileSync(join(host.blobRoot, 'hostile', m.key), m.bytes);
      await submit(m.label, imageJob({ type: 'blobstore', path: { bucket: 'hostile', key: m.key } }, `${m.key}.out`, [{ type: 'grayscale' }, { type: 'resize', width_px: 64 }]));
    }
    for (const c of CRAFTED) {
      writeFileSync(join(host.blobRoot, 'hostile', c.key), c.bytes);
      await submit(c.label, imageJob({ type: 'blobstore', path: { bucket: 'hostile', key: c.key } }, `${c.key}.out`, [{ type: 'grayscale' }]));
    }
    for (const bad of BAD_REQUESTS) await submit(bad.label, imageJob(bad.source, bad.key, [{ type: 'grayscale' }]));
    // Messages that are no job, or name no task: rejected without a task, between the jobs.
    for (const body of ['not json', '{"task_id":', { task_id: '00000000-0000-0000-0000-000000000000' }, { task_id: 'no-such-task' }, { job_id: 42 }, {}]) {
      host.publish(body);
    }
    for (const [label, id] of submitted) {
      results.set(label, await host.waitForTask(id, Math.max(1_000, started + TASK_DEADLINE_MS - Date.now())));
    }
  }, 120_000);

  afterAll(async () => host?.stop());

  for (const m of mutants) {
    it(`${m.label}: ends failed with a reason, or completed`, () => {
      const task = results.get(m.label)!;
      expect(['failed', 'completed']).toContain(task.status);
      if (task.status === 'failed') {
        expect(task.last_failure_reason).toMatch(/\S/);
        // A reason for the submitter, not a leaked engine error.
        expect(task.last_failure_reason).not.toMatch(/RuntimeError|unreachable|RangeError|TypeError|undefined|out of memory/i);
      }
    });
  }

  for (const c of CRAFTED) {
    it(`${c.label}: refused from the header, before any allocation`, () => {
      const task = results.get(c.label)!;
      expect(task.status).toBe('failed');
      expect(task.last_failure_reason).toMatch(c.reason);
    });
  }

  for (const bad of BAD_REQUESTS) {
    it(`${bad.label}: fails the task naming the problem`, () => {
      const task = results.get(bad.label)!;
      expect(task.status).toBe('failed');
      expect(task.last_failure_reason).toMatch(bad.reason);
    });
  }

  it('rejects the messages that name no task, and the worker still completes a valid job', async () => {
    await expect.poll(() => host.logs.filter((l) => l.includes('"message rejected"')).length).toBeGreaterThanOrEqual(6);
    const { json } = await host.api<TaskJson>('POST', '/api/v1/tasks', imageJob({ type: 'default-image' }, 'after-hostile.jpg', [{ type: 'grayscale' }]));
    host.publish({ task_id: json.data.id });
    const done = await host.waitForTask(json.data.id, 20_000);
    expect(done.last_failure_reason).toBeNull();
    expect(done.status).toBe('completed');
  });

  it('no component instance trapped or exited', () => {
    expect(host.logs.filter((l) => l.includes('exited') || l.includes('trapped'))).toEqual([]);
  });
});
