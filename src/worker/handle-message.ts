import { log } from 'wasi:logging/logging@0.1.0-draft';
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
import { readSource } from './sources.js';
import { warmUp, WARM_UP_SUBJECT } from './warm-up.js';

const CONTEXT = 'image-processor';

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
  constructor(readonly taskId: string, readonly id: string, private readonly worker: string) {}

  renewIfOld(): void {
    // A renewal costs one round trip (about a millisecond); once a second keeps
    // even a short lease alive, as long as no single step outlasts it.
    if (Date.now() - this.renewedAt < 1000) return;
    const renewed = leaseTask(this.taskId, this.worker);
    if (renewed !== this.id) throw new Error(`lease of task ${this.taskId} was lost`);
    this.renewedAt = Date.now();
  }
}

async function processTask(lease: Lease): Promise<string> {
  const task = getTask(lease.taskId);
  const request = parseRequest(task.dataJson);
  const format = formatFromMime(request.image_format);
  const started = Date.now();
  const source = await readSource(request.source);
  lease.renewIfOld();
  const result = await runPipeline(source, {
    operations: request.operations, format, quality: request.quality, background: request.background,
    checkpoint: () => lease.renewIfOld(),
  });
  lease.renewIfOld();
  const { bucket, key } = request.destination.path;
  writeObject(bucket, key, result.bytes);
  return (
    `wrote ${bucket}/${key} (${result.format}, ${result.width}x${result.height}, ` +
    `${result.bytes.length} bytes) in ${Date.now() - started} ms`
  );
}

function leaseOrExplain(taskId: string, worker: string): Lease | undefined {
  try {
    return new Lease(taskId, leaseTask(taskId, worker), worker);
  } catch (error) {
    const code = taskManagerCode(error);
    if (code && NOTHING_TO_DO.has(code)) {
      // A redelivered or duplicate message: the task is done, failed, or another worker has it.
      log('info', CONTEXT, `task ${taskId}: nothing to do (${errorText(error)})`);
      return undefined;
    }
    if (code && UNKNOWN_TASK.has(code)) throw `${PERMANENT_REJECTION_PREFIX}task ${taskId} does not exist (${errorText(error)})`;
    // The task manager could not be reached or failed: the message is worth another try.
    const reason = `could not lease task ${taskId}: ${errorText(error)}`;
    log('warn', CONTEXT, reason);
    throw reason;
  }
}

/**
 * One job: lease, process, complete. A message that cannot be parsed, or names
 * an unknown task, is rejected as permanent; a duplicate for a task that is
 * finished or held by another worker is acknowledged and ignored. Once leased,
 * every failure is reported: a permanent one fails the task, a transient one
 * (storage or network) returns it for another attempt and rejects the message
 * so that a redelivering provider tries again.
 */
export async function handleMessage(message: BrokerMessage): Promise<void> {
  if (message.subject === WARM_UP_SUBJECT) {
    log('debug', CONTEXT, await warmUp());
    return;
  }
  const worker = ownWorkerId();
  let taskId: string;
  try {
    taskId = parseJobMessage(message.body).taskId;
  } catch (error) {
    const reason = `${PERMANENT_REJECTION_PREFIX}${errorText(error)}`;
    log('warn', CONTEXT, `rejected message on ${message.subject}: ${reason}`);
    throw reason;
  }
  const lease = leaseOrExplain(taskId, worker);
  if (!lease) return;
  log('info', CONTEXT, `task ${taskId}: leased by ${worker}`);
  let outcome: string;
  try {
    outcome = await processTask(lease);
  } catch (error) {
    const transient = error instanceof TransientError;
    const reason = errorText(error);
    log('warn', CONTEXT, `task ${taskId}: ${transient ? 'transient failure, will be retried' : 'failed'}: ${reason}`);
    try {
      markTaskFailed(lease.id, worker, transient ? `${TRANSIENT_FAILURE_PREFIX}${reason}` : reason);
    } catch (markError) {
      const text = `task ${taskId}: could not be marked failed: ${errorText(markError)}`;
      log('error', CONTEXT, text);
      throw text;
    }
    if (transient) throw `task ${taskId}: ${reason}`;
    return;
  }
  try {
    markTaskCompleted(lease.id, worker);
  } catch (error) {
    const text = `task ${taskId}: could not be marked completed: ${errorText(error)}`;
    log('error', CONTEXT, text);
    throw text;
  }
  log('info', CONTEXT, `task ${taskId}: completed: ${outcome}`);
}
