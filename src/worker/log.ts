import { log, type Level } from 'wasi:logging/logging@0.1.0-draft';

const CONTEXT = 'image-processor';

/**
 * A structured log line through `wasi:logging`: the message is a JSON object
 * (`msg` plus fields such as task_id, worker_id, ms), which the local host
 * merges into its own JSON line and a wasmCloud host prints as it is.
 */
export function logEvent(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  log(level, CONTEXT, JSON.stringify({ msg, ...fields }));
}
