import {
  AckPolicy, DeliverPolicy, nanos, RetentionPolicy, StorageType, type JsMsg, type NatsConnection,
} from 'nats';
import { PERMANENT_REJECTION_PREFIX } from '../../shared/retry.js';
import { log } from '../log.js';
import type { BusMessage } from './messaging.js';

/**
 * Job messages through a JetStream work-queue stream, the guarantees of the
 * JetStream work-queue example: a message published while no worker runs is
 * kept; it is acknowledged only after `handle-message` returned Ok; an Err
 * (or a host that died mid-job) gets it redelivered, with a growing delay,
 * up to `maxDeliver` times; a permanent rejection is terminated at once; a
 * message that used up its deliveries is reported as a dead letter.
 */
export interface WorkQueueOptions {
  ackWaitSeconds: number;
  maxDeliver: number;
  /** Messages handled at once (the worker instances). */
  concurrency: number;
}

export interface HandledMessage {
  ok: boolean;
  error?: string;
}

/** Stream and consumer names from the subject and queue group (NATS names allow no dots). */
export function workQueueNames(subject: string, queue: string | undefined): { stream: string; durable: string } {
  const clean = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_');
  return { stream: `JOBS_${clean(subject)}`.toUpperCase(), durable: clean(queue ?? 'workers') };
}

async function ensureStream(connection: NatsConnection, subject: string, queue: string | undefined, options: WorkQueueOptions) {
  const jsm = await connection.jetstreamManager();
  const { stream, durable } = workQueueNames(subject, queue);
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add({ name: stream, subjects: [subject], retention: RetentionPolicy.Workqueue, storage: StorageType.File });
  }
  const config = {
    durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitSeconds * 1000), max_deliver: options.maxDeliver, filter_subject: subject,
  };
  try {
    await jsm.consumers.info(stream, durable);
    await jsm.consumers.update(stream, durable, { ack_wait: config.ack_wait, max_deliver: config.max_deliver });
  } catch {
    await jsm.consumers.add(stream, config);
  }
  return { jsm, stream, durable };
}

/** Redelivery delay after an Err: 1 s, 2 s, 4 s ... capped at 30 s, so a short outage does not burn every delivery. */
const backoffMs = (deliveryCount: number) => Math.min(30_000, 1000 * 2 ** Math.max(0, deliveryCount - 1));

export async function consumeWorkQueue(
  connection: NatsConnection,
  subject: string,
  queue: string | undefined,
  options: WorkQueueOptions,
  handle: (message: BusMessage) => Promise<HandledMessage>,
): Promise<{ stop(): Promise<void> }> {
  const { jsm, stream, durable } = await ensureStream(connection, subject, queue, options);
  const advisories = connection.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`, {
    callback: async (_error, advisory) => {
      const { stream_seq: seq, deliveries } = advisory.json<{ stream_seq: number; deliveries: number }>();
      const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      log('error', 'dead letter: job message exhausted its deliveries', {
        stream, seq, deliveries, body: stored ? new TextDecoder().decode(stored.data) : undefined,
      });
    },
  });
  const consumer = await connection.jetstream().consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: options.concurrency });
  let inFlight = 0;
  let wake: (() => void) | undefined;

  const process = async (msg: JsMsg) => {
    // Tell the server the job is still being worked on, so a long job is not redelivered meanwhile.
    const heartbeat = setInterval(() => msg.working(), (options.ackWaitSeconds * 1000) / 3);
    try {
      const result = await handle({ subject: msg.subject, body: msg.data });
      if (result.ok) msg.ack();
      else if (result.error?.startsWith(PERMANENT_REJECTION_PREFIX)) msg.term(result.error);
      else msg.nak(backoffMs(msg.info.deliveryCount));
    } finally {
      clearInterval(heartbeat);
      inFlight--;
      wake?.();
    }
  };

  const loop = (async () => {
    for await (const msg of messages) {
      while (inFlight >= options.concurrency) await new Promise<void>((resolve) => { wake = resolve; });
      inFlight++;
      void process(msg);
    }
  })().catch((error: Error) => log('error', 'jetstream consumer stopped', { stream, error: error.message }));

  log('info', 'consuming job messages from a JetStream work queue', {
    stream, consumer: durable, subject, ackWaitSeconds: options.ackWaitSeconds, maxDeliver: options.maxDeliver,
  });
  return {
    async stop() {
      await messages.close().catch(() => {});
      advisories.unsubscribe();
      await loop;
    },
  };
}
