import { publish } from 'wasmcloud:messaging/consumer@0.2.0';
import type { JobOutput } from '../shared/job-output.js';
import { errorText } from './errors.js';
import { logEvent } from './log.js';
import { workerSettings } from './settings.js';

/**
 * How a job message ended: `completed` / `failed` are final; `pending` means
 * a transient failure returned the task for another attempt; `rejected` is a
 * message that named no usable task; for a duplicate, the task's status now.
 */
export interface JobOutcome {
  task_id?: string;
  status: 'completed' | 'failed' | 'pending' | 'leased' | 'rejected';
  output?: JobOutput;
  error?: string;
  worker_id?: string;
  ms?: number;
}

const encoder = new TextEncoder();

function send(subject: string, outcome: JobOutcome): void {
  try {
    publish({ subject, body: encoder.encode(JSON.stringify(outcome)) });
  } catch (error) {
    // The job itself is done and recorded; a lost event must not undo that.
    logEvent('warn', `could not publish the outcome on ${subject}: ${errorText(error)}`, { task_id: outcome.task_id });
  }
}

/**
 * Replies to a request (`nats request`), and publishes the outcome of a job
 * this message ran as an event on the done/failed subjects (a duplicate
 * message only gets the reply).
 */
export function reportOutcome(outcome: JobOutcome, replyTo: string | undefined, ranTheJob: boolean): void {
  if (replyTo) send(replyTo, outcome);
  if (!ranTheJob) return;
  const { doneSubject, failedSubject } = workerSettings();
  if (outcome.status === 'completed') send(doneSubject, outcome);
  else if (outcome.status === 'failed') send(failedSubject, outcome);
}
