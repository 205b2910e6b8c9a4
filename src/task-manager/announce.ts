import { publish } from 'wasmcloud:messaging/consumer@0.2.0';
import { TaskError } from './errors.js';

const encoder = new TextEncoder();

/** Publishes the job message `{"task_id": ...}` for each task, as a submitter would. */
export function announceTasks(taskIds: string[], subject: string): void {
  for (const id of taskIds) {
    try {
      publish({ subject, body: encoder.encode(JSON.stringify({ task_id: id })) });
    } catch (error) {
      const detail = (error as { payload?: unknown })?.payload ?? (error as Error)?.message ?? error;
      throw new TaskError(503, 'messaging-unavailable', `could not publish to ${subject}: ${String(detail)}`);
    }
  }
}
