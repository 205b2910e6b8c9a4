import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ComponentThreadData } from './component-thread.js';
import { log } from './log.js';

export interface HandleResult {
  ok: boolean;
  error?: string;
  ms: number;
}

/** A component's log message that is a JSON object (`{"msg", ...fields}`) becomes fields of the host's line. */
function structured(message: string): { msg: string; fields: Record<string, unknown> } {
  if (message.startsWith('{')) {
    try {
      const { msg, ...fields } = JSON.parse(message) as { msg?: unknown };
      if (typeof msg === 'string') return { msg, fields };
    } catch { /* plain text after all */ }
  }
  return { msg: message, fields: {} };
}

/**
 * One component instance: a worker thread running the transpiled component.
 * If the thread dies (a trap ends it on purpose), a fresh one is started with
 * the same wiring, and a call that was in flight is answered with the error.
 */
export class ComponentInstance {
  private worker!: Worker;
  private calls = new Map<number, (result: HandleResult) => void>();
  private nextId = 0;
  private stopped = false;
  ready!: Promise<void>;

  constructor(
    private readonly threadUrl: URL,
    private readonly makeData: () => { data: ComponentThreadData; transfer: Transferable[] },
    private readonly onStart: (instance: ComponentInstance) => void = () => {},
  ) {
    this.start();
  }

  get label(): string {
    return this.worker.threadId.toString();
  }

  private start(): void {
    const { data, transfer } = this.makeData();
    const worker = new Worker(this.threadUrl, { workerData: data, transferList: transfer as never[] });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      worker.once('error', onError);
      worker.on('message', (message) => {
        if (message.type === 'ready') {
          worker.off('error', onError);
          resolve();
        }
      });
    });
    worker.on('message', (message) => {
      if (message.type === 'log') {
        const { msg, fields } = structured(message.message);
        log(message.level, msg, { component: data.component, instance: data.instance, context: message.context, ...fields });
      } else if (message.type === 'handled') {
        this.calls.get(message.id)?.(message);
        this.calls.delete(message.id);
      }
    });
    worker.on('error', (error) => log('error', 'component thread failed', { component: data.component, error: error.message }));
    worker.on('exit', (code) => {
      for (const resolve of this.calls.values()) resolve({ ok: false, error: `component instance exited (code ${code})`, ms: 0 });
      this.calls.clear();
      if (this.stopped) return;
      log('warn', 'component instance exited; starting a fresh one', { component: data.component, instance: data.instance, code });
      this.start();
      this.ready.then(() => this.onStart(this)).catch(() => {});
    });
    this.ready.then(() => this.onStart(this)).catch(() => {});
  }

  post(message: unknown, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer as never[]);
  }

  handleMessage(msg: { subject: string; body: Uint8Array; replyTo?: string }): Promise<HandleResult> {
    const id = ++this.nextId;
    return new Promise((resolve) => {
      this.calls.set(id, resolve);
      this.post({ type: 'handle-message', id, msg });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }
}

/** Compiles a transpiled component's core modules once, for every instance to share. */
export async function compileCoreModules(transpiledDir: string, name: string): Promise<Record<string, WebAssembly.Module>> {
  const modules: Record<string, WebAssembly.Module> = {};
  const js = readFileSync(`${transpiledDir}/${name}.js`, 'utf8');
  for (const file of new Set(js.match(/[\w.-]+\.core\d*\.wasm/g) ?? [])) {
    modules[file] = await WebAssembly.compile(readFileSync(`${transpiledDir}/${file}`));
  }
  return modules;
}
