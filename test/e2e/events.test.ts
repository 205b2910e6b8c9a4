import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, imageJob, startTestHost, type TaskJson, type TestHost } from './harness.js';

/**
 * One call and answers back: submit-and-enqueue, replies to `nats request`,
 * done/failed events, output metadata on the task, /metrics, structured logs.
 */
interface Output { bucket: string; key: string; format: string; width: number; height: number; bytes: number }
type TaskWithOutput = TaskJson & { output: Output | null; enqueued?: boolean };

const scratch = await createScratchDatabase();
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ env: scratch?.env ?? {} });
});
afterAll(async () => {
  await host?.stop();
  await scratch?.drop();
});

const decode = (data: Uint8Array) => JSON.parse(new TextDecoder().decode(data));

describe('answers back', () => {
  it('submits and enqueues in one call; the task then carries its output', async () => {
    const job = { ...imageJob({ type: 'default-image' }, 'one-call.jpg', [{ type: 'thumbnail', size: 100 }]), enqueue: true };
    const { status, json } = await host.api<TaskWithOutput>('POST', '/api/v1/tasks', job);
    expect(status).toBe(200);
    expect(json.data.enqueued).toBe(true);
    expect((await host.waitForTask(json.data.id)).status).toBe('completed');
    await expect.poll(async () => (await host.api<TaskWithOutput>('GET', `/api/v1/tasks/${json.data.id}`)).json.data.output)
      .toEqual({ bucket: 'output', key: 'one-call.jpg', format: 'jpeg', width: 100, height: 56, bytes: expect.any(Number) });
  });

  it('replies to `nats request` with the outcome and publishes done/failed events', async () => {
    const done = host.nats.subscribe(`${host.subject}.done`, { max: 1 });
    const failed = host.nats.subscribe(`${host.subject}.failed`, { max: 1 });
    const ok = (await host.api<TaskJson>('POST', '/api/v1/tasks', imageJob({ type: 'default-image' }, 'req.png', [{ type: 'grayscale' }], 'image/png'))).json.data;
    const reply = decode((await host.nats.request(host.subject, new TextEncoder().encode(JSON.stringify({ task_id: ok.id })), { timeout: 30_000 })).data);
    expect(reply).toMatchObject({ task_id: ok.id, status: 'completed', output: { bucket: 'output', key: 'req.png', format: 'png', width: 640, height: 360 } });
    expect(reply.output.bytes).toBeGreaterThan(1000);
    for await (const event of done) expect(decode(event.data)).toEqual(reply);

    const bad = (await host.api<TaskJson>('POST', '/api/v1/tasks', imageJob({ type: 'blobstore', path: { bucket: 'input', key: 'missing.jpg' } }, 'x.jpg', []))).json.data;
    const failure = decode((await host.nats.request(host.subject, new TextEncoder().encode(JSON.stringify({ task_id: bad.id })), { timeout: 30_000 })).data);
    expect(failure).toMatchObject({ task_id: bad.id, status: 'failed', error: expect.stringContaining('does not exist') });
    for await (const event of failed) expect(decode(event.data)).toEqual(failure);

    // A duplicate request gets the task's state, and no second event.
    const again = decode((await host.nats.request(host.subject, new TextEncoder().encode(JSON.stringify({ task_id: ok.id })), { timeout: 30_000 })).data);
    expect(again).toEqual({ task_id: ok.id, status: 'completed' });
    const garbage = decode((await host.nats.request(host.subject, new TextEncoder().encode('not json'), { timeout: 30_000 })).data);
    expect(garbage).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^permanent: job message is not JSON/) });
  });
});

describe('observability', () => {
  it('serves Prometheus metrics: tasks by status and a job-duration histogram', async () => {
    const response = await fetch(`${host.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await response.text();
    const value = (name: string) => Number(new RegExp(`^${name.replace(/[{}"+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('image_processor_tasks{status="completed"}')).toBeGreaterThanOrEqual(2);
    expect(value('image_processor_tasks{status="failed"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE image_processor_job_duration_seconds histogram');
    const count = value('image_processor_job_duration_seconds_count');
    expect(count).toBe(value('image_processor_tasks{status="completed"}'));
    expect(value('image_processor_job_duration_seconds_bucket{le="+Inf"}')).toBe(count);
    expect(value('image_processor_job_duration_seconds_sum')).toBeGreaterThan(0);
  });

  it('logs one JSON object per line, with task id, worker id and duration for a job', () => {
    const lines = host.logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(5);
    const completed = lines.find((l) => typeof l.msg === 'string' && l.msg.includes(': completed: wrote'));
    expect(completed).toMatchObject({
      level: 'info', component: 'image-processor', task_id: expect.any(String), worker_id: expect.stringMatching(/^image-processor-/), ms: expect.any(Number),
    });
  });
});
