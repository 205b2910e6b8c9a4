import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../helpers.js';
import {
  createScratchDatabase, freePort, imageJob, startNatsServer, startTcpProxy, startTestHost, type TaskJson, type TestHost,
} from './harness.js';

/**
 * Ordinary failures that must lose nothing: a worker host killed mid-job, the
 * NATS server restarted, Postgres gone for a moment, an old upstream table.
 * Every test runs real processes (hosts, nats-server, a TCP cut in front of
 * Postgres) and needs the machine's Postgres server.
 */
const scratches: { drop(): Promise<void> }[] = [];
const hosts: TestHost[] = [];
afterAll(async () => {
  for (const host of hosts) await host.stop().catch(() => {});
  for (const scratch of scratches) await scratch.drop();
});

async function database() {
  const scratch = await createScratchDatabase();
  if (scratch) scratches.push(scratch);
  return scratch;
}

async function started(options: Parameters<typeof startTestHost>[0]): Promise<TestHost> {
  const host = await startTestHost(options);
  hosts.push(host);
  return host;
}

async function submit(host: TestHost, job: unknown): Promise<TaskJson> {
  const { status, json } = await host.api<TaskJson>('POST', '/api/v1/tasks', job);
  expect(status).toBe(200);
  return json.data;
}

function sharedBlobRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'faults-blobs-'));
  mkdirSync(join(root, 'input'), { recursive: true });
  writeFileSync(join(root, 'input', 'photo.jpg'), corpusFile('jpeg_baseline_420_1920x1080.jpg'));
  return root;
}

/** The worker id that leased a task, from a host's log. */
function firstWorker(host: TestHost, taskId: string): string | undefined {
  const line = host.logs.find((l) => l.includes(`task ${taskId}: leased by`));
  return line ? JSON.parse(line).worker_id : undefined;
}

// A job that keeps a worker busy for seconds inside the component.
const slowJob = (key: string) => imageJob({ type: 'blobstore', path: { bucket: 'input', key: 'photo.jpg' } }, key, [{ type: 'blur', sigma: 2 }]);

const probe = await createScratchDatabase();
await probe?.drop();

