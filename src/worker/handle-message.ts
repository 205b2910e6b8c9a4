import {
  getTask, leaseTask, markTaskCompleted, markTaskFailed,
} from 'wasmcloud:task-manager/tasks@0.1.0-draft';
import type { BrokerMessage } from 'wasmcloud:messaging/types@0.2.0';
import { formatFromMime } from '../imaging/format.js';
import { runPipeline } from '../imaging/pipeline.js';
import { PERMANENT_REJECTION_PREFIX, TRANSIENT_FAILURE_PREFIX } from '../shared/retry.js';
import { writeObject } from './blobstore.js';
import { errorText, taskManagerCode, TransientError } from './errors.js';
import { parseJobMessage, parseRequest } from './job.js';
import { logEvent } from './log.js';
import type { JobOutput } from '../shared/job-output.js';
import { reportOutcome, type JobOutcome } from './outcome.js';
import { workerSettings } from './settings.js';
import { readSource } from './sources.js';
import { warmUp, WARM_UP_SUBJECT } from './warm-up.js';

// Every instance has its own id, so leases show which instance holds a task
// (upstream used one constant for all instances). Made on first use: random
// numbers are not available while componentize-js pre-initialises the module.
let workerId: string | undefined;
function ownWorkerId(): string {
  workerId ??= `image-processor-${crypto.randomUUID()}`;
  return workerId;
}

/** Lease codes that mean "someone else has it, or it is finished": the message needs nothing more. */
const NOTHING_TO_DO = new Set(['task-not-leasable']);
const UNKNOWN_TASK = new Set(['task-not-found', 'invalid-task-id']);

/** Keeps the lease alive between long steps: leasing again renews the holder's lease. */
class Lease {
  private renewedAt = Date.now();
  constructor(readonly taskId: string, public id: string, private readonly worker: string) {}

  renewIfOld(): void {
    // A renewal costs one round trip (about a millisecond); once a second keeps
    // even a short lease alive, as long as no single step outlasts it.
    if (Date.now() - this.renewedAt < 1000) return;
    // Throws when another worker has taken the task meanwhile: the job stops there.
    const renewed = leaseTask(this.taskId, this.worker);
    if (renewed !== this.id) {
      // One step outlasted the lease, and nobody else took the task: this worker leased it
      // afresh (the expiry counts as an attempt). Carry on under the new lease rather than
      // throw away the work and start over.
      logEvent('warn', `task ${this.taskId}: lease expired during a step; leased again`, { task_id: this.taskId, worker_id: this.worker });
      this.id = renewed;
    }
    this.renewedAt = Date.now();
  }
}

async function processTask(lease: Lease): Promise<JobOutput> {
  const task = getTask(lease.taskId);
  const request = parseRequest(task.dataJson);
  const format = formatFromMime(request.image_format);
  const source = await readSource(request.source, workerSettings().remotePolicy);
  lease.renewIfOld();
  const result = await runPipeline(source, {
    operations: request.operations, format, quality: request.quality, background: request.background,
    checkpoint: () => lease.renewIfOld(),
  });
  lease.renewIfOld();
  const { bucket, key } = request.destination.path;
  writeObject(bucket, key, result.bytes);
  return { bucket, key, format: result.format, width: result.width, height: result.height, bytes: result.bytes.length };
}

/** The lease, or the outcome to report when there is nothing to process. Throws when the message deserves a redelivery. */
function leaseOrExplain(taskId: string, worker: string): Lease | JobOutcome {
  try {
    return new Lease(taskId, leaseTask(taskId, worker), worker);
  } catch (error) {
    const code = taskManagerCode(error);
    if (code && NOTHING_TO_DO.has(code)) {
      // A redelivered or duplicate message: the task is done, failed, or another worker has it.
      logEvent('info', `task ${taskId}: nothing to do (${errorText(error)})`, { task_id: taskId, worker_id: worker });
      // When even the read fails, the reply says leased: someone has it.
      return { task_id: taskId, status: currentStatus(taskId, 'leased') };
    }
    if (code && UNKNOWN_TASK.has(code)) {
      return { task_id: taskId, status: 'rejected', error: `${PERMANENT_REJECTION_PREFIX}task ${taskId} does not exist (${errorText(error)})` };
    }
    // The task manager could not be reached or failed: the message is worth another try.
    const reason = `could not lease task ${taskId}: ${errorText(error)}`;
    logEvent('warn', reason, { task_id: taskId, worker_id: worker });
    throw reason;
  }
}

