import { int4, jsonb, nullValue, sql, sqlBatch, text, uuid } from './db.js';
import { requireUuid, TaskError } from './errors.js';
import { MIGRATION } from './migrations.js';
import { TASK_COLUMNS, taskFromRow, type TaskRecord } from './task.js';

/**
 * Task lifecycle, shared by the HTTP routes and the `tasks` WIT export.
 * Every transition is one UPDATE with its precondition in the WHERE clause, so
 * two workers racing for a task cannot both win. When no row changes, the task
 * is read again to report exactly why (unknown task, wrong status, wrong lease).
 */

export function migrate(): void {
  sqlBatch(MIGRATION);
}

export interface ListOptions {
  groupId?: string;
  offset: number;
  pageSize: number;
}

export function listTasks(options: ListOptions): TaskRecord[] {
  const rows = options.groupId === undefined
    ? sql(`SELECT ${TASK_COLUMNS} FROM tasks ORDER BY submitted_at, id OFFSET $1 LIMIT $2`, [
      int4(options.offset), int4(options.pageSize),
    ])
    : sql(`SELECT ${TASK_COLUMNS} FROM tasks WHERE group_id = $1 ORDER BY submitted_at, id OFFSET $2 LIMIT $3`, [
      text(options.groupId), int4(options.offset), int4(options.pageSize),
    ]);
  return rows.map(taskFromRow);
}

export function getTask(taskId: string): TaskRecord {
  const id = requireUuid(taskId, 'task');
  const [row] = sql(`SELECT ${TASK_COLUMNS} FROM tasks WHERE id = $1`, [uuid(id)]);
  if (!row) throw new TaskError(404, 'task-not-found', `task ${id} does not exist`);
  return taskFromRow(row);
}

export function submitTask(groupId: string, data: object): TaskRecord {
  const [row] = sql(
    `INSERT INTO tasks (group_id, data_json) VALUES ($1, $2::jsonb) RETURNING ${TASK_COLUMNS}`,
    [text(groupId), jsonb(JSON.stringify(data))],
  );
  return taskFromRow(row);
}

/** Leases a pending task to a worker; every lease gets a fresh lease id. */
export function leaseTask(taskId: string, workerId: string): string {
  const id = requireUuid(taskId, 'task');
  const [row] = sql(
    `UPDATE tasks SET status = 'leased', lease_id = gen_random_uuid(), leased_at = NOW(),
       lease_worker_id = $2, last_updated_at = NOW()
     WHERE id = (SELECT id FROM tasks WHERE id = $1 AND status = 'pending' FOR UPDATE SKIP LOCKED)
     RETURNING lease_id`,
    [uuid(id), text(workerId)],
  );
  if (row) return String(row.lease_id);
  const task = getTask(id);
  throw new TaskError(409, 'task-not-leasable', `task ${id} is ${task.status}, not pending`);
}

interface LeaseRow {
  id: string;
  status: string;
  leaseWorkerId: string | null;
}

/** Why a lease-checked update matched nothing. */
function leaseConflict(leaseId: string, workerId: string, taskId?: string): TaskError {
  const [row] = sql('SELECT id, status, lease_worker_id FROM tasks WHERE lease_id = $1', [uuid(leaseId)]);
  const lease: LeaseRow | undefined = row
    ? { id: String(row.id), status: String(row.status), leaseWorkerId: row.lease_worker_id as string | null }
    : undefined;
  if (taskId !== undefined && (!lease || lease.id !== taskId)) {
    getTask(taskId); // 404 when the task itself is unknown
    return new TaskError(409, 'lease-mismatch', `lease ${leaseId} is not the current lease of task ${taskId}`);
  }
  if (!lease) return new TaskError(409, 'lease-not-found', `no task holds lease ${leaseId}`);
  if (lease.status !== 'leased') {
    return new TaskError(409, 'task-not-leased', `task ${lease.id} is ${lease.status}, not leased`);
  }
  return new TaskError(409, 'lease-held-by-another-worker', `lease ${leaseId} is held by ${lease.leaseWorkerId}, not ${workerId}`);
}

function updateLeased(setClause: string, leaseId: string, workerId: string, taskId: string | undefined, extra: ReturnType<typeof text>[]): void {
  const lease = requireUuid(leaseId, 'lease');
  const task = taskId === undefined ? undefined : requireUuid(taskId, 'task');
  const params = [uuid(lease), text(workerId), task === undefined ? nullValue : uuid(task), ...extra];
  const rows = sql(
    `UPDATE tasks SET ${setClause}, last_updated_at = NOW()
     WHERE lease_id = $1 AND lease_worker_id = $2 AND status = 'leased' AND ($3::uuid IS NULL OR id = $3::uuid)
     RETURNING id`,
    params,
  );
  if (rows.length === 0) throw leaseConflict(lease, workerId, task);
}

/** Returns a leased task to pending, under a new lease id. */
export function releaseTask(taskId: string, workerId: string, leaseId: string): void {
  updateLeased(
    `status = 'pending', lease_id = gen_random_uuid(), lease_worker_id = NULL, leased_at = NULL`,
    leaseId, workerId, taskId, [],
  );
}

export function completeTask(leaseId: string, workerId: string, taskId?: string): void {
  updateLeased(`status = 'completed', completed_at = NOW()`, leaseId, workerId, taskId, []);
}

export function failTask(leaseId: string, workerId: string, reason: string, taskId?: string): void {
  updateLeased(
    `status = 'failed', last_failure_reason = $4, last_failed_at = NOW()`,
    leaseId, workerId, taskId, [text(reason)],
  );
}
