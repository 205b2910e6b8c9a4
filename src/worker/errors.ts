/**
 * Text of anything thrown across the component boundary. Imports that return
 * `result::err` throw an object whose `payload` is the WIT error value (a
 * string, or a variant such as `{tag: 'unexpected', val: '...'}`).
 */
export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const value = 'payload' in error ? (error as { payload: unknown }).payload : error;
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const variant = value as { tag?: unknown; val?: unknown };
      if (typeof variant.tag === 'string') return variant.val === undefined ? variant.tag : `${variant.tag}: ${errorText(variant.val)}`;
    }
    if (error instanceof Error) return error.message;
  }
  return String(error);
}

/**
 * A failure that a later attempt could fix: the network, a timeout, a remote
 * server's 5xx or 429, the blob store being unavailable or failing I/O. The
 * message handler may release such a task for a retry instead of failing it.
 * Everything else (bad input, 4xx, a missing object) is permanent.
 */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/**
 * The task manager's error code in a failed `tasks` call, e.g. `task-not-leasable`
 * from `unexpected: task-not-leasable: task ... is completed`; undefined when the
 * call failed for another reason (task manager unreachable, database down).
 */
export function taskManagerCode(error: unknown): string | undefined {
  const match = /^(?:unexpected: )?([a-z]+(?:-[a-z]+)+): /.exec(errorText(error));
  return match?.[1];
}
