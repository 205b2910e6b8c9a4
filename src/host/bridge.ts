import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * Synchronous calls from a component thread to an asynchronous service in
 * another thread. Component imports must return synchronously, while Node's
 * database and NATS clients (and the task-manager instance in its own thread)
 * answer asynchronously. The caller posts a request, then sleeps in
 * Atomics.wait on a shared flag (no busy-waiting); the server posts the reply
 * and flips the flag; the caller wakes and takes the reply with
 * receiveMessageOnPort, which needs no event-loop turn.
 */

export interface SyncClientEnds {
  readonly requests: MessagePort;
  readonly replies: MessagePort;
  readonly signal: SharedArrayBuffer;
}

export type SyncServerEnds = SyncClientEnds;

type Reply = { ok: true; value: unknown } | { ok: false; error: unknown };

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
  private readonly flag: Int32Array;

  constructor(private readonly ends: SyncClientEnds, private readonly timeoutMs = 120_000) {
    this.flag = new Int32Array(ends.signal);
  }

  /** Calls `operation` on the server and blocks this thread until it answers. */
  call(operation: string, args: unknown[]): unknown {
    Atomics.store(this.flag, 0, 0);
    this.ends.requests.postMessage({ operation, args });
    // Returns at once when the server already answered ("not-equal").
    const waited = Atomics.wait(this.flag, 0, 0, this.timeoutMs);
    const message = receiveMessageOnPort(this.ends.replies);
    if (!message) {
      throw new Error(
        waited === 'timed-out' ? `host call ${operation} timed out after ${this.timeoutMs} ms` : `host call ${operation} got no reply`,
      );
    }
    const reply = message.message as Reply;
    if (!reply.ok) throw new RemoteError(reply.error);
    return reply.value;
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
  const flag = new Int32Array(ends.signal);
  ends.requests.on('message', async ({ operation, args }: { operation: string; args: unknown[] }) => {
    let reply: Reply;
    try {
      reply = { ok: true, value: await handler(operation, args) };
    } catch (error) {
      reply = { ok: false, error: errorPayload(error) };
    }
    ends.replies.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
}

function errorPayload(error: unknown): unknown {
  if (error instanceof RemoteError) return error.payload;
  if (error && typeof error === 'object' && 'payload' in error) return (error as { payload: unknown }).payload;
  if (error instanceof Error) return error.message;
  return error;
}
