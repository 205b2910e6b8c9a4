import { existsSync } from 'node:fs';
import { componentConfigFromEnv } from './config.js';
import { basename, dirname, join } from 'node:path';
import { createSyncChannel, serveSync } from './bridge.js';
import type { ComponentThreadData } from './component-thread.js';
import { compileCoreModules, ComponentInstance } from './instance.js';
import { log } from './log.js';
import { blobStoreRoot, findLink, loadManifest, type ComponentPlan, type HostPlan } from './manifest.js';
import { InstancePool } from './pool.js';
import { openMessageBus, type BusMessage, type MessageBus } from './providers/messaging.js';
import { startRequeueTimer } from './requeue.js';
import { openDatabase, type Database, type PostgresConfig } from './providers/postgres.js';

export interface HostOptions {
  manifestPath: string;
  /** Folder for the embedded database and a started nats-server. */
  dataDir: string;
  /** Overrides the manifest's http-server address. */
  httpAddress?: string;
  /** Overrides the manifest's blobstore-fs root. */
  blobRoot?: string;
  natsUrl: string;
  /** POSTGRES_* / DATABASE_URL from the environment; overrides the link config. */
  postgres: PostgresConfig;
  /** Overrides the spreadscaler instance count of message-handling components. */
  workerInstances?: number;
  /** Source of `<COMPONENT>_<KEY>` component config overrides (see componentConfigFromEnv). */
  componentEnv: NodeJS.ProcessEnv;
  /** How often the host asks the task manager to re-announce pending tasks (0: never). */
  requeueIntervalSeconds: number;
  /** Consume job messages through a JetStream work queue instead of a core NATS subscription. */
  jetstream?: { ackWaitSeconds: number; maxDeliver: number };
}

export interface Host {
  readonly httpUrl: string;
  readonly bus: MessageBus;
  readonly database: Database;
  readonly blobRoot: string;
  readonly subjects: string[];
  stop(): Promise<void>;
}

const THREAD = new URL('./component-thread.js', import.meta.url);

/** A signed `_s.wasm` (from `wash build`) falls back to the unsigned artifact of `npm run build`. */
function wasmFile(plan: ComponentPlan): string {
  if (existsSync(plan.wasmPath)) return plan.wasmPath;
  const unsigned = plan.wasmPath.replace(/_s\.wasm$/, '.wasm');
  if (existsSync(unsigned)) return unsigned;
  throw new Error(`component ${plan.name}: ${plan.wasmPath} does not exist (run npm run build)`);
}

function transpiledDir(wasmPath: string): { dir: string; name: string } {
  const name = basename(wasmPath, '.wasm').replace(/_s$/, '');
  const dir = join(dirname(wasmPath), 'transpiled', name);
  if (!existsSync(join(dir, `${name}.js`))) throw new Error(`${dir} is missing: run npm run build`);
  return { dir, name };
}

function parseAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at) || '0.0.0.0', port: Number(address.slice(at + 1)) };
}

/** What a component's `wasi:config/runtime` answers: the manifest's component config, overridden from the environment. */
function componentConfig(plan: HostPlan, component: string, options: HostOptions): Record<string, string> {
  return { ...plan.components.find((c) => c.name === component)?.config, ...componentConfigFromEnv(component, options.componentEnv) };
}

