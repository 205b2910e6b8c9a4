import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { log } from '../log.js';
import { consumeWorkQueue, type HandledMessage, type WorkQueueOptions } from './work-queue.js';

/**
 * The messaging provider: core NATS, as wasmCloud's messaging-nats provider
 * delivers (at most once, queue groups written `subject|group`). When no NATS
 * server answers, it starts a local `nats-server` if one is installed, as
 * `wash up` does; failing that, it delivers between the host's own components
 * in process and says loudly that outside publishers cannot reach it.
 */
export interface BusMessage {
  subject: string;
  body: Uint8Array;
  replyTo?: string;
}

export interface MessageBus {
  readonly description: string;
  /** False for the in-process fallback: nothing outside this process can publish to it. */
  readonly external: boolean;
  readonly url?: string;
  subscribe(subject: string, queue: string | undefined, handler: (message: BusMessage) => void): void;
  publish(message: BusMessage): Promise<void>;
  request(subject: string, body: Uint8Array, timeoutMs: number): Promise<BusMessage>;
  /** JetStream work-queue delivery (see work-queue.ts); absent without a NATS server. */
  consumeWorkQueue?(
    subject: string, queue: string | undefined, options: WorkQueueOptions, handle: (message: BusMessage) => Promise<HandledMessage>,
  ): Promise<{ stop(): Promise<void> }>;
  close(): Promise<void>;
}

function natsBus(connection: NatsConnection, url: string, server?: ChildProcess): MessageBus {
  (async () => {
    for await (const status of connection.status()) {
      log(status.type === 'reconnect' ? 'info' : 'debug', `nats ${status.type}`, { data: String(status.data) });
    }
  })().catch(() => {});
  return {
    description: `NATS at ${url}${server ? ' (started by this host)' : ''}`,
    external: true,
    url,
    subscribe(subject, queue, handler) {
      connection.subscribe(subject, {
        queue,
        callback: (error, msg) => {
          if (error) return log('error', 'nats subscription error', { subject, error: error.message });
          handler({ subject: msg.subject, body: msg.data, replyTo: msg.reply || undefined });
        },
      });
    },
    async publish({ subject, body, replyTo }) {
      connection.publish(subject, body, replyTo ? { reply: replyTo } : undefined);
    },
    async request(subject, body, timeoutMs) {
      const reply = await connection.request(subject, body, { timeout: timeoutMs });
      return { subject: reply.subject, body: reply.data };
    },
    consumeWorkQueue(subject, queue, options, handle) {
      return consumeWorkQueue(connection, subject, queue, options, handle);
    },
    async close() {
      await connection.drain().catch(() => connection.close());
      server?.kill('SIGTERM');
    },
  };
}

/** Matches NATS subjects with `*` (one token) and `>` (the rest). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

function inProcessBus(): MessageBus {
  const subscriptions: { subject: string; handler: (m: BusMessage) => void }[] = [];
  let inbox = 0;
  const bus: MessageBus = {
    description: 'in-process delivery (no NATS server)',
    external: false,
    subscribe(subject, _queue, handler) {
      subscriptions.push({ subject, handler });
    },
    async publish(message) {
      // One subscriber per subject, like a queue group: the host has one of each.
      const target = subscriptions.find((s) => subjectMatches(s.subject, message.subject));
      if (target) queueMicrotask(() => target.handler(message));
    },
    request(subject, body, timeoutMs) {
      return new Promise((resolve, reject) => {
        const replyTo = `_INBOX.local.${++inbox}`;
        const timer = setTimeout(() => reject(new Error('nats request timed out')), timeoutMs);
        subscriptions.push({ subject: replyTo, handler: (m) => { clearTimeout(timer); resolve(m); } });
        void bus.publish({ subject, body, replyTo });
      });
    },
    async close() {},
  };
  return bus;
}

function hasNatsServer(): boolean {
  return spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function tryConnect(url: string, attempts = 1): Promise<NatsConnection | undefined> {
  for (let i = 0; i < attempts; i++) {
    try {
      return await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 2000 });
    } catch {
      if (i + 1 < attempts) await new Promise((r) => setTimeout(r, 250));
    }
  }
  return undefined;
}

export async function openMessageBus(url: string, dataDir: string): Promise<MessageBus> {
  const connection = await tryConnect(url);
  if (connection) return natsBus(connection, url);
  const { hostname, port } = new URL(url.replace(/^nats:/, 'http:'));
  if (hasNatsServer() && (hostname === '127.0.0.1' || hostname === 'localhost')) {
    const storeDir = join(dataDir, 'nats');
    mkdirSync(storeDir, { recursive: true });
    log('info', `no NATS server at ${url}; starting nats-server with JetStream`, { storeDir });
    const server = spawn('nats-server', ['-a', hostname, '-p', port || '4222', '-js', '-sd', storeDir], { stdio: 'ignore' });
    const started = await tryConnect(url, 40);
    if (started) return natsBus(started, url, server);
    server.kill('SIGTERM');
  }
  log('warn',
    `NO NATS SERVER at ${url} and no nats-server binary on PATH: job messages are delivered IN PROCESS only. ` +
    'Outside publishers (the nats CLI, other hosts) cannot reach this host. ' +
    'Install nats-server (Debian: apt install nats-server; or https://nats.io/download) or set NATS_URL.');
  return inProcessBus();
}