/** Runs the leased job and records the result with the task manager; the outcome says what happened. */
async function runLeased(lease: Lease, worker: string): Promise<JobOutcome> {
  const { taskId } = lease;
  const started = Date.now();
  logEvent('info', `task ${taskId}: leased by ${worker}`, { task_id: taskId, worker_id: worker });
  let output: JobOutput;
  try {
    output = await processTask(lease);
  } catch (error) {
    const transient = error instanceof TransientError;
    const reason = errorText(error);
    const ms = Date.now() - started;
    logEvent('warn', `task ${taskId}: ${transient ? 'transient failure, will be retried' : 'failed'}: ${reason}`,
      { task_id: taskId, worker_id: worker, ms, transient });
    try {
      markTaskFailed(lease.id, worker, transient ? `${TRANSIENT_FAILURE_PREFIX}${reason}` : reason);
    } catch (markError) {
      const text = `task ${taskId}: could not be marked failed: ${errorText(markError)}`;
      logEvent('error', text, { task_id: taskId, worker_id: worker });
      throw text;
    }
    // After a transient failure the task may be pending again, or failed for good if it was the last attempt.
    const status = transient ? currentStatus(taskId, 'pending') : 'failed';
    return { task_id: taskId, status, error: reason, worker_id: worker, ms };
  }
  try {
    markTaskCompleted(lease.id, worker);
  } catch (error) {
    const text = `task ${taskId}: could not be marked completed: ${errorText(error)}`;
    logEvent('error', text, { task_id: taskId, worker_id: worker });
    throw text;
  }
  const ms = Date.now() - started;
  logEvent('info', `task ${taskId}: completed: wrote ${output.bucket}/${output.key} (${output.format}, ` +
    `${output.width}x${output.height}, ${output.bytes} bytes) in ${ms} ms`, { task_id: taskId, worker_id: worker, ms, output });
  return { task_id: taskId, status: 'completed', output, worker_id: worker, ms };
}

/** The task's status as the task manager has it now, or `fallback` when it cannot be read. */
function currentStatus(taskId: string, fallback: JobOutcome['status']): JobOutcome['status'] {
  try {
    return getTask(taskId).status;
  } catch {
    return fallback;
  }
}

/**
 * One job message: lease, process, complete, then reply (when the message has
 * a reply subject) and publish the outcome as an event. A message that is not
 * a job, or names an unknown task, is rejected as permanent; a duplicate for a
 * task that is finished or held by another worker is acknowledged and ignored.
 * Once leased, every failure is reported: a permanent one fails the task, a
 * transient one (storage or network) returns it for another attempt and
 * rejects the message so that a redelivering provider tries again.
 */
export async function handleMessage(message: BrokerMessage): Promise<void> {
  if (message.subject === WARM_UP_SUBJECT) {
    // The id's first call starts the random-number source (measured: 18 ms of a first job).
    ownWorkerId();
    logEvent('debug', await warmUp());
    return;
  }
  const worker = ownWorkerId();
  let taskId: string;
  try {
    taskId = parseJobMessage(message.body).taskId;
  } catch (error) {
    const reason = `${PERMANENT_REJECTION_PREFIX}${errorText(error)}`;
    logEvent('warn', `rejected message on ${message.subject}: ${reason}`, { worker_id: worker });
    reportOutcome({ status: 'rejected', error: reason }, message.replyTo, false);
    throw reason;
  }
  const leased = leaseOrExplain(taskId, worker);
  if (!(leased instanceof Lease)) {
    if (leased.status === 'rejected') logEvent('warn', `rejected message on ${message.subject}: ${leased.error}`, { task_id: taskId, worker_id: worker });
    reportOutcome(leased, message.replyTo, false);
    if (leased.status === 'rejected') throw leased.error!;
    return;
  }
  const outcome = await runLeased(leased, worker);
  reportOutcome(outcome, message.replyTo, outcome.status !== 'pending');
  if (outcome.status === 'pending') throw `task ${taskId}: ${outcome.error}`;
}
