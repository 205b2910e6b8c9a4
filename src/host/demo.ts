import { join } from 'node:path';
import { ApiClient, tokensFromEnv, type Task } from './cli/api-client.js';
import type { Host } from './host.js';

/**
 * The main job, end to end: migrate, submit a grayscale job over HTTP,
 * publish its message on the job subject, wait for the task to finish.
 */
export async function runDemo(host: Host, print: (line: string) => void): Promise<{ task: Task; outputPath: string }> {
  const api = new ApiClient(host.httpUrl, tokensFromEnv());
  await api.migrate();
  const key = `demo-${Date.now()}.jpg`;
  const task = await api.submitTask('demo', {
    source: { type: 'default-image' },
    destination: { type: 'blobstore', path: { bucket: 'output', key } },
    image_format: 'image/jpeg',
    operations: [{ type: 'grayscale' }],
  });
  print(`submitted task ${task.id}`);
  const subject = host.subjects[0] ?? 'images.processing';
  await host.bus.publish({ subject, body: new TextEncoder().encode(JSON.stringify({ task_id: task.id })) });
  print(`published {"task_id":"${task.id}"} on ${subject}`);
  return { task: await api.waitForTask(task.id, 120_000), outputPath: join(host.blobRoot, 'output', key) };
}
