/**
 * One component instance in its own worker thread, as a wasmCloud host runs
 * one instance per call: a long image job blocks only this thread, the HTTP
 * API keeps answering, and several worker instances share the cores.
 * The main thread sends calls; imports that need the main thread's services
 * (task manager, database, NATS) go through synchronous bridges.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as shim from '@bytecodealliance/preview2-shim';
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import * as shimHttp from '@bytecodealliance/preview2-shim/http';
import { RemoteError, serveSync, SyncClient, type SyncClientEnds, type SyncServerEnds } from './bridge.js';
import { createBlobstore } from './providers/blobstore.js';
import { WARM_UP_SUBJECT } from '../shared/warm-up.js';

export interface ComponentThreadData {
  component: string;
  instance: number;
  jsPath: string;
  coreModules: Record<string, WebAssembly.Module>;
  blobRoot?: string;
  httpAddress?: { host: string; port: number };
  /** Send the worker's warm-up message before taking messages (see src/worker/warm-up.ts). */
  warmUp: boolean;
  /** What `wasi:config/runtime` answers: the manifest's component config with environment overrides. */
  config: Record<string, string>;
  clients: { tasks?: SyncClientEnds; postgres?: SyncClientEnds; messaging?: SyncClientEnds };
}

const data = workerData as ComponentThreadData;
// The Node build of the shim has an HTTP server (what `jco serve` uses); its typings describe the browser build.
const { HTTPServer } = shimHttp as unknown as {
  HTTPServer: new (handler: { handle(request: unknown, out: unknown): void }) => { listen(port: number, host: string): void };
};
const port = parentPort!;

// The guest gets no filesystem: the blob store is its only storage.
_setPreopens({});

const toCamel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** WASI imports from preview2-shim, keyed as jco asks for them: `wasi:<package>/<interface>`. */
function wasiImports(): Record<string, unknown> {
  const packages = shim as unknown as Record<string, Record<string, unknown>>;
  return new Proxy({}, {
    get(_, key: string) {
      const match = /^wasi:([a-z-]+)\/([a-z-]+)$/.exec(key);
      return match ? packages[toCamel(match[1])]?.[toCamel(match[2])] : undefined;
    },
  });
}

/** An interface whose functions are answered by a sync bridge; its errors become the WIT error values. */
function bridged(client: SyncClient, prefix: string, functions: string[]): Record<string, (...args: unknown[]) => unknown> {
  return Object.fromEntries(
    functions.map((fn) => [
      fn,
      (...args: unknown[]) => {
        try {
          return client.call(`${prefix}.${fn}`, args);
        } catch (error) {
          // jco lowers a thrown non-Error as the result's err value; an Error would trap the guest.
          if (error instanceof RemoteError) throw error.payload;
          throw { tag: 'unexpected', val: (error as Error).message };
        }
      },
    ]),
  );
}

function logImport() {
  return {
    log(level: string, context: string, message: string) {
      port.postMessage({ type: 'log', level, context, message });
    },
  };
}

function configImport() {
  const config = data.config;
  return {
    get: (key: string) => (Object.hasOwn(config, key) ? config[key] : undefined),
    getAll: () => Object.entries(config),
  };
}

function buildImports(): Record<string, unknown> {
  const wasi = wasiImports();
  const own: Record<string, unknown> = { 'wasi:logging/logging': logImport(), 'wasi:config/runtime': configImport() };
  if (data.blobRoot) Object.assign(own, createBlobstore(data.blobRoot));
  const { tasks, postgres, messaging } = data.clients;
  if (tasks) {
    own['wasmcloud:task-manager/tasks'] = bridged(new SyncClient(tasks), 'tasks', [
      'getTasks', 'getTask', 'submitTask', 'leaseTask', 'releaseTask', 'markTaskCompleted', 'markTaskFailed',
    ]);
  }
  if (postgres) own['wasmcloud:postgres/query'] = bridged(new SyncClient(postgres), 'postgres', ['query', 'queryBatch']);
  if (messaging) own['wasmcloud:messaging/consumer'] = bridged(new SyncClient(messaging), 'messaging', ['publish', 'request']);
  return new Proxy(own, { get: (target, key: string) => target[key] ?? (wasi as Record<string, unknown>)[key] });
}

type Exports = Record<string, Record<string, (...args: unknown[]) => unknown>>;

async function instantiate(): Promise<Exports> {
  const { instantiate } = await import(data.jsPath);
  return instantiate((path: string) => data.coreModules[path], buildImports());
}

function isTrap(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || (error instanceof Error && /unreachable|trap/i.test(error.message));
}

const exports = await instantiate();

if (exports.tasks) {
  // Task manager: serve `tasks` calls from worker instances, one bridge each.
  const tasks = exports.tasks;
  port.on('message', (message: { type: string; ends?: SyncServerEnds }) => {
    if (message.type === 'serve-tasks' && message.ends) {
      serveSync(message.ends, (operation, args) => tasks[operation.slice('tasks.'.length)](...args));
    }
  });
}

if (exports.incomingHandler && data.httpAddress) {
  const handler = exports.incomingHandler;
  const server = new HTTPServer({
    handle(request: unknown, responseOut: unknown) {
      try {
        handler.handle(request, responseOut);
      } catch (error) {
        port.postMessage({ type: 'log', level: 'error', context: 'host', message: `incoming-handler failed: ${(error as Error).message}` });
        if (isTrap(error)) process.exit(70);
      }
    },
  });
  server.listen(data.httpAddress.port, data.httpAddress.host);
}

if (exports.handler) {
  // Worker: one message at a time per instance; the main thread queues the rest.
  const handler = exports.handler;
  // Before taking jobs, let the instance run its warm-up (see src/worker/warm-up.ts): V8 compiles
  // the engine's code on first use, which would otherwise slow the first real job by about a second.
  const warmUpStarted = performance.now();
  if (data.warmUp) {
    try {
      handler.handleMessage({ subject: WARM_UP_SUBJECT, body: new Uint8Array(0) });
      port.postMessage({ type: 'log', level: 'info', context: 'host', message: `instance warmed up in ${Math.round(performance.now() - warmUpStarted)} ms` });
    } catch (error) {
      port.postMessage({ type: 'log', level: 'warn', context: 'host', message: `warm-up failed: ${(error as Error).message ?? String(error)}` });
    }
  }
  port.on('message', (message: { type: string; id?: number; msg?: unknown }) => {
    if (message.type !== 'handle-message') return;
    const started = performance.now();
    try {
      handler.handleMessage(message.msg);
      port.postMessage({ type: 'handled', id: message.id, ok: true, ms: performance.now() - started });
    } catch (error) {
      const trapped = isTrap(error);
      const reason = trapped ? `component trapped: ${(error as Error).message}` : String((error as { payload?: unknown }).payload ?? error);
      port.postMessage({ type: 'handled', id: message.id, ok: false, error: reason, ms: performance.now() - started });
      // A trapped instance may hold broken state: end the thread; the host starts a fresh one.
      if (trapped) process.exit(70);
    }
  });
}

port.postMessage({ type: 'ready' });
// Keep ports referenced by the thread alive (the bridge ports are used synchronously).
export type { MessagePort };
