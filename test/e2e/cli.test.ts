import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJpeg } from '../../src/imaging/index.js';
import { CORPUS, ROOT } from '../helpers.js';
import { NATS_URL, startTestHost, type TaskJson, type TestHost } from './harness.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node dist/host/cli.js ...` as a user runs it, stdout and stderr piped (not a terminal). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/host/cli.js'), ...args], {
      env: { ...process.env, TASK_MANAGER_CLIENT_TOKEN: '', TASK_MANAGER_ADMIN_TOKEN: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('command line without a host', () => {
  it('prints help with exit code 0, and exit code 2 for usage errors', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['start', 'submit', 'status', 'list', 'publish', 'requeue']) expect(help.stdout).toContain(`  ${command} `);
    const submitHelp = await cli(['submit', '--help']);
    expect(submitHelp.code).toBe(0);
    expect(submitHelp.stdout).toContain('resize=WxH');

    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['frobnicate']);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown command "frobnicate"')]);
    const option = await cli(['list', '--colour']);
    expect([option.code, option.stderr]).toEqual([2, expect.stringContaining('unknown option "--colour"')]);
  });

  it('refuses a bad --op before anything is uploaded, naming it', async () => {
    const run = await cli(['submit', join(CORPUS, 'jpeg_tiny_7x5.jpg'), '--op', 'grayscale', '--op', 'blur=999', '--url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--op blur=999: sigma: Too big');
    expect(run.stdout).toBe('');
  });

  it('says when the task manager cannot be reached (exit code 1)', async () => {
    const run = await cli(['status', randomUUID(), '--url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot reach the task manager at http:\/\/127\.0\.0\.1:9/);
  });
});

describe('command line against a running host', () => {
  let host: TestHost;
  let dir: string;
  const group = `cli-${randomUUID().slice(0, 8)}`;
  const submitArgs = () => ['--url', host.url, '--blob-root', host.blobRoot, '--nats-url', NATS_URL, '--subject', host.subject, '--group', group];
  let completed: TaskJson & { output_file: string | null };
  let failed: TaskJson & { output_file: string | null };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'image-processor-cli-'));
    host = await startTestHost();
    const migrate = await cli(['migrate', '--url', host.url]);
    expect(migrate.code, migrate.stderr).toBe(0);
  });

  afterAll(async () => {
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('submit: uploads the file, runs the job and writes a 320 px wide JPEG (--json: one object)', async () => {
    const out = join(dir, 'result.jpg');
    const run = await cli(['submit', join(CORPUS, 'jpeg_422_799x533.jpg'), '--op', 'grayscale', '--op', 'resize=320x0', '--out', out, ...submitArgs(), '--json']);
    expect(run.code, run.stderr).toBe(0);
    completed = JSON.parse(run.stdout);
    expect(completed).toMatchObject({ status: 'completed', group_id: group, output_file: out, last_failure_reason: null });
    expect(completed.data_json).toMatchObject({
      source: { type: 'blobstore', path: { bucket: 'input' } },
      destination: { type: 'blobstore', path: { bucket: 'output', key: expect.stringMatching(/\.jpg$/) } },
      image_format: 'image/jpeg',
      operations: [{ type: 'grayscale' }, { type: 'resize', width_px: 320 }],
    });
    const image = decodeJpeg(new Uint8Array(readFileSync(out)), 40e6);
    expect([image.width, image.height]).toEqual([320, 213]);
  });

  it('submit: prints one line and no progress when stdout is not a terminal; PNG from --out', async () => {
    const out = join(dir, 'small.png');
    const run = await cli(['submit', join(CORPUS, 'jpeg_tiny_7x5.jpg'), '--op', 'thumbnail=4', '--out', out, ...submitArgs()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^task [0-9a-f-]{36} completed in \d+\.\d s: .*small\.png \(\d+\.\d kB\)\n$/);
    expect([...readFileSync(out).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  });

  it('submit: a broken image fails with the reason and exit code 1', async () => {
    const out = join(dir, 'broken-out.jpg');
    const run = await cli(['submit', join(CORPUS, 'bad_truncated_50pct.jpg'), '--op', 'grayscale', '--out', out, ...submitArgs(), '--json']);
    expect(run.code).toBe(1);
    failed = JSON.parse(run.stdout);
    expect(failed).toMatchObject({ status: 'failed', output_file: null });
    expect(failed.last_failure_reason).toMatch(/JPEG/);
    expect(run.stderr).toContain(`task ${failed.id} failed`);
    expect(run.stderr).toContain(failed.last_failure_reason);
    expect(existsSync(out)).toBe(false);
  });

  it('status: a task for people and as JSON; an unknown task is an error', async () => {
    const human = await cli(['status', completed.id, '--url', host.url]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^task: +${completed.id}$`, 'm'));
    expect(human.stdout).toMatch(/^status: +completed$/m);
    expect(human.stdout).toMatch(/^operations: +grayscale, resize\(width_px=320\)$/m);

    const json = await cli(['status', failed.id, '--url', host.url, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: failed.id, status: 'failed', last_failure_reason: failed.last_failure_reason });

    const missing = await cli(['status', randomUUID(), '--url', host.url]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('task-not-found')]);
  });

  it('list: filters by group and status, as JSON and as a table', async () => {
    const all = await cli(['list', '--group', group, '--url', host.url, '--json']);
    expect(all.code, all.stderr).toBe(0);
    const tasks: TaskJson[] = JSON.parse(all.stdout);
    expect(tasks.map((t) => t.id)).toEqual(expect.arrayContaining([completed.id, failed.id]));
    expect(tasks).toHaveLength(3);

    const failures = await cli(['list', '--group', group, '--status', 'failed', '--url', host.url, '--json']);
    expect(JSON.parse(failures.stdout).map((t: TaskJson) => t.id)).toEqual([failed.id]);

    const table = await cli(['list', '--group', group, '--limit', '2', '--url', host.url]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +STATUS +GROUP +ATTEMPTS +SUBMITTED +REASON$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(completed.id);
  });
});
