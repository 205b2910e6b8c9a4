import { log } from 'wasi:logging/logging@0.1.0-draft';
import type { BrokerMessage } from 'wasmcloud:messaging/types@0.2.0';
import { z } from 'zod';
import { JobOutputSchema } from '../shared/job-output.js';
import { TaskError } from './errors.js';
import { recordOutput } from './store.js';

/** The worker's `done` event (see src/worker/outcome.ts); other keys are ignored. */
const DoneEventSchema = z.object({
  task_id: z.string().uuid(),
  status: z.literal('completed'),
  output: JobOutputSchema,
});

/**
 * The `wasmcloud:messaging/handler` export: job events. The upstream `tasks`
 * interface has no way to hand over a result, so a completed job's output
 * (bucket, key, format, size) arrives as the worker's event and is stored on
 * the task, for `GET /api/v1/tasks/{id}`.
 */
export const handler = {
  handleMessage(message: BrokerMessage): void {
    let parsed: z.infer<typeof DoneEventSchema>;
    try {
      const result = DoneEventSchema.safeParse(JSON.parse(new TextDecoder().decode(message.body)));
      if (!result.success) return; // not a completion event: nothing to record
      parsed = result.data;
    } catch {
      log('warn', 'task-manager', `ignored a message on ${message.subject} that is not JSON`);
      return;
    }
    try {
      recordOutput(parsed.task_id, parsed.output);
    } catch (error) {
      if (error instanceof TaskError && error.status === 404) return; // a task of another task manager
      // Err: a redelivering provider may try again; the task itself is complete either way.
      throw `could not record the output of task ${parsed.task_id}: ${(error as Error).message}`;
    }
  },
};
