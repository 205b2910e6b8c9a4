import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import { ROOT } from '../helpers.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ADMIN_DATABASE_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * local.wadm.yaml with absolute image paths and a job subject of its own, so
 * a test host never takes messages meant for another host on the same NATS.
 */
function testManifest(dir: string, subject: string, workers: number, workerWasm?: string): string {
  const manifest = parse(readFileSync(join(ROOT, 'local.wadm.yaml'), 'utf8'));
  for (const component of manifest.spec.components) {
    const image: string = component.properties.image;
    if (image.startsWith('file://./')) component.properties.image = pathToFileURL(join(ROOT, image.slice(9))).href;
    if (workerWasm && component.name === 'image-processor') component.properties.image = pathToFileURL(workerWasm).href;
    for (const trait of component.traits ?? []) {
      if (trait.type === 'spreadscaler' && component.name === 'image-processor') trait.properties.instances = workers;
      for (const entry of trait.properties?.source?.config ?? []) {
        if (!entry.properties?.subscriptions) continue;
        entry.properties.subscriptions = trait.properties.target.name === 'image-processor' ? `${subject}|test-workers` : `${subject}.done`;
      }
    }
  }
  const path = join(dir, 'local.wadm.yaml');
  writeFileSync(path, stringify(manifest));
  return path;
}

/** A scratch database on the local server, or undefined when no server answers. */
export async function createScratchDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> } | undefined> {
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return undefined;
  }
  const name = `image_processor_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_DATABASE_URL);
  return {
    env: {
      POSTGRES_HOST: url.hostname, POSTGRES_PORT: url.port || '5432', POSTGRES_USERNAME: decodeURIComponent(url.username),
      POSTGRES_PASSWORD: decodeURIComponent(url.password), POSTGRES_DATABASE: name,
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await admin.end();
    },
  };
}

export interface TestHost {
  url: string;
  subject: string;
  blobRoot: string;
  logs: string[];
  nats: NatsConnection;
  api<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: ApiEnvelope<T> }>;
  publish(body: unknown): void;
  waitForTask(id: string, timeoutMs?: number): Promise<TaskJson>;
  /** The host process, e.g. to sample its memory. */
  pid: number;
  /** Ends the host process at once (SIGKILL), as a crash would; leaves its files. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface ApiEnvelope<T> {
  status: 'success' | 'error';
  data: T;
  error?: { code: string; message: string };
}

export interface TaskJson {
  id: string;
  status: string;
  attempts: number;
  lease_expires_at: string | null;
  group_id: string;
  data_json: Record<string, unknown>;
  last_failure_reason: string | null;
  last_failed_at: string | null;
  lease_worker_id: string | null;
  submitted_at: string;
  completed_at: string | null;
}

/** Starts the real local host (`dist/host/cli.js start`) on free ports, as a user would run it. */
export interface TestHostOptions {
  env?: Record<string, string>;
  workers?: number;
  /** Another build of the worker component (the benchmark's naive baseline). */
  workerWasm?: string;
  /** Job subject; give two hosts the same one to have them share the work. */
  subject?: string;
  /** Blob store root; give two hosts the same one to have them share the files. */
  blobRoot?: string;
  natsUrl?: string;
  /** Sent as `Authorization: Bearer` by api() and waitForTask() unless a call gives its own. */
  apiToken?: string;
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), 'image-processor-test-'));
  const subject = options.subject ?? `test.${randomUUID().slice(0, 8)}.images.processing`;
  const port = await freePort();
  const blobRoot = options.blobRoot ?? join(dir, 'blobstore');
  const natsUrl = options.natsUrl ?? NATS_URL;
  const manifest = testManifest(dir, subject, options.workers ?? 1, options.workerWasm);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--no-liftoff', join(ROOT, 'dist/host/cli.js'), 'start', '--manifest', manifest, '--data-dir', join(dir, 'data'),
      '--blob-root', blobRoot, '--http-address', `127.0.0.1:${port}`, '--nats-url', natsUrl],
    {
      env: {
        ...process.env, TASK_MANAGER_JOB_SUBJECT: subject,
        IMAGE_PROCESSOR_DONE_SUBJECT: `${subject}.done`, IMAGE_PROCESSOR_FAILED_SUBJECT: `${subject}.failed`,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${logs.join('\n')}`)), 120_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        logs.push(line);
        if (line.includes('"host ready"')) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${logs.join('\n')}`)));
  });
  const nats = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  const url = `http://127.0.0.1:${port}`;
  const host: TestHost = {
    url,
    subject,
    blobRoot,
    logs,
    nats,
    async api(method, path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(options.apiToken ? { authorization: `Bearer ${options.apiToken}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    publish(body) {
      nats.publish(subject, new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)));
    },
    async waitForTask(id, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { status, json } = await host.api<TaskJson>('GET', `/api/v1/tasks/${id}`);
        // An error envelope has no data: say what the API answered, with the host's last log lines.
        if (!json.data) throw new Error(`GET task ${id}: HTTP ${status} ${JSON.stringify(json)}\n${host.logs.slice(-15).join('\n')}`);
        if (json.data.status === 'completed' || json.data.status === 'failed') return json.data;
        if (Date.now() > deadline) throw new Error(`task ${id} still ${json.data.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    pid: child.pid!,
    async kill() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      await nats.close();
    },
    async stop() {
      await nats.close();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return host;
}

export function imageJob(source: unknown, key: string, operations: unknown[], imageFormat?: string) {
  return {
    group_id: 'test',
    task_data: {
      source,
      destination: { type: 'blobstore', path: { bucket: 'output', key } },
      ...(imageFormat ? { image_format: imageFormat } : {}),
      operations,
    },
  };
}

/** A nats-server of the test's own (JetStream on, files under a temp dir), to stop and restart at will. */
export async function startNatsServer(port?: number): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const chosen = port ?? (await freePort());
  const storeDir = mkdtempSync(join(tmpdir(), 'nats-test-'));
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(chosen), '-js', '-sd', storeDir], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${chosen}`;
  for (let i = 0; ; i++) {
    try {
      await (await connect({ servers: url, timeout: 500 })).close();
      break;
    } catch (error) {
      if (i > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port: chosen,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A TCP proxy to a local port, to cut a service off (connections dropped, port closed) and bring it back. */
export async function startTcpProxy(targetPort: number): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const { createServer: createTcpServer, connect: tcpConnect } = await import('node:net');
  const port = await freePort();
  const sockets = new Set<import('node:net').Socket>();
  let server: import('node:net').Server | undefined;
  const listen = () => new Promise<void>((resolve) => {
    server = createTcpServer((client) => {
      const upstream = tcpConnect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const cut = async () => {
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    server = undefined;
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}
