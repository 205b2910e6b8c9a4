import defaultImage from '../../assets/default-image.jpg';
import { containerExists, getContainer } from 'wasi:blobstore/blobstore@0.2.0-draft';
import { rehearseWrite } from './blobstore.js';
import { getTask, leaseTask, markTaskCompleted } from 'wasmcloud:task-manager/tasks@0.1.0-draft';
import { parseJobMessage, parseRequest } from './job.js';
import { OperationSchema } from '../imaging/operations.js';
import { runPipeline, type PipelineSpec } from '../imaging/pipeline.js';

/**
 * A message on WARM_UP_SUBJECT asks an instance to warm itself up: no task
 * touched, nothing stored. Why: the host's engine compiles the component's
 * code lazily, on first use; a first real job would pay for that compilation
 * (about a second here, and some 50 ms for the links' first calls alone). The
 * local host sends this once to each new instance before it takes jobs.
 */
export { WARM_UP_SUBJECT } from '../shared/warm-up.js';

// One small job down each path the planner can choose, so each path's code is compiled.
const JOBS: PipelineSpec[] = [
  { operations: [{ type: 'grayscale' }] }, // DCT domain, luma only
  { operations: [{ type: 'rotate', degrees: 90 }] }, // DCT domain, block moves and shifts
  { operations: [{ type: 'thumbnail', size: 64 }] }, // averaged from the coefficients
  { operations: [{ type: 'resize', width_px: 100 }] }, // scaled IDCT, resize, encode
  { operations: [{ type: 'flip', direction: 'horizontal' }], quality: 85 }, // full decode and encode
  { operations: [{ type: 'sharpen' }] }, // luma plane: IDCT, strip blur, FDCT; chroma requantized
  { operations: [{ type: 'blur', sigma: 2 }] }, // every plane: IDCT, strip blur written back, FDCT
  { operations: [{ type: 'grayscale' }], format: 'png' }, // PNG encode
].map((spec) => ({ ...spec, operations: spec.operations.map((op) => OperationSchema.parse(op)) }) as PipelineSpec);

const SAMPLE_REQUEST = JSON.stringify({
  source: { type: 'blobstore', path: { bucket: 'b', key: 'k' } },
  destination: { type: 'blobstore', path: { bucket: 'b', key: 'k' } },
  image_format: 'image/jpeg',
  operations: [{ type: 'grayscale' }, { type: 'resize', width_px: 10 }, { type: 'thumbnail', size: 10 }],
});

// A task id that cannot exist: asking for it exercises the task-manager link read-only.
const NO_TASK = '00000000-0000-0000-0000-000000000000';

/** Runs the warm-up jobs and touches each link read-only; returns a line for the log. */
export async function warmUp(): Promise<string> {
  const started = Date.now();
  for (const spec of JOBS) await runPipeline(defaultImage, spec);
  // Validation: zod builds a schema's internals on its first parse.
  parseJobMessage(new TextEncoder().encode(JSON.stringify({ task_id: NO_TASK })));
  parseRequest(SAMPLE_REQUEST);
  // First calls over the links start their machinery (I/O threads, connections, queries).
  // Measured on a first 1080p job before these were here: reading the source 21 ms (2 later),
  // writing the result 18 ms (4), the worker id's first random bytes 18 ms.
  try { containerExists('warm-up'); } catch { /* only the first call's cost matters */ }
  try { getContainer('warm-up'); } catch { /* there is no such container, as expected */ }
  rehearseWrite();
  // Each of these finds no task and changes nothing; they compile the task manager's paths for a job.
  try { getTask(NO_TASK); } catch { /* not found, as expected */ }
  try { leaseTask(NO_TASK, 'warm-up'); } catch { /* not leasable */ }
  try { markTaskCompleted(NO_TASK, 'warm-up'); } catch { /* no such lease */ }
  return `warmed up (${JOBS.length} jobs on the built-in image) in ${Date.now() - started} ms`;
}
