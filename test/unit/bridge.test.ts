import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncChannel, RemoteError, SyncClient, type SyncServerEnds } from '../../src/host/bridge.js';
import { ROOT } from '../helpers.js';

// The bridge between a component thread (the blocking client) and an
// asynchronous service in another thread (the server), with the real code on
// both sides: the server runs src/host/bridge.ts's serveSync, bundled for a
// worker thread, behind a handler that answers `slow` late.
const SERVER = `
import { workerData } from 'node:worker_threads';
import { serveSync } from './bridge.mjs';
serveSync(workerData.ends, async (operation, args) => {
  if (operation === 'slow') await new Promise((resolve) => setTimeout(resolve, args[0]));
  if (operation === 'fail') throw 'refused: ' + args[0];
  return operation + ':' + args.join(',');
});
`;

describe('synchronous bridge', () => {
  let worker: Worker;
  let client: SyncClient;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-test-'));
    await build({ entryPoints: [join(ROOT, 'src/host/bridge.ts')], outfile: join(dir, 'bridge.mjs'), format: 'esm', platform: 'node', logLevel: 'warning' });
    writeFileSync(join(dir, 'server.mjs'), SERVER);
    const { client: ends, server } = createSyncChannel();
    worker = new Worker(join(dir, 'server.mjs'), {
      workerData: { ends: server satisfies SyncServerEnds }, transferList: [server.requests, server.replies],
    });
    await new Promise((resolve) => worker.once('online', resolve));
    client = new SyncClient(ends, 200);
  });

  afterAll(async () => {
    client?.close();
    await worker?.terminate();
  });

  it('answers each call with its own reply, and passes a refusal on as the remote error', () => {
    expect(client.call('echo', ['a', 1])).toBe('echo:a,1');
    expect(client.call('echo', ['b'])).toBe('echo:b');
    expect(() => client.call('fail', ['no'])).toThrow(RemoteError);
    expect(client.call('echo', ['c'])).toBe('echo:c');
  });

  it('after a call that timed out, later calls still get their own replies, not the late one', async () => {
    expect(() => client.call('slow', [600])).toThrow(/timed out after 200 ms/);
    // Let the late reply arrive while nobody waits for it.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(client.call('echo', ['after'])).toBe('echo:after');
    expect(client.call('echo', ['again'])).toBe('echo:again');
  });
});
