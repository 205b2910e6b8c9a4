import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, imageJob, type TaskJson, startTestHost, type TestHost } from './harness.js';

/**
 * The task lifecycle of a real work queue, through the built components:
 * leases that expire and renew, counted attempts, transient failures retried
 * up to a limit, duplicates ignored, races with one winner, re-announcement of
 * pending tasks, and bearer-token access to the API.
 */
const ADMIN = 'admin-token-0123456789';
const CLIENT = 'client-token-0123456789';
const WORKER = 'worker-token-0123456789';
const LEASE_SECONDS = 2;
const MAX_ATTEMPTS = 3;

const scratch = await createScratchDatabase();
let host: TestHost;

beforeAll(async () => {
  host = await startTestHost({
    workers: 2,
    apiToken: ADMIN,
    env: {
      ...scratch?.env,
      TASK_MANAGER_ADMIN_TOKEN: ADMIN, TASK_MANAGER_CLIENT_TOKEN: CLIENT, TASK_MANAGER_WORKER_TOKEN: WORKER,
      TASK_MANAGER_LEASE_SECONDS: String(LEASE_SECONDS), TASK_MANAGER_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      // Tasks leased by hand below must not be re-announced to the worker behind the test's back.
      REQUEUE_INTERVAL_SECONDS: '0',
    },
  });
});
afterAll(async () => {
  await host?.stop();
  await scratch?.drop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const job = (key: string) => imageJob({ type: 'default-image' }, key, [{ type: 'grayscale' }]);

async function submit(key: string): Promise<TaskJson> {
  const { status, json } = await host.api<TaskJson>('POST', '/api/v1/tasks', job(key), bearer(CLIENT));
  expect(status).toBe(200);
  return json.data;
}

const lease = (id: string, worker: string) => host.api<string>('POST', `/api/v1/tasks/${id}/lease`, { worker_id: worker }, bearer(WORKER));
const task = async (id: string) => (await host.api<TaskJson>('GET', `/api/v1/tasks/${id}`)).json.data;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('authentication', () => {
  it('asks for a bearer token once tokens are configured, and tells roles apart', async () => {
    const anonymous = await host.api('POST', '/api/v1/tasks', job('auth.jpg'), { authorization: '' });
    expect([anonymous.status, anonymous.json.error?.code]).toEqual([401, 'unauthorized']);
    const wrong = await host.api('GET', '/api/v1/tasks', undefined, bearer('not-the-token'));
    expect([wrong.status, wrong.json.error?.code]).toEqual([401, 'unauthorized']);

    const submitted = await submit('auth.jpg');
    const clientLease = await host.api('POST', `/api/v1/tasks/${submitted.id}/lease`, { worker_id: 'w' }, bearer(CLIENT));
    expect([clientLease.status, clientLease.json.error?.code]).toEqual([403, 'forbidden']);
    const clientAdmin = await host.api('POST', '/admin/v1/db/migrate', undefined, bearer(CLIENT));
    expect([clientAdmin.status, clientAdmin.json.error?.code]).toEqual([403, 'forbidden']);
    const workerSubmit = await host.api('POST', '/api/v1/tasks', job('auth2.jpg'), bearer(WORKER));
    expect(workerSubmit.status).toBe(403);

    expect((await lease(submitted.id, 'auth-worker')).status).toBe(200);
    expect((await host.api('POST', '/admin/v1/db/migrate', undefined, bearer(ADMIN))).status).toBe(200);
    expect((await host.api('GET', '/ready', undefined, { authorization: '' })).status).toBe(200);
    // Tokens never reach the log.
    expect(host.logs.some((line) => line.includes(CLIENT) || line.includes(ADMIN) || line.includes(WORKER))).toBe(false);
  });
});

describe('leases', () => {
  it('expire: the stale holder is refused, the task is leasable again and the attempt is counted', async () => {
    const { id } = await submit('expire.jpg');
    const first = await lease(id, 'worker-a');
    expect(first.status).toBe(200);
    const leased = await task(id);
    expect(leased).toMatchObject({ status: 'leased', attempts: 1, lease_worker_id: 'worker-a' });
    expect(Date.parse(leased.lease_expires_at!) - Date.now()).toBeLessThanOrEqual(LEASE_SECONDS * 1000 + 500);

    await sleep(LEASE_SECONDS * 1000 + 700);
    const stale = await host.api('POST', `/api/v1/tasks/${id}/complete`, { worker_id: 'worker-a', lease_id: first.json.data }, bearer(WORKER));
    expect([stale.status, stale.json.error?.code]).toEqual([409, 'lease-expired']);
    const expired = await task(id);
    expect(expired.status).toBe('pending');
    expect(expired.last_failure_reason).toContain(`the lease of worker-a expired (attempt 1 of ${MAX_ATTEMPTS})`);

    const second = await lease(id, 'worker-b');
    expect(second.status).toBe(200);
    expect(second.json.data).not.toBe(first.json.data);
    expect(await task(id)).toMatchObject({ status: 'leased', attempts: 2, lease_worker_id: 'worker-b' });
    const done = await host.api('POST', `/api/v1/tasks/${id}/complete`, { worker_id: 'worker-b', lease_id: second.json.data }, bearer(WORKER));
    expect(done.status).toBe(200);
  });

  it('a lapsed lease is taken over by the next lease call itself, with nothing read in between', async () => {
    const { id } = await submit('takeover.jpg');
    expect((await lease(id, 'worker-a')).status).toBe(200);
    await sleep(LEASE_SECONDS * 1000 + 700);
    const taken = await lease(id, 'worker-b');
    expect(taken.status).toBe(200);
    expect(await task(id)).toMatchObject({ status: 'leased', attempts: 2, lease_worker_id: 'worker-b' });
    expect((await task(id)).last_failure_reason).toContain('the lease of worker-a expired (attempt 1 of');
  });

  it('renew when the holder leases again; nobody else gets the task meanwhile', async () => {
    const { id } = await submit('renew.jpg');
    const first = await lease(id, 'holder');
    const before = (await task(id)).lease_expires_at!;
    await sleep(1100);
    const renewed = await lease(id, 'holder');
    expect(renewed.json.data).toBe(first.json.data);
    expect(Date.parse((await task(id)).lease_expires_at!)).toBeGreaterThan(Date.parse(before));
    const other = await lease(id, 'someone-else');
    expect([other.status, other.json.error?.code]).toEqual([409, 'task-not-leasable']);
    expect(other.json.error?.message).toContain('leased by holder');
    expect((await task(id)).attempts).toBe(1);
  });

  it('are won by exactly one of many concurrent callers', async () => {
    const { id } = await submit('race.jpg');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => lease(id, `racer-${i}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect((await task(id)).attempts).toBe(1);
  });
});

describe('attempts', () => {
  it('retries a transient failure until max_attempts, then fails for good with the last reason', async () => {
    const { id } = await submit('flaky.jpg');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { json } = await lease(id, 'flaky-worker');
      const failed = await host.api('POST', `/api/v1/tasks/${id}/fail`,
        { worker_id: 'flaky-worker', lease_id: json.data, reason: `blob store unavailable (${attempt})`, retry: true }, bearer(WORKER));
      expect(failed.status).toBe(200);
      const after = await task(id);
      expect(after.attempts).toBe(attempt);
      expect(after.status).toBe(attempt < MAX_ATTEMPTS ? 'pending' : 'failed');
    }
    expect((await task(id)).last_failure_reason).toBe(`gave up after ${MAX_ATTEMPTS} attempts: blob store unavailable (${MAX_ATTEMPTS})`);
    expect((await lease(id, 'flaky-worker')).json.error?.code).toBe('task-not-leasable');
  });

  it('fails a task at once on a permanent failure', async () => {
    const { id } = await submit('broken.jpg');
    const { json } = await lease(id, 'w');
    await host.api('POST', `/api/v1/tasks/${id}/fail`, { worker_id: 'w', lease_id: json.data, reason: 'not an image' }, bearer(WORKER));
    expect(await task(id)).toMatchObject({ status: 'failed', attempts: 1, last_failure_reason: 'not an image' });
  });
});

describe('the worker (two instances) and redelivery', () => {
  it('processes a task once however many times its message arrives', async () => {
    const { id } = await submit('dup.jpg');
    for (let i = 0; i < 6; i++) host.publish({ task_id: id });
    expect((await host.waitForTask(id)).status).toBe('completed');
    await expect.poll(() => host.logs.filter((l) => l.includes(`task ${id}: nothing to do`)).length, { timeout: 10_000 }).toBe(5);
    expect(host.logs.filter((l) => l.includes(`task ${id}: leased by`))).toHaveLength(1);
    expect((await task(id)).attempts).toBe(1);
  });

  it('re-announces pending tasks whose messages were lost (POST /admin/v1/tasks/requeue)', async () => {
    const { id } = await submit('lost.jpg'); // never published
    const denied = await host.api('POST', '/admin/v1/tasks/requeue', {}, bearer(CLIENT));
    expect(denied.status).toBe(403);
    const { status, json } = await host.api<{ subject: string; requeued: string[] }>('POST', '/admin/v1/tasks/requeue', {});
    expect(status).toBe(200);
    expect(json.data.subject).toBe(host.subject);
    expect(json.data.requeued).toContain(id);
    expect((await host.waitForTask(id)).status).toBe('completed');
  });
});
