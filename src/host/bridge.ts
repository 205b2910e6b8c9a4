import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * Synchronous calls from a component thread to an asynchronous service in
 * another thread. Component imports must return synchronously, while Node's
 * database and NATS clients (and the task-manager instance in its own thread)
 * answer asynchronously. The caller posts a numbered request, then sleeps in
 * Atomics.wait on a shared counter (no busy-waiting); the server posts the
 * reply, with the request's number, and bumps the counter; the caller wakes
 * and takes the reply with receiveMessageOnPort, which needs no event-loop
 * turn. The number matters: a call that timed out leaves its reply to arrive
 * later, and without it the next call would take that reply for its own
 * (and every call after it the one before's).
 */

export interface SyncClientEnds {
  readonly requests: MessagePort;
  readonly replies: MessagePort;
  readonly signal: SharedArrayBuffer;
}

export type SyncServerEnds = SyncClientEnds;

type Reply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: unknown });

export function createSyncChannel(): { client: SyncClientEnds; server: SyncServerEnds } {
  const requests = new MessageChannel();
  const replies = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  return {
    client: { requests: requests.port1, replies: replies.port2, signal },
    server: { requests: requests.port2, replies: replies.port1, signal },
  };
}

/** A value thrown by a remote handler, as received by the caller. */
export class RemoteError extends Error {
  constructor(readonly payload: unknown) {
    super(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }
}

export class SyncClient {
  private readonly replies: Int32Array;
  private lastId = 0;

  constructor(private readonly ends: SyncClientEnds, private readonly timeoutMs = 120_000) {
    this.replies = new Int32Array(ends.signal);
  }

  /** Calls `operation` on the server and blocks this thread until it answers. */
  call(operation: string, args: unknown[]): unknown {
    const id = ++this.lastId;
    this.ends.requests.postMessage({ id, operation, args });
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      // The count before looking: a reply posted after the look has bumped it, so the wait returns at once.
      const seen = Atomics.load(this.replies, 0);
      for (let message = receiveMessageOnPort(this.ends.replies); message; message = receiveMessageOnPort(this.ends.replies)) {
        const reply = message.message as Reply;
        // Anything else is the late reply of a call that timed out: nobody wants it any more.
        if (reply.id !== id) continue;
        if (!reply.ok) throw new RemoteError(reply.error);
        return reply.value;
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`host call ${operation} timed out after ${this.timeoutMs} ms`);
      Atomics.wait(this.replies, 0, seen, left);
    }
  }

  close(): void {
    this.ends.requests.close();
    this.ends.replies.close();
  }
}

/**
 * Serves calls from one client. A handler's thrown value is sent back as the
 * error; `errorPayload` picks what crosses the thread boundary.
 */
export function serveSync(
  ends: SyncServerEnds,
  handler: (operation: string, args: unknown[]) => unknown,
): void {
  const replies = new Int32Array(ends.signal);
  ends.requests.on('message', async ({ id, operation, args }: { id: number; operation: string; args: unknown[] }) => {
    let reply: Reply;
    try {
      reply = { id, ok: true, value: await handler(operation, args) };
    } catch (error) {
      reply = { id, ok: false, error: errorPayload(error) };
    }
    ends.replies.postMessage(reply);
    Atomics.add(replies, 0, 1);
    Atomics.notify(replies, 0);
  });
}

function errorPayload(error: unknown): unknown {
  if (error instanceof RemoteError) return error.payload;
  if (error && typeof error === 'object' && 'payload' in error) return (error as { payload: unknown }).payload;
  if (error instanceof Error) return error.message;
  return error;
}
