import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { createScratchDatabase, startTestHost, type TestHost } from './harness.js';

/**
 * The README's command blocks, run as written against a real local host:
 * `localhost:8000` becomes the test host's address, `<task id>` the id the
 * previous submit printed, the manifest's blob root the test's. `nats` CLI
 * lines are sent with the Node NATS client (same subject, same body) when the
 * CLI is not installed. `wash` lines need a wasmCloud host and are not run
 * here; `npm install`/`npm test` are what CI runs.
 */
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SKIPPED = /^(npm (install|test|start)|wash )/;

/** Shell commands of the ```sh blocks under a heading: comment lines dropped, continued lines joined. */
function commandsUnder(heading: string): string[] {
  const start = README.indexOf(heading) + heading.length;
  const next = README.slice(start).search(/\n#{2,3} /);
  const section = README.slice(start, next === -1 ? undefined : start + next);
  const commands: string[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let current = '';
    for (const line of block[1].split('\n')) {
      if (!current && (line.trim() === '' || line.trim().startsWith('#'))) continue;
      current += (current ? '\n' : '') + line;
      const openQuote = (current.match(/'/g) ?? []).length % 2 === 1;
      if (!openQuote && !line.endsWith('\\')) {
        commands.push(current);
        current = '';
      }
    }
  }
  return commands;
}

const hasNatsCli = (() => {
  try {
    execFileSync('nats', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const scratch = await createScratchDatabase();
let host: TestHost;
beforeAll(async () => {
  // The README's own subject, so `npm run publish` and `nats publish` reach this host.
  host = await startTestHost({ env: scratch?.env ?? {}, subject: 'images.processing' });
});
afterAll(async () => {
  await host?.stop();
  await scratch?.drop();
});

function shell(command: string): string {
  return execFileSync('bash', ['-c', command], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' } });
}

async function natsCli(command: string): Promise<string> {
  const [, verb, subject, body] = /^nats (publish|request|subscribe) (\S+|'[^']*')(?: '(.*)')?/s.exec(command) ?? [];
  const subjectName = subject.replace(/'/g, '');
  if (verb === 'subscribe') return ''; // nothing to assert beyond what the events test does
  if (verb === 'publish') {
    host.nats.publish(subjectName, new TextEncoder().encode(body));
    await host.nats.flush();
    return '';
  }
  const reply = await host.nats.request(subjectName, new TextEncoder().encode(body), { timeout: 30_000 });
  return new TextDecoder().decode(reply.data);
}

async function runSection(heading: string): Promise<number> {
  let taskId = '';
  let ran = 0;
  const address = new URL(host.url).host;
  for (const original of commandsUnder(heading)) {
    if (SKIPPED.test(original)) continue;
    const command = original
      .replaceAll('localhost:8000', address)
      .replaceAll('<task id>', taskId)
      .replaceAll('/tmp/image-processor/blobstore', host.blobRoot);
    ran++;
    if (command.startsWith('nats ') && !hasNatsCli) {
      const output = await natsCli(command);
      if (command.startsWith('nats request')) expect(JSON.parse(output)).toMatchObject({ task_id: taskId, status: 'completed' });
      continue;
    }
    // Checking a task right after publishing it: give the worker time, as a user would by looking again.
    const isTaskGet = /^curl -s \S+\/api\/v1\/tasks\/[0-9a-f-]{36}/.test(command);
    let output = shell(command);
    for (let i = 0; isTaskGet && !output.includes('"completed"') && i < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      output = shell(command);
    }
    if (command.startsWith('curl')) {
      if (command.includes('/metrics')) {
        expect(output).toContain('image_processor_tasks{status="completed"}');
        continue;
      }
      const json = JSON.parse(output);
      expect(json.status, `${command}\n${output}`).toBe('success');
      if (typeof json.data?.id === 'string' && json.data.status === 'pending') taskId = json.data.id;
      if (isTaskGet) expect(json.data.status).toBe('completed');
    }
  }
  return ran;
}

it('runs the upstream flow, by hand, as the README writes it', async () => {
  expect(await runSection('## The upstream flow, by hand')).toBeGreaterThanOrEqual(6);
});

it('the one-call flow and its answers', async () => {
  expect(await runSection('### One call, and answers back')).toBeGreaterThanOrEqual(5);
});
