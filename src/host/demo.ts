import { join } from 'node:path';
import type { Host } from './host.js';

interface Envelope<T> {
  status: 'success' | 'error';
  data?: T;
  error?: { code: string; message: string };
}

interface TaskJson {
  id: string;
  status: string;
  last_failure_reason: string | null;
}

async function api<T>(host: Host, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${host.httpUrl}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await response.json()) as Envelope<T>;
  if (envelope.status !== 'success') throw new Error(`${method} ${path}: ${envelope.error?.code}: ${envelope.error?.message}`);
  return envelope.data as T;
}

/**
 * The main job, end to end: migrate, submit a grayscale job over HTTP,
 * publish its message on the job subject, wait for the task to finish.
 */
export async function runDemo(host: Host, print: (line: string) => void): Promise<{ task: TaskJson; outputPath: string }> {
  await api(host, 'POST', '/admin/v1/db/migrate');
  const key = `demo-${Date.now()}.jpg`;
  const task = await api<TaskJson>(host, 'POST', '/api/v1/tasks', {
    group_id: 'demo',
    task_data: {
      source: { type: 'default-image' },
      destination: { type: 'blobstore', path: { bucket: 'output', key } },
      image_format: 'image/jpeg',
      operations: [{ type: 'grayscale' }],
    },
  });
  print(`submitted task ${task.id}`);
  const subject = host.subjects[0] ?? 'images.processing';
  await host.bus.publish({ subject, body: new TextEncoder().encode(JSON.stringify({ task_id: task.id })) });
  print(`published {"task_id":"${task.id}"} on ${subject}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const current = await api<TaskJson>(host, 'GET', `/api/v1/tasks/${task.id}`);
    if (current.status === 'completed' || current.status === 'failed') {
      return { task: current, outputPath: join(host.blobRoot, 'output', key) };
    }
    if (Date.now() > deadline) throw new Error(`task ${task.id} still ${current.status} after 120 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
