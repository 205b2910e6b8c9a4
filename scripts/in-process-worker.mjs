// Instantiates the built worker component in this process through jco, with
// the local host's filesystem blob store and a `tasks` import answered from an
// in-memory table (recording every call), so a caller can run jobs and see
// exactly what crosses the WIT boundary. Used by the component tests and by
// `npm run gallery`.
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as shim from '@bytecodealliance/preview2-shim';
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const transpiled = join(root, 'build/transpiled/image_processor');
const toCamel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const TIMESTAMP = {
  timestamp: { date: { tag: 'ymd', val: [2026, 1, 1] }, time: { hour: 0, min: 0, sec: 0, micro: 0 } },
  offset: { tag: 'western-hemisphere-secs', val: 0 },
};

export async function startInProcessWorker(blobRoot) {
  _setPreopens({});
  const { createBlobstore } = await import(pathToFileURL(join(root, 'dist/host/blobstore-provider.js')).href);
  const calls = [];
  const published = [];
  const tasks = new Map();
  const tasksImport = {
    getTask(id) {
      calls.push(['getTask', id]);
      const task = tasks.get(id);
      if (!task) throw { tag: 'unexpected', val: `task-not-found: task ${id} does not exist` };
      return { id, groupId: 'g', status: task.status ?? (task.lease ? 'leased' : 'pending'), dataJson: task.data, submittedAt: TIMESTAMP, lastUpdatedAt: TIMESTAMP };
    },
    leaseTask(id, worker) {
      calls.push(['leaseTask', id, worker]);
      const task = tasks.get(id);
      if (!task) throw { tag: 'unexpected', val: `task-not-found: task ${id} does not exist` };
      if (task.status) throw { tag: 'unexpected', val: `task-not-leasable: task ${id} is ${task.status}, not pending` };
      // The holder leasing again renews its lease, as the task manager does.
      if (task.lease && task.worker === worker) return task.lease;
      if (task.lease) throw { tag: 'unexpected', val: `task-not-leasable: task ${id} is leased, not pending` };
      task.lease = `lease-of-${id}`;
      task.worker = worker;
      return task.lease;
    },
    markTaskCompleted(lease, worker) {
      calls.push(['markTaskCompleted', lease, worker]);
      const task = [...tasks.values()].find((t) => t.lease === lease);
      if (task) task.status = 'completed';
    },
    markTaskFailed(lease, worker, reason) {
      calls.push(['markTaskFailed', lease, worker, reason]);
      const task = [...tasks.values()].find((t) => t.lease === lease);
      if (task) task.status = 'failed';
    },
    releaseTask() {},
    getTasks: () => [],
    submitTask() { throw { tag: 'unexpected', val: 'unused' }; },
  };
  const own = {
    ...createBlobstore(blobRoot),
    'wasi:logging/logging': { log() {} },
    'wasmcloud:task-manager/tasks': tasksImport,
    'wasmcloud:messaging/consumer': {
      publish(message) { published.push({ subject: message.subject, body: JSON.parse(new TextDecoder().decode(message.body)) }); },
      request() { throw 'unused'; },
    },
    'wasi:config/runtime': { get: () => undefined, getAll: () => [] },
  };
  const imports = new Proxy(own, {
    get(target, key) {
      if (key in target) return target[key];
      const [, pkg, iface] = /^wasi:([a-z-]+)\/([a-z-]+)$/.exec(key);
      return shim[toCamel(pkg)][toCamel(iface)];
    },
  });
  const { instantiate } = await import(pathToFileURL(join(transpiled, 'image_processor.js')).href);
  const exports = await instantiate((file) => WebAssembly.compile(readFileSync(join(transpiled, file))), imports);
  return {
    calls,
    /** Messages the worker published (replies and events), body parsed as JSON. */
    published,
    tasks,
    /** Adds a task with this request and calls handle-message for it; returns what the worker reported. */
    runJob(id, request) {
      tasks.set(id, { data: JSON.stringify(request) });
      exports.handler.handleMessage({ subject: 'images.processing', body: new TextEncoder().encode(JSON.stringify({ task_id: id })) });
      return calls.at(-1);
    },
    handleMessage: (message) => exports.handler.handleMessage(message),
  };
}
