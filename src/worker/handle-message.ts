import { log } from 'wasi:logging/logging@0.1.0-draft';
import {
  getTask, leaseTask, markTaskCompleted, markTaskFailed,
} from 'wasmcloud:task-manager/tasks@0.1.0-draft';
import type { BrokerMessage } from 'wasmcloud:messaging/types@0.2.0';
import { formatFromMime } from '../imaging/format.js';
import { runPipeline } from '../imaging/pipeline.js';
import { writeObject } from './blobstore.js';
import { errorText } from './errors.js';
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

async function processTask(taskId: string): Promise<string> {
  const task = getTask(taskId);
  const request = parseRequest(task.dataJson);
  const format = formatFromMime(request.image_format);
  const started = Date.now();
  const source = await readSource(request.source);
  const result = await runPipeline(source, {
    operations: request.operations, format, quality: request.quality, background: request.background,
  });
  const { bucket, key } = request.destination.path;
  writeObject(bucket, key, result.bytes);
  return (
    `wrote ${bucket}/${key} (${result.format}, ${result.width}x${result.height}, ` +
    `${result.bytes.length} bytes) in ${Date.now() - started} ms`
  );
}

/**
 * One job: lease, process, complete. A message that cannot be parsed or whose
 * task cannot be leased is rejected (Err); once leased, every failure marks the
 * task failed with its reason, so no task is left leased.
 */
export async function handleMessage(message: BrokerMessage): Promise<void> {
  if (message.subject === WARM_UP_SUBJECT) {
    log('debug', CONTEXT, await warmUp());
    return;
  }
  const WORKER_ID = ownWorkerId();
  let taskId: string;
  let leaseId: string;
  try {
    taskId = parseJobMessage(message.body).taskId;
  } catch (error) {
    const reason = errorText(error);
    log('warn', CONTEXT, `rejected message on ${message.subject}: ${reason}`);
    throw reason;
  }
  try {
    leaseId = leaseTask(taskId, WORKER_ID);
  } catch (error) {
    const reason = `could not lease task ${taskId}: ${errorText(error)}`;
    log('warn', CONTEXT, reason);
    throw reason;
  }
  log('info', CONTEXT, `task ${taskId}: leased by ${WORKER_ID}`);
  let outcome: string;
  try {
    outcome = await processTask(taskId);
  } catch (error) {
    const reason = errorText(error);
    log('warn', CONTEXT, `task ${taskId}: failed: ${reason}`);
    try {
      markTaskFailed(leaseId, WORKER_ID, reason);
    } catch (markError) {
      const text = `task ${taskId}: could not be marked failed: ${errorText(markError)}`;
      log('error', CONTEXT, text);
      throw text;
    }
    return;
  }
  try {
    markTaskCompleted(leaseId, WORKER_ID);
  } catch (error) {
    const text = `task ${taskId}: could not be marked completed: ${errorText(error)}`;
    log('error', CONTEXT, text);
    throw text;
  }
  log('info', CONTEXT, `task ${taskId}: completed: ${outcome}`);
}
