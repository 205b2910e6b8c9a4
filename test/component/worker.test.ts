import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../src/imaging/index.js';
import { corpusFile } from '../helpers.js';
// @ts-expect-error -- plain JS module shared with scripts/gallery.mjs
import { startInProcessWorker } from '../../scripts/in-process-worker.mjs';

/**
 * The built worker component, instantiated in-process through jco with the
 * real filesystem blob store. Its `tasks` import is a recording table here
 * (scripts/in-process-worker.mjs), so the test can assert exactly what crosses
 * the WIT boundary (the end-to-end tests pair it with the real task manager).
 */
type Call = [string, ...unknown[]];

let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let handler: { handleMessage(msg: unknown): void };
let blobRoot: string;
let calls: Call[];
let tasks: Map<string, { data: string; lease?: string }>;

beforeAll(async () => {
  blobRoot = mkdtempSync(join(tmpdir(), 'worker-component-'));
  worker = await startInProcessWorker(blobRoot);
  handler = { handleMessage: worker.handleMessage };
});

afterAll(() => rmSync(blobRoot, { recursive: true, force: true }));

beforeEach(() => {
  worker.calls.length = 0;
  worker.published.length = 0;
  worker.tasks.clear();
  calls = worker.calls as Call[];
  tasks = worker.tasks;
});

const message = (body: unknown) => ({
  subject: 'images.processing',
  body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
});

function request(source: unknown, key: string, operations: unknown[]) {
  return JSON.stringify({ source, destination: { type: 'blobstore', path: { bucket: 'out', key } }, operations });
}

describe('worker component (built .wasm through jco)', () => {
  it('leases, processes, writes an encoded image and completes with the lease id', () => {
    mkdirSync(join(blobRoot, 'in'), { recursive: true });
    writeFileSync(join(blobRoot, 'in', 'tiny.jpg'), corpusFile('jpeg_444_641x427.jpg'));
    tasks.set('t1', { data: request({ type: 'blobstore', path: { bucket: 'in', key: 'tiny.jpg' } }, 'nested/gray.jpg', [{ type: 'grayscale' }]) });
    handler.handleMessage(message({ task_id: 't1' }));
    const worker = calls[0][2];
    expect(worker).toMatch(/^image-processor-/);
    // Lease renewals (the same lease call again) may come between the steps of a slow job.
    const renewals = calls.slice(2, -1);
    expect(renewals.every((call) => call.join() === ['leaseTask', 't1', worker].join())).toBe(true);
    expect([calls[0], calls[1], calls.at(-1)]).toEqual([['leaseTask', 't1', worker], ['getTask', 't1'], ['markTaskCompleted', 'lease-of-t1', worker]]);
    const image = decodeJpeg(new Uint8Array(readFileSync(join(blobRoot, 'out', 'nested', 'gray.jpg'))), 40e6);
    expect([image.width, image.height]).toEqual([641, 427]);
  });

  it('replies to a request and publishes the outcome as an event, with the output metadata', () => {
    tasks.set('t5', { data: request({ type: 'default-image' }, 'event.png', [{ type: 'thumbnail', size: 64 }]) });
    handler.handleMessage({ ...message({ task_id: 't5' }), replyTo: '_INBOX.reply' });
    const output = { bucket: 'out', key: 'event.png', format: 'jpeg', width: 64, height: 36, bytes: expect.any(Number) };
    const outcome = { task_id: 't5', status: 'completed', output, worker_id: expect.stringMatching(/^image-processor-/), ms: expect.any(Number) };
    expect(worker.published).toEqual([
      { subject: '_INBOX.reply', body: outcome },
      { subject: 'images.processing.done', body: outcome },
    ]);
    // A duplicate gets an answer, but no second event.
    worker.published.length = 0;
    handler.handleMessage({ ...message({ task_id: 't5' }), replyTo: '_INBOX.again' });
    expect(worker.published).toEqual([{ subject: '_INBOX.again', body: { task_id: 't5', status: 'completed' } }]);
  });

  it('marks a broken image failed with the lease id and a reason', () => {
    mkdirSync(join(blobRoot, 'in'), { recursive: true });
    writeFileSync(join(blobRoot, 'in', 'bad.png'), corpusFile('bad_png_crc.png'));
    tasks.set('t2', { data: request({ type: 'blobstore', path: { bucket: 'in', key: 'bad.png' } }, 'bad-out.png', []) });
    handler.handleMessage(message({ task_id: 't2' }));
    expect(calls.at(-1)).toEqual(['markTaskFailed', 'lease-of-t2', calls[0][2], expect.stringMatching(/wrong CRC/)]);
  });

  it('refuses blob keys that leave the store root, failing the task', () => {
    tasks.set('t3', { data: request({ type: 'default-image' }, '../escape.jpg', []) });
    handler.handleMessage(message({ task_id: 't3' }));
    expect(calls.at(-1)).toEqual(['markTaskFailed', 'lease-of-t3', calls[0][2], expect.stringMatching(/destination\.path\.key: invalid key name "\.\.\/escape\.jpg"/)]);
  });

  it('warms up on its warm-up subject: no task leased or changed, nothing written', () => {
    const before = readdirSync(blobRoot, { recursive: true });
    handler.handleMessage({ subject: 'wasmcloud.image-processor.warm-up', body: new Uint8Array(0) });
    const nilTask = '00000000-0000-0000-0000-000000000000';
    // Read-only probes of the task link, all for a task that cannot exist.
    expect(calls.map(([name]) => name)).toEqual(['getTask', 'leaseTask', 'markTaskCompleted']);
    expect(calls.every((call) => call[1] === nilTask)).toBe(true);
    expect(readdirSync(blobRoot, { recursive: true })).toEqual(before);
  });

  it('rejects a message that is not a job without leasing anything', () => {
    expect(() => handler.handleMessage(message('garbage'))).toThrow();
    try {
      handler.handleMessage(message('garbage'));
    } catch (error) {
      expect((error as { payload: string }).payload).toMatch(/^permanent: job message is not JSON/);
    }
    try {
      handler.handleMessage(message({ id: 1 }));
    } catch (error) {
      expect((error as { payload: string }).payload).toMatch(/invalid job message: .*task_id/);
    }
    expect(calls).toEqual([]);
  });

  it('rejects a message for an unknown task as permanent (a redelivering provider drops it)', () => {
    try {
      handler.handleMessage(message({ task_id: 'unknown' }));
      expect.unreachable();
    } catch (error) {
      expect((error as { payload: string }).payload).toMatch(/^permanent: task unknown does not exist .*task-not-found/);
    }
  });

  it('acknowledges a duplicate message for a task that is already leased, doing nothing', () => {
    tasks.set('t4', { data: request({ type: 'default-image' }, 'dup.jpg', []), lease: 'held-elsewhere' });
    handler.handleMessage(message({ task_id: 't4' }));
    // One lease attempt, and a read of the task's status for the reply; nothing marked.
    expect(calls.map(([name]) => name)).toEqual(['leaseTask', 'getTask']);
  });
});
