import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TaskJson, type TestHost } from './harness.js';

const job = { source: { type: 'default-image' }, destination: { type: 'blobstore', path: { bucket: 'b', key: 'k' } }, operations: [] };

describe('task manager HTTP API (through the built component)', () => {
  let host: TestHost;
  // No worker listens on this host's subject for these tests: tasks stay where the API puts them.
  beforeAll(async () => {
    host = await startTestHost();
    await host.api('POST', '/admin/v1/db/migrate');
  });
  afterAll(async () => host?.stop());

  async function submitted(): Promise<TaskJson> {
    const { json } = await host.api<TaskJson>('POST', '/api/v1/tasks', { group_id: 'api', task_data: job });
    return json.data;
  }

  it('answers /ready and migrates idempotently', async () => {
    expect((await host.api('GET', '/ready')).json).toEqual({ status: 'success' });
    for (let i = 0; i < 2; i++) {
      const { status, json } = await host.api('POST', '/admin/v1/db/migrate');
      expect([status, json.status]).toEqual([200, 'success']);
    }
  });

  it('submits with lowercase status, RFC 3339 timestamps and the data as an object', async () => {
    const { status, json } = await host.api<TaskJson>('POST', '/api/v1/tasks', { group_id: 'api', task_data: job });
    expect(status).toBe(200);
    expect(json.status).toBe('success');
    expect(json.data).toMatchObject({ status: 'pending', group_id: 'api', data_json: job, completed_at: null });
    expect(new Date(json.data.submitted_at).toISOString()).toBe(json.data.submitted_at);
    expect(Object.keys(json.data)).toEqual([
      'id', 'status', 'group_id', 'data_json', 'last_failed_at', 'last_failure_reason', 'leased_at',
      'lease_worker_id', 'completed_at', 'submitted_at', 'last_updated_at', 'attempts', 'lease_expires_at', 'output',
    ]);
    expect(json.data).toMatchObject({ attempts: 0, lease_expires_at: null, output: null });
  });

  it('accepts the upstream README form: POST /api/v1/tasks/submit with the bare request, no content type', async () => {
    const { status, json } = await host.api<TaskJson>('POST', '/api/v1/tasks/submit', JSON.stringify(job), {});
    expect(status).toBe(200);
    expect(json.data.data_json).toEqual(job);
  });

  it('rejects bad submissions with 400/415 and precise codes', async () => {
    const noType = await fetch(`${host.url}/api/v1/tasks`, { method: 'POST', body: JSON.stringify({ group_id: 'a', task_data: {} }) });
    expect(noType.status).toBe(415);
    expect((await noType.json()).error.code).toBe('invalid-content-type');
    const notJson = await host.api('POST', '/api/v1/tasks', '{oops');
    expect([notJson.status, notJson.json.error?.code]).toEqual([400, 'invalid-req-body']);
    const notObject = await host.api('POST', '/api/v1/tasks', { group_id: 'a', task_data: [1, 2] });
    expect([notObject.status, notObject.json.error?.code]).toEqual([400, 'invalid-req-body']);
    expect(notObject.json.error?.message).toMatch(/task_data/);
  });

  it('gets a task, 404s an unknown one, 400s a non-UUID id', async () => {
    const task = await submitted();
    expect((await host.api<TaskJson>('GET', `/api/v1/tasks/${task.id}`)).json.data.id).toBe(task.id);
    const unknown = await host.api('GET', '/api/v1/tasks/00000000-0000-4000-8000-000000000000');
    expect([unknown.status, unknown.json.error?.code]).toEqual([404, 'task-not-found']);
    const bad = await host.api('GET', '/api/v1/tasks/not-a-uuid');
    expect([bad.status, bad.json.error?.code]).toEqual([400, 'invalid-task-id']);
  });

  it('leases once, refuses a second lease with 409, and completes only with the right lease', async () => {
    const task = await submitted();
    const lease = await host.api<string>('POST', `/api/v1/tasks/${task.id}/lease`, { worker_id: 'w1' });
    expect(lease.status).toBe(200);
    expect(lease.json.data).toMatch(/^[0-9a-f-]{36}$/);
    const again = await host.api('POST', `/api/v1/tasks/${task.id}/lease`, { worker_id: 'w2' });
    expect([again.status, again.json.error?.code]).toEqual([409, 'task-not-leasable']);

    const wrongLease = await host.api('POST', `/api/v1/tasks/${task.id}/complete`, { worker_id: 'w1', lease_id: '00000000-0000-4000-8000-000000000000' });
    expect([wrongLease.status, wrongLease.json.error?.code]).toEqual([409, 'lease-mismatch']);
    const wrongWorker = await host.api('POST', `/api/v1/tasks/${task.id}/complete`, { worker_id: 'w2', lease_id: lease.json.data });
    expect([wrongWorker.status, wrongWorker.json.error?.code]).toEqual([409, 'lease-held-by-another-worker']);
    const missingLease = await host.api('POST', `/api/v1/tasks/${task.id}/complete`, { worker_id: 'w1' });
    expect([missingLease.status, missingLease.json.error?.code]).toEqual([400, 'invalid-req-body']);

    const done = await host.api('POST', `/api/v1/tasks/${task.id}/complete`, { worker_id: 'w1', lease_id: lease.json.data });
    expect(done.json).toEqual({ status: 'success' });
    const twice = await host.api('POST', `/api/v1/tasks/${task.id}/complete`, { worker_id: 'w1', lease_id: lease.json.data });
    expect([twice.status, twice.json.error?.code]).toEqual([409, 'task-not-leased']);
    const failAfter = await host.api('POST', `/api/v1/tasks/${task.id}/fail`, { worker_id: 'w1', lease_id: lease.json.data, reason: 'x' });
    expect(failAfter.status).toBe(409); // a completed task is not flipped to failed (upstream allowed it)
    expect((await host.api<TaskJson>('GET', `/api/v1/tasks/${task.id}`)).json.data.status).toBe('completed');
  });

  it('releases a lease (new lease id next time) and fails with a stored reason', async () => {
    const task = await submitted();
    const first = (await host.api<string>('POST', `/api/v1/tasks/${task.id}/lease`, { worker_id: 'w1' })).json.data;
    expect((await host.api('POST', `/api/v1/tasks/${task.id}/release`, { worker_id: 'w1', lease_id: first })).json.status).toBe('success');
    const second = (await host.api<string>('POST', `/api/v1/tasks/${task.id}/lease`, { worker_id: 'w2' })).json.data;
    expect(second).not.toBe(first);
    const failed = await host.api('POST', `/api/v1/tasks/${task.id}/fail`, { worker_id: 'w2', lease_id: second, reason: 'could not decode' });
    expect(failed.json.status).toBe('success');
    const stored = (await host.api<TaskJson>('GET', `/api/v1/tasks/${task.id}`)).json.data;
    expect([stored.status, stored.last_failure_reason]).toEqual(['failed', 'could not decode']);
  });

  it('lists in submission order with validated paging and a decoded group filter', async () => {
    await host.api('POST', '/api/v1/tasks', { group_id: 'a b', task_data: { n: 1 } });
    await host.api('POST', '/api/v1/tasks', { group_id: 'a b', task_data: { n: 2 } });
    await host.api('POST', '/api/v1/tasks', { group_id: 'a b', task_data: { n: 3 } });
    const page = await host.api<TaskJson[]>('GET', '/api/v1/tasks?group_id=a%20b&offset=1&page_size=2');
    expect(page.json.data.map((t) => t.data_json.n)).toEqual([2, 3]);
    const bad = await host.api('GET', '/api/v1/tasks?page_size=lots');
    expect([bad.status, bad.json.error?.code]).toEqual([400, 'invalid-query']);
  });

  it('answers unknown routes with 404 and wrong methods with 405', async () => {
    const unknown = await host.api('GET', '/nope');
    expect([unknown.status, unknown.json.error?.code]).toEqual([404, 'invalid-endpoint']);
    const method = await host.api('PUT', '/api/v1/tasks', {});
    expect([method.status, method.json.error?.code]).toEqual([405, 'method-not-allowed']);
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const big = await host.api('POST', '/api/v1/tasks', { group_id: 'a', task_data: { pad: 'x'.repeat(1_100_000) } });
    expect([big.status, big.json.error?.code]).toEqual([413, 'body-too-large']);
  });
});