export async function startHost(options: HostOptions): Promise<Host> {
  const plan: HostPlan = loadManifest(options.manifestPath);
  const started = performance.now();
  const providerOf = (kind: string) => [...plan.providers].find(([, k]) => k === kind)?.[0];

  const handlerLinks = plan.links.filter((l) => l.interface === 'wasmcloud:messaging/handler');
  const httpLink = findLink(plan, 'wasi:http/incoming-handler');
  const postgresLink = findLink(plan, 'wasmcloud:postgres/query');
  const blobRoot = blobStoreRoot(plan, options.dataDir, options.blobRoot);

  const postgresConfig = { ...(postgresLink?.targetConfig ?? {}), ...options.postgres };
  const database = await openDatabase(postgresConfig, join(options.dataDir, 'pglite'));
  log('info', `database: ${database.description}`);
  const bus = await openMessageBus(options.natsUrl, options.dataDir);
  log('info', `messaging: ${bus.description}`);

  const instancesByComponent = new Map<string, ComponentInstance[]>();
  const compiled = new Map<string, { dir: string; name: string; modules: Record<string, WebAssembly.Module> }>();
  for (const component of plan.components) {
    const { dir, name } = transpiledDir(wasmFile(component));
    const compileStart = performance.now();
    compiled.set(component.name, { dir, name, modules: await compileCoreModules(dir, name) });
    log('info', `compiled ${component.name}`, { ms: Math.round(performance.now() - compileStart) });
  }

  const httpAddress = httpLink ? parseAddress(options.httpAddress ?? httpLink.sourceConfig.address ?? '0.0.0.0:8000') : undefined;

  // Components that others call (the task manager) start first, so callers can be wired to them.
  const calledComponents = new Set(
    plan.links.filter((l) => !plan.providers.has(l.source) && !plan.providers.has(l.target)).map((l) => l.target),
  );
  const ordered = [...plan.components].sort((a, b) => Number(calledComponents.has(b.name)) - Number(calledComponents.has(a.name)));

  for (const component of ordered) {
    const { dir, name, modules } = compiled.get(component.name)!;
    const links = plan.links.filter((l) => l.source === component.name);
    const has = (iface: string) => links.some((l) => l.interface === iface);
    // The worker: takes job messages and is called by no other component (the task manager is).
    const isWorker = handlerLinks.some((l) => l.target === component.name) && !calledComponents.has(component.name);
    const count = isWorker && options.workerInstances ? options.workerInstances : Math.max(1, component.instances);
    const tasksTarget = links.find((l) => l.interface === 'wasmcloud:task-manager/tasks')?.target;
    const instances: ComponentInstance[] = [];
    for (let instance = 0; instance < count; instance++) {
      const makeData = () => {
        const transfer: Transferable[] = [];
        const clients: ComponentThreadData['clients'] = {};
        if (has('wasmcloud:postgres/query')) {
          const channel = createSyncChannel();
          serveSync(channel.server, (op, args) =>
            op === 'postgres.query' ? database.query(args[0] as string, args[1] as never) : database.queryBatch(args[0] as string));
          clients.postgres = channel.client;
          transfer.push(channel.client.requests, channel.client.replies);
        }
        if (has('wasmcloud:messaging/consumer')) {
          const channel = createSyncChannel();
          serveSync(channel.server, async (op, args) => {
            if (op === 'messaging.publish') {
              const msg = args[0] as { subject: string; body: Uint8Array; replyTo?: string };
              return bus.publish(msg);
            }
            const reply = await bus.request(args[0] as string, args[1] as Uint8Array, args[2] as number);
            return { subject: reply.subject, body: reply.body, replyTo: reply.replyTo };
          });
          clients.messaging = channel.client;
          transfer.push(channel.client.requests, channel.client.replies);
        }
        if (tasksTarget) {
          const target = instancesByComponent.get(tasksTarget)?.[0];
          if (!target) throw new Error(`${component.name} links to ${tasksTarget}, which is not running`);
          const channel = createSyncChannel();
          target.post({ type: 'serve-tasks', ends: channel.server }, [channel.server.requests, channel.server.replies]);
          clients.tasks = channel.client;
          transfer.push(channel.client.requests, channel.client.replies);
        }
        const data: ComponentThreadData = {
          component: component.name,
          instance,
          jsPath: join(dir, `${name}.js`),
          coreModules: modules,
          blobRoot: has('wasi:blobstore/blobstore') ? blobRoot : undefined,
          httpAddress: httpLink?.target === component.name ? httpAddress : undefined,
          warmUp: isWorker,
          config: componentConfig(plan, component.name, options),
          clients,
        };
        return { data, transfer };
      };
      instances.push(new ComponentInstance(THREAD, makeData));
    }
    await Promise.all(instances.map((i) => i.ready));
    instancesByComponent.set(component.name, instances);
    log('info', `started ${component.name}`, { instances: count });
  }

  const subjects: string[] = [];
  const consumers: { stop(): Promise<void> }[] = [];
  for (const link of handlerLinks) {
    const targetInstances = instancesByComponent.get(link.target)!;
    const pool = new InstancePool(targetInstances);
    const isWorker = !calledComponents.has(link.target);
    const handle = async (message: BusMessage) => {
      const result = await pool.dispatch(message);
      log(result.ok ? 'info' : 'warn', result.ok ? 'message handled' : 'message rejected', {
        component: link.target, subject: message.subject, ms: Math.round(result.ms), error: result.error,
      });
      return result;
    };
    // JetStream applies to job messages only; events stay core NATS.
    const jetstream = isWorker ? options.jetstream : undefined;
    for (const entry of (link.sourceConfig.subscriptions ?? '').split(',').filter(Boolean)) {
      const [subject, queue] = entry.split('|');
      if (isWorker) subjects.push(subject);
      if (jetstream) {
        if (!bus.consumeWorkQueue) throw new Error('JetStream delivery needs a NATS server (none is reachable)');
        consumers.push(await bus.consumeWorkQueue(subject, queue, { ...jetstream, concurrency: targetInstances.length }, handle));
      } else {
        bus.subscribe(subject, queue, (message) => void handle(message));
      }
    }
    log('info', `subscribed ${link.target}`, {
      subscriptions: link.sourceConfig.subscriptions, via: providerOf('messaging-nats'), jetstream: Boolean(jetstream),
    });
  }

  const displayHost = !httpAddress || httpAddress.host === '0.0.0.0' ? '127.0.0.1' : httpAddress.host;
  const httpUrl = httpAddress ? `http://${displayHost}:${httpAddress.port}` : '';
  // The task manager re-announces pending tasks only if it can publish (a messaging consumer link).
  const requeuer = httpLink && findLink(plan, 'wasmcloud:messaging/consumer', { source: httpLink.target }) && options.requeueIntervalSeconds > 0
    ? startRequeueTimer(httpUrl, componentConfig(plan, httpLink.target, options).admin_token || undefined, options.requeueIntervalSeconds)
    : undefined;
  log('info', 'host ready', { http: httpUrl, nats: bus.url ?? 'in-process', blobRoot, ms: Math.round(performance.now() - started) });

  return {
    httpUrl,
    bus,
    database,
    blobRoot,
    subjects,
    async stop() {
      requeuer?.stop();
      for (const consumer of consumers) await consumer.stop();
      for (const instances of [...instancesByComponent.values()].reverse()) await Promise.all(instances.map((i) => i.stop()));
      await bus.close();
      await database.close();
    },
  };
}