describe.skipIf(!probe)('faults', () => {
  it('a host killed mid-job: the task is retried after its lease expires (core NATS + requeue)', async () => {
    const scratch = (await database())!;
    const blobRoot = sharedBlobRoot();
    const env = { ...scratch.env, TASK_MANAGER_LEASE_SECONDS: '8', REQUEUE_INTERVAL_SECONDS: '1' };
    const first = await started({ env, blobRoot });
    const task = await submit(first, slowJob('killed.jpg'));
    first.publish({ task_id: task.id });
    await expect.poll(() => first.logs.some((l) => l.includes(`task ${task.id}: leased by`)), { timeout: 20_000 }).toBe(true);
    await first.kill();
    expect(firstWorker(first, task.id)).toMatch(/^image-processor-/);

    const second = await started({ env, blobRoot, subject: first.subject });
    const done = await second.waitForTask(task.id, 60_000);
    expect(done.status).toBe('completed');
    // The killed host's attempt, then this one's (one more if a step outlasted the lease on a busy machine).
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(done.lease_worker_id).not.toBe(firstWorker(first, task.id));
    expect(second.logs.some((l) => l.includes('re-announced pending tasks') && l.includes(task.id))).toBe(true);
  }, 120_000);

  it('two hosts on one NATS share the work and never process a task twice', async () => {
    const scratch = (await database())!;
    const blobRoot = sharedBlobRoot();
    const one = await started({ env: scratch.env, blobRoot });
    const two = await started({ env: scratch.env, blobRoot, subject: one.subject });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await submit(one, imageJob({ type: 'default-image' }, `shared-${i}.jpg`, [{ type: 'grayscale' }]))).id);
    // Every message twice, from both sides: the duplicates race for the same tasks.
    for (const id of ids) {
      one.publish({ task_id: id });
      two.publish({ task_id: id });
    }
    for (const id of ids) {
      const done = await one.waitForTask(id);
      expect(done.status).toBe('completed');
      expect(done.attempts).toBe(1);
    }
    const leases = (host: TestHost, id: string) => host.logs.filter((l) => l.includes(`task ${id}: leased by`)).length;
    for (const id of ids) expect(leases(one, id) + leases(two, id)).toBe(1);
    await expect.poll(() => [...one.logs, ...two.logs].filter((l) => l.includes(': nothing to do')).length).toBe(ids.length);
  }, 120_000);

  it('JetStream: a message published while no worker runs is kept, and a job cut off mid-way is redelivered', async () => {
    const scratch = (await database())!;
    const nats = await startNatsServer();
    try {
      const blobRoot = sharedBlobRoot();
      const env = {
        ...scratch.env, JETSTREAM: '1', JETSTREAM_ACK_WAIT_SECONDS: '7', TASK_MANAGER_LEASE_SECONDS: '6',
        REQUEUE_INTERVAL_SECONDS: '0', // only JetStream redelivery may bring the job back here
      };
      const first = await started({ env, blobRoot, natsUrl: nats.url });
      const task = await submit(first, slowJob('redelivered.jpg'));
      const queued = await submit(first, imageJob({ type: 'default-image' }, 'queued.jpg', [{ type: 'grayscale' }]));
      first.publish({ task_id: task.id });
      await expect.poll(() => first.logs.some((l) => l.includes(`task ${task.id}: leased by`)), { timeout: 20_000 }).toBe(true);
      await first.kill();

      // Published while no host runs: the work-queue stream keeps it.
      const publisher = await connect({ servers: nats.url });
      publisher.publish(first.subject, new TextEncoder().encode(JSON.stringify({ task_id: queued.id })));
      await publisher.flush();
      await publisher.close();

      const second = await started({ env, blobRoot, natsUrl: nats.url, subject: first.subject });
      expect((await second.waitForTask(queued.id, 60_000)).status).toBe('completed');
      const redelivered = await second.waitForTask(task.id, 60_000);
      expect(redelivered.status).toBe('completed');
      expect(redelivered.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await nats.stop();
    }
  }, 180_000);

  it('JetStream: a job that keeps failing transiently is redelivered with backoff, then dead-lettered', async () => {
    const scratch = (await database())!;
    const nats = await startNatsServer();
    try {
      const closedPort = await freePort();
      const host = await started({
        natsUrl: nats.url,
        env: {
          ...scratch.env, JETSTREAM: '1', JETSTREAM_MAX_DELIVER: '2', REQUEUE_INTERVAL_SECONDS: '0',
          // A remote source on a closed local port: connection refused, a transient failure every time.
          IMAGE_PROCESSOR_ALLOW_PRIVATE_NETWORKS: 'true',
        },
      });
      const task = await submit(host, imageJob({ type: 'remote-https', url: `https://127.0.0.1:${closedPort}/x.jpg` }, 'never.jpg', []));
      host.publish({ task_id: task.id });
      await expect.poll(() => host.logs.some((l) => l.includes('dead letter') && l.includes(task.id)), { timeout: 30_000 }).toBe(true);
      const transient = host.logs.filter((l) => l.includes(`task ${task.id}: transient failure, will be retried`));
      expect(transient).toHaveLength(2);
      const after = (await host.api<TaskJson>('GET', `/api/v1/tasks/${task.id}`)).json.data;
      // Two deliveries, two attempts; the task itself stays pending for a requeue (max_attempts is 5).
      expect(after).toMatchObject({ status: 'pending', attempts: 2 });
      expect(after.last_failure_reason).toBeTruthy();
    } finally {
      await nats.stop();
    }
  }, 120_000);

  it('NATS restarted: the host reconnects and keeps consuming', async () => {
    const scratch = (await database())!;
    let nats = await startNatsServer();
    try {
      const host = await started({ env: { ...scratch.env, REQUEUE_INTERVAL_SECONDS: '0' }, natsUrl: nats.url });
      const before = await submit(host, imageJob({ type: 'default-image' }, 'before.jpg', [{ type: 'grayscale' }]));
      host.publish({ task_id: before.id });
      expect((await host.waitForTask(before.id)).status).toBe('completed');

      await nats.stop();
      await new Promise((r) => setTimeout(r, 1000));
      nats = await startNatsServer(nats.port);
      await expect.poll(() => host.logs.some((l) => l.includes('"nats reconnect"')), { timeout: 20_000 }).toBe(true);

      const after = await submit(host, imageJob({ type: 'default-image' }, 'after.jpg', [{ type: 'grayscale' }]));
      // A fresh publisher (the test's own client may still be reconnecting), as a user would run `nats publish`.
      const publisher = await connect({ servers: nats.url });
      publisher.publish(host.subject, new TextEncoder().encode(JSON.stringify({ task_id: after.id })));
      await publisher.flush();
      await publisher.close();
      expect((await host.waitForTask(after.id)).status).toBe('completed');
    } finally {
      await nats.stop();
    }
  }, 120_000);

  it('Postgres gone for a moment: requests fail with a clear error, then work again without a restart', async () => {
    const scratch = (await database())!;
    const proxy = await startTcpProxy(Number(scratch.env.POSTGRES_PORT));
    try {
      const host = await started({ env: { ...scratch.env, POSTGRES_HOST: '127.0.0.1', POSTGRES_PORT: String(proxy.port) } });
      expect((await host.api('GET', '/api/v1/tasks')).status).toBe(200);

      await proxy.cut();
      const down = await host.api('GET', '/api/v1/tasks');
      expect(down.status).toBe(503);
      expect(down.json.error?.code).toBe('database-error');
      expect(down.json.error?.message).toMatch(/database query failed: .+/);

      await proxy.restore();
      await expect.poll(async () => (await host.api('GET', '/api/v1/tasks')).status, { timeout: 20_000 }).toBe(200);
      const task = await submit(host, imageJob({ type: 'default-image' }, 'recovered.jpg', [{ type: 'grayscale' }]));
      host.publish({ task_id: task.id });
      expect((await host.waitForTask(task.id)).status).toBe('completed');
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('upgrades an upstream table in place: old rows keep working, a lease leaked by upstream expires', async () => {
    const scratch = (await database())!;
    const client = new pg.Client({
      host: scratch.env.POSTGRES_HOST, port: Number(scratch.env.POSTGRES_PORT), user: scratch.env.POSTGRES_USERNAME,
      password: scratch.env.POSTGRES_PASSWORD || undefined, database: scratch.env.POSTGRES_DATABASE,
    });
    await client.connect();
    // The upstream 0-init.sql table (ids from gen_random_uuid: uuid-ossp may not be installed here).
    await client.query(`CREATE TABLE tasks (
      id uuid NOT NULL DEFAULT gen_random_uuid(), group_id text,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'leased', 'completed', 'failed')),
      data_json jsonb NOT NULL, last_failed_at timestamptz, last_failure_reason text,
      lease_id uuid NOT NULL DEFAULT gen_random_uuid(), leased_at timestamptz, lease_worker_id text,
      completed_at timestamptz, submitted_at timestamptz NOT NULL DEFAULT NOW(), last_updated_at timestamptz NOT NULL DEFAULT NOW())`);
    const data = JSON.stringify(imageJob({ type: 'default-image' }, 'old.jpg', [{ type: 'grayscale' }]).task_data);
    const { rows } = await client.query(
      `INSERT INTO tasks (group_id, data_json, status, leased_at, lease_worker_id) VALUES
         ('old', $1, 'pending', NULL, NULL), ('old', $1, 'leased', NOW() - interval '1 hour', 'rust-component-worker')
       RETURNING id, status`, [data]);
    await client.end();
    const [pending, leaked] = rows as { id: string }[];

    const host = await started({ env: scratch.env });
    for (let i = 0; i < 2; i++) expect((await host.api('POST', '/admin/v1/db/migrate')).status).toBe(200);
    const leakedNow = (await host.api<TaskJson>('GET', `/api/v1/tasks/${leaked.id}`)).json.data;
    expect(leakedNow).toMatchObject({ status: 'pending', attempts: 1 });
    expect(leakedNow.last_failure_reason).toContain('the lease of rust-component-worker expired');
    for (const { id } of [pending, leaked]) host.publish({ task_id: id });
    expect((await host.waitForTask(pending.id)).status).toBe('completed');
    expect((await host.waitForTask(leaked.id)).status).toBe('completed');
  }, 120_000);
});
