import type {
  GetTasksQueryOptions, Task,
} from 'wasmcloud:task-manager/tasks@0.1.0-draft';
import { TaskError } from './errors.js';
import * as store from './store.js';
import { taskToWit } from './task.js';

/** `{tag: 'unexpected', val}` with the API's code in front, so callers see the precise reason. */
function unexpected(error: unknown): { tag: 'unexpected'; val: string } {
  if (error instanceof TaskError) return { tag: 'unexpected', val: `${error.code}: ${error.message}` };
  return { tag: 'unexpected', val: error instanceof Error ? error.message : String(error) };
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw unexpected(error);
  }
}

/**
 * The `wasmcloud:task-manager/tasks` export. `mark-task-completed` and
 * `mark-task-failed` take the lease id, as the WIT names it (the upstream Rust
 * task manager used it as a task id, so its own worker could never finish a task).
 */
export const tasks = {
  getTasks(options: GetTasksQueryOptions): Task[] {
    return wrap(() =>
      store.listTasks({
        groupId: options.groupId,
        offset: options.pagination.offset,
        pageSize: Math.min(options.pagination.pageSize, 1000),
      }).map(taskToWit),
    );
  },
  getTask(taskId: string): Task {
    try {
      return taskToWit(store.getTask(taskId));
    } catch (error) {
      if (error instanceof TaskError && error.code === 'invalid-task-id') throw { tag: 'invalid-task-id' };
      throw unexpected(error);
    }
  },
  submitTask(groupId: string, data: string): Task {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw { tag: 'invalid-task-data', val: 'task data is not valid JSON' };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw { tag: 'invalid-task-data', val: 'task data must be a JSON object' };
    }
    return wrap(() => taskToWit(store.submitTask(groupId, parsed as object)));
  },
  leaseTask(taskId: string, workerId: string): string {
    return wrap(() => store.leaseTask(taskId, workerId));
  },
  releaseTask(taskId: string, workerId: string, leaseId: string): void {
    wrap(() => store.releaseTask(taskId, workerId, leaseId));
  },
  markTaskCompleted(leaseId: string, workerId: string): void {
    wrap(() => store.completeTask(leaseId, workerId));
  },
  markTaskFailed(leaseId: string, workerId: string, reason: string): void {
    wrap(() => store.failTask(leaseId, workerId, reason));
  },
};
