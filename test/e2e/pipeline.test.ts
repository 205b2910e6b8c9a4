import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJpeg, decodePng } from '../../src/imaging/index.js';
import { corpusFile } from '../helpers.js';
import { createScratchDatabase, imageJob, startTestHost, type TaskJson, type TestHost } from './harness.js';

async function submit(host: TestHost, job: unknown): Promise<TaskJson> {
  const { status, json } = await host.api<TaskJson>('POST', '/api/v1/tasks', job);
  expect(status).toBe(200);
  return json.data;
}

function putSource(host: TestHost, key: string, bytes: Uint8Array): void {
  mkdirSync(join(host.blobRoot, 'input'), { recursive: true });
  writeFileSync(join(host.blobRoot, 'input', key), bytes);
}

const scratch = await createScratchDatabase();
const backends = [
  { name: 'embedded PGlite', env: async () => ({}) },
  { name: 'PostgreSQL server at 127.0.0.1:5432', env: async () => scratch?.env, skip: !scratch },
];

afterAll(async () => scratch?.drop());

for (const backend of backends) {
  describe.skipIf(backend.skip)(`end to end on ${backend.name}`, () => {
    let host: TestHost;

    beforeAll(async () => {
      host = await startTestHost({ env: await backend.env() });
      const { json } = await host.api('POST', '/admin/v1/db/migrate');
      expect(json.status).toBe('success');
    });

    afterAll(async () => host?.stop());

    it('turns a 1920x1080 JPEG from the blob store into a gray JPEG of the same size', async () => {
      putSource(host, 'photo.jpg', corpusFile('jpeg_baseline_420_1920x1080.jpg'));
      const task = await submit(host, imageJob({ type: 'blobstore', path: { bucket: 'input', key: 'photo.jpg' } }, 'photo-gray.jpg', [{ type: 'grayscale' }]));
      expect(task.status).toBe('pending');
      host.publish({ task_id: task.id });
      const done = await host.waitForTask(task.id);
      expect(done.last_failure_reason).toBeNull();
      expect(done.status).toBe('completed');
      expect(done.completed_at).toMatch(/^\d{4}-\d\d-\d\dT/);
      const output = new Uint8Array(readFileSync(join(host.blobRoot, 'output', 'photo-gray.jpg')));
      expect([output[0], output[1]]).toEqual([0xff, 0xd8]); // an encoded JPEG, not raw pixels
      const image = decodeJpeg(output, 40e6);
      expect([image.width, image.height]).toEqual([1920, 1080]);
      let maxChannelSpread = 0;
      for (let i = 0; i < image.data.length; i += 4) {
        const { data } = image;
        maxChannelSpread = Math.max(maxChannelSpread, Math.abs(data[i] - data[i + 1]), Math.abs(data[i + 1] - data[i + 2]));
      }
      // R=G=B up to the encoder's chroma rounding.
      expect(maxChannelSpread).toBeLessThanOrEqual(2);
    });

    it('resizes the default image into PNG, fitting inside the box', async () => {
      const task = await submit(host, imageJob({ type: 'default-image' }, 'thumb.png', [{ type: 'resize', width_px: 100, height_px: 100 }], 'image/png'));
      host.publish({ job_id: task.id }); // the upstream README's alias
      expect((await host.waitForTask(task.id)).status).toBe('completed');
      const image = await decodePng(new Uint8Array(readFileSync(join(host.blobRoot, 'output', 'thumb.png'))));
      expect([image.width, image.height]).toEqual([100, 56]);
    });

    it('fails a task whose source does not exist, with a reason, and then serves the next job', async () => {
      putSource(host, 'present.jpg', corpusFile('jpeg_tiny_7x5.jpg')); // the container exists, the object does not
      const missing = await submit(host, imageJob({ type: 'blobstore', path: { bucket: 'input', key: 'nope.jpg' } }, 'never.jpg', [{ type: 'grayscale' }]));
      host.publish({ task_id: missing.id });
      const failed = await host.waitForTask(missing.id);
      expect(failed.status).toBe('failed');
      expect(failed.last_failure_reason).toMatch(/nope\.jpg.*not found/);

      const next = await submit(host, imageJob({ type: 'default-image' }, 'after-failure.jpg', [{ type: 'grayscale' }]));
      host.publish({ task_id: next.id });
      expect((await host.waitForTask(next.id)).status).toBe('completed');
    });

    it('fails a broken image and an invalid request with clear reasons', async () => {
      putSource(host, 'broken.jpg', corpusFile('bad_truncated_50pct.jpg'));
      const broken = await submit(host, imageJob({ type: 'blobstore', path: { bucket: 'input', key: 'broken.jpg' } }, 'broken-out.jpg', [{ type: 'grayscale' }]));
      const invalid = await submit(host, imageJob({ type: 'default-image' }, 'x.jpg', [{ type: 'resize', width_px: -5 }]));
      host.publish({ task_id: broken.id });
      host.publish({ task_id: invalid.id });
      const brokenDone = await host.waitForTask(broken.id);
      expect(brokenDone.status).toBe('failed');
      expect(brokenDone.last_failure_reason).toMatch(/JPEG/);
      const invalidDone = await host.waitForTask(invalid.id);
      expect(invalidDone.status).toBe('failed');
      expect(invalidDone.last_failure_reason).toMatch(/operations\.0\.width_px/);
    });

    it('rejects unparsable and unknown-task messages without harming the worker', async () => {
      host.publish('this is not json');
      host.publish({ task_id: '00000000-0000-0000-0000-000000000000' });
      const task = await submit(host, imageJob({ type: 'default-image' }, 'after-garbage.jpg', []));
      host.publish({ task_id: task.id });
      expect((await host.waitForTask(task.id)).status).toBe('completed');
      await expect.poll(() => host.logs.filter((l) => l.includes('"message rejected"')).length).toBeGreaterThanOrEqual(2);
      expect(host.logs.some((l) => l.includes('job message is not JSON'))).toBe(true);
      expect(host.logs.some((l) => l.includes('task-not-found'))).toBe(true);
    });

    it('does not process a task twice when its message is delivered twice', async () => {
      const task = await submit(host, imageJob({ type: 'default-image' }, 'twice.jpg', [{ type: 'grayscale' }]));
      host.publish({ task_id: task.id });
      host.publish({ task_id: task.id });
      expect((await host.waitForTask(task.id)).status).toBe('completed');
      // The duplicate is acknowledged and ignored, and the log says why.
      await expect.poll(() => host.logs.some((l) => l.includes(`task ${task.id}: nothing to do`) && l.includes('task-not-leasable'))).toBe(true);
      expect(host.logs.filter((l) => l.includes(`task ${task.id}: leased by`))).toHaveLength(1);
    });
  });
}
