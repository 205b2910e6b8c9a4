import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ApiClient, tokensFromEnv } from '../../src/host/cli/api-client.js';
import { outputFormat, parseOp } from '../../src/host/cli/args.js';
import { UsageError } from '../../src/host/cli/command.js';

describe('--op', () => {
  it.each([
    ['grayscale', { type: 'grayscale' }],
    ['resize=320x0', { type: 'resize', width_px: 320 }],
    ['resize=0x240', { type: 'resize', height_px: 240 }],
    ['resize=320x240', { type: 'resize', width_px: 320, height_px: 240 }],
    ['thumbnail=160', { type: 'thumbnail', size: 160 }],
    ['rotate=90', { type: 'rotate', degrees: 90 }],
    ['flip=horizontal', { type: 'flip', direction: 'horizontal' }],
    ['crop=10,20,30,40', { type: 'crop', x: 10, y: 20, width: 30, height: 40 }],
    ['blur=2', { type: 'blur', sigma: 2 }],
    ['sharpen', { type: 'sharpen' }],
    ['sharpen=1.5,2', { type: 'sharpen', sigma: 1.5, amount: 2 }],
    ['brightness=1.2', { type: 'brightness', factor: 1.2 }],
    ['contrast=1.2', { type: 'contrast', factor: 1.2 }],
    ['invert', { type: 'invert' }],
    ['threshold=128', { type: 'threshold', level: 128 }],
    ['black-and-white', { type: 'black-and-white' }],
    ['no-op', { type: 'no-op' }],
  ])('%s', (spec, op) => {
    expect(parseOp(spec)).toEqual(op);
  });

  it.each([
    ['blur=999', /^--op blur=999: sigma: Too big/],
    ['rotate=45', /^--op rotate=45: degrees:/],
    ['resize=0x0', /^--op resize=0x0: width_px: resize needs width_px, height_px or both/],
    ['resize=big', /^--op resize=big: expected WIDTHxHEIGHT/],
    ['crop=1,2,3', /^--op crop=1,2,3: expected 4 comma-separated numbers/],
    ['threshold=abc', /^--op threshold=abc: "abc" is not a number/],
    ['grayscale=1', /^--op grayscale=1: takes no value/],
    ['sepia', /^--op sepia: unknown operation "sepia"/],
    ['constructor', /unknown operation/],
  ])('refuses %s as a usage error naming it', (spec, message) => {
    expect(() => parseOp(spec)).toThrow(UsageError);
    expect(() => parseOp(spec)).toThrow(message);
  });
});

describe('output format', () => {
  it('comes from --format, else --out, else the input', () => {
    expect(outputFormat('png', 'x.jpg', 'in.jpg')).toBe('png');
    expect(outputFormat(undefined, 'x.JPEG', 'in.png')).toBe('jpeg');
    expect(outputFormat(undefined, undefined, 'in.png')).toBe('png');
    expect(outputFormat(undefined, undefined, 'in.gif')).toBe('jpeg');
    expect(() => outputFormat(undefined, 'x.webp', 'in.jpg')).toThrow(UsageError);
    expect(() => outputFormat('gif', undefined, 'in.jpg')).toThrow(/--format must be jpeg or png/);
  });
});

describe('API client', () => {
  async function withServer(reply: (path: string) => unknown, test: (url: string, seen: { path: string; headers: IncomingHttpHeaders }[]) => Promise<void>) {
    const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((request, response) => {
      seen.push({ path: request.url!, headers: request.headers });
      const body = reply(request.url!);
      response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body ?? { status: 'error', error: { code: 'task-not-found', message: 'no such task' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen);
    } finally {
      server.close();
    }
  }

  const task = { id: 't1', status: 'pending', group_id: 'g', data_json: {}, last_failure_reason: null, submitted_at: 'now', completed_at: null, extra: 1 };

  it('sends the client token to task routes and the admin token to admin routes', async () => {
    await withServer((path) => (path.startsWith('/admin') ? { status: 'success', data: { subject: 's', requeued: [] } } : { status: 'success', data: [task] }), async (url, seen) => {
      const client = new ApiClient(url, tokensFromEnv({ TASK_MANAGER_CLIENT_TOKEN: 'c', TASK_MANAGER_ADMIN_TOKEN: 'a' }));
      expect(await client.listTasks({ status: 'pending', groupId: 'g', limit: 5 })).toEqual([task]);
      await client.requeue(3);
      expect(seen.map((s) => [s.path, s.headers.authorization])).toEqual([
        ['/api/v1/tasks?status=pending&group_id=g&page_size=5', 'Bearer c'],
        ['/admin/v1/tasks/requeue', 'Bearer a'],
      ]);
      await new ApiClient(url, tokensFromEnv({ TASK_MANAGER_ADMIN_TOKEN: 'a' })).listTasks();
      expect(seen[2].headers.authorization).toBe('Bearer a');
    });
  });

  it('turns error envelopes and unexpected bodies into errors', async () => {
    await withServer((path) => (path.includes('odd') ? { status: 'success', data: { id: 5 } } : undefined), async (url) => {
      const client = new ApiClient(url);
      await expect(client.getTask('nope')).rejects.toThrow('task-not-found: no such task');
      await expect(client.getTask('odd')).rejects.toThrow(/unexpected response: id:/);
    });
  });
});
