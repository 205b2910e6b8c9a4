import { TRANSIENT_FAILURE_PREFIX } from '../shared/retry.js';
import { int4, jsonb, nullValue, sql, sqlBatch, text, uuid, type Row } from './db.js';
import { requireUuid, TaskError } from './errors.js';
import { MIGRATION } from './migrations.js';
import { settings } from './settings.js';
import { TASK_COLUMNS, taskFromRow, type TaskRecord } from './task.js';

/**
 * Task lifecycle, shared by the HTTP routes and the `tasks` WIT export.
 * Every transition is one UPDATE with its precondition in the WHERE clause, so
 * two workers racing for a task cannot both win. When no row changes, the task
 * is read again to report exactly why (unknown task, wrong status, wrong or
 * expired lease).
 *
 * Leases expire `lease_seconds` after they are taken or renewed. Expiry is
 * applied lazily, by the statements that look at tasks (there is no timer in a
 * component): an expired lease is back to `pending`, or `failed` for good once
 * `max_attempts` leases have been taken.
 */

let schemaReady = false;

export function migrate(): void {
  sqlBatch(MIGRATION);
  schemaReady = true;
}

/** Runs the idempotent migration once per instance, so an upgraded task manager never meets an old table. */
function ensureSchema(): void {
  if (!schemaReady) migrate();
}

/** Applies lapsed leases (of one task, or all): pending again, or failed once attempts are used up. Returns how many lapsed. */
function expireLeases(taskId?: string): number {
  const { max_attempts } = settings();
  return sql(
    `UPDATE tasks SET
       status = CASE WHEN attempts >= $1::int THEN 'failed' ELSE 'pending' END,
       last_failed_at = NOW(),
       last_failure_reason = CASE WHEN attempts >= $1::int
         THEN 'gave up after ' || attempts || ' attempts: the lease of ' || COALESCE(lease_worker_id, 'a worker') || ' expired'
         ELSE 'the lease of ' || COALESCE(lease_worker_id, 'a worker') || ' expired (attempt ' || attempts || ' of ' || $1::int || ')' END,
       last_updated_at = NOW()
     WHERE status = 'leased' AND lease_expires_at < NOW() AND ($2::uuid IS NULL OR id = $2::uuid)
     RETURNING id`,
    [int4(max_attempts), taskId === undefined ? nullValue : uuid(taskId)],
  ).length;
}

export interface ListOptions {
  groupId?: string;
  status?: string;
  offset: number;
  pageSize: number;
}

export function listTasks(options: ListOptions): TaskRecord[] {
  ensureSchema();
  expireLeases();
  const rows = sql(
    `SELECT ${TASK_COLUMNS} FROM tasks
     WHERE ($1::text IS NULL OR group_id = $1::text) AND ($2::text IS NULL OR status = $2::text)
     ORDER BY submitted_at, id OFFSET $3 LIMIT $4`,
    [
      options.groupId === undefined ? nullValue : text(options.groupId),
      options.status === undefined ? nullValue : text(options.status),
      int4(options.offset), int4(options.pageSize),
    ],
  );
  return rows.map(taskFromRow);
}

function readRow(id: string): Row {
  const [row] = sql(
    `SELECT ${TASK_COLUMNS}, (status = 'leased' AND lease_expires_at < NOW()) AS lapsed FROM tasks WHERE id = $1`,
    [uuid(id)],
  );
  if (!row) throw new TaskError(404, 'task-not-found', `task ${id} does not exist`);
  return row;
}

function readTask(id: string): TaskRecord {
  return taskFromRow(readRow(id));
}

/** One read; the expiry is written only when this task's lease has lapsed (a worker reads its task on every job). */
export function getTask(taskId: string): TaskRecord {
  const id = requireUuid(taskId, 'task');
  ensureSchema();
  const row = readRow(id);
  if (row.lapsed !== true) return taskFromRow(row);
  expireLeases(id);
  return readTask(id);
}

export function submitTask(groupId: string, data: object): TaskRecord {
  ensureSchema();
  const [row] = sql(
    `INSERT INTO tasks (group_id, data_json) VALUES ($1, $2::jsonb) RETURNING ${TASK_COLUMNS}`,
    [text(groupId), jsonb(JSON.stringify(data))],
  );
  return taskFromRow(row);
}

/**
 * Leases a pending task to a worker (a fresh lease id, one more attempt).
 * The worker that holds a live lease renews it by leasing again: the same
 * lease id, a new deadline. That is how a worker busy with a large image keeps
 * its task through the upstream interface, which has no renew call.
 */
export function leaseTask(taskId: string, workerId: string): string {
  const id = requireUuid(taskId, 'task');
  ensureSchema();
  const { lease_seconds, max_attempts } = settings();
  const takePending = () => sql(
    `UPDATE tasks SET status = 'leased', lease_id = gen_random_uuid(), leased_at = NOW(),
       lease_expires_at = NOW() + $3::int * interval '1 second', lease_worker_id = $2,
       attempts = attempts + 1, last_updated_at = NOW()
     WHERE id = (SELECT id FROM tasks WHERE id = $1 AND status = 'pending' AND attempts < $4::int FOR UPDATE SKIP LOCKED)
     RETURNING lease_id`,
    [uuid(id), text(workerId), int4(lease_seconds), int4(max_attempts)],
  )[0];
  // The usual case, a pending task, costs one statement (each is a round trip
  // through the host); only when that misses can a lapsed lease be the reason.
  let leased = takePending();
  if (!leased && expireLeases(id) > 0) leased = takePending();
  if (leased) return String(leased.lease_id);
  const [renewed] = sql(
    `UPDATE tasks SET lease_expires_at = NOW() + $3::int * interval '1 second', last_updated_at = NOW()
     WHERE id = $1 AND status = 'leased' AND lease_worker_id = $2 AND lease_expires_at >= NOW()
     RETURNING lease_id`,
    [uuid(id), text(workerId), int4(lease_seconds)],
  );
  if (renewed) return String(renewed.lease_id);
  const task = readTask(id);
  if (task.status === 'pending') {
    // Attempts used up (max_attempts was lowered, or a release came after the last one).
    sql(
      `UPDATE tasks SET status = 'failed', last_failed_at = NOW(), last_updated_at = NOW(),
         last_failure_reason = 'gave up after ' || attempts || ' attempts' || COALESCE(': ' || last_failure_reason, '')
       WHERE id = $1 AND status = 'pending'`,
      [uuid(id)],
    );
    throw new TaskError(409, 'task-not-leasable', `task ${id} has used all ${max_attempts} attempts and is now failed`);
  }
  const holder = task.status === 'leased' ? ` by ${task.leaseWorkerId} until ${task.leaseExpiresAt?.toISOString()}` : '';
  throw new TaskError(409, 'task-not-leasable', `task ${id} is ${task.status}${holder}, not pending`);
}

/** Why a lease-checked update matched nothing. */
function leaseConflict(leaseId: string, workerId: string, taskId?: string): TaskError {
  const [row]: (Row | undefined)[] = sql(
    'SELECT id, status, lease_worker_id, lease_expires_at < NOW() AS expired FROM tasks WHERE lease_id = $1',
    [uuid(leaseId)],
  );
  if (taskId !== undefined && (!row || String(row.id) !== taskId)) {
    readTask(taskId); // 404 when the task itself is unknown
    return new TaskError(409, 'lease-mismatch', `lease ${leaseId} is not the current lease of task ${taskId} (it may have expired and been taken by another worker)`);
  }
  if (!row) return new TaskError(409, 'lease-not-found', `no task holds lease ${leaseId} (it may have expired and been taken by another worker)`);
  if (row.lease_worker_id !== workerId) {
    return new TaskError(409, 'lease-held-by-another-worker', `lease ${leaseId} is held by ${row.lease_worker_id}, not ${workerId}`);
  }
  if (row.expired === true) {
    return new TaskError(409, 'lease-expired', `lease ${leaseId} of task ${row.id} expired; the task is ${row.status} and will be retried`);
  }
  return new TaskError(409, 'task-not-leased', `task ${row.id} is ${row.status}, not leased`);
}

/** One UPDATE on the task that `leaseId` currently and validly leases to `workerId`. */
function updateLeased(setClause: string, leaseId: string, workerId: string, taskId: string | undefined, extra: ReturnType<typeof text>[]): void {
  const lease = requireUuid(leaseId, 'lease');
  const task = taskId === undefined ? undefined : requireUuid(taskId, 'task');
  ensureSchema();
  const params = [uuid(lease), text(workerId), task === undefined ? nullValue : uuid(task), ...extra];
  const rows = sql(
    `UPDATE tasks SET ${setClause}, last_updated_at = NOW()
     WHERE lease_id = $1 AND lease_worker_id = $2 AND status = 'leased' AND lease_expires_at >= NOW()
       AND ($3::uuid IS NULL OR id = $3::uuid)
     RETURNING id`,
    params,
  );
  if (rows.length === 0) throw leaseConflict(lease, workerId, task);
}

/** Returns a leased task to pending, under a new lease id (the attempt stays counted). */
export function releaseTask(taskId: string, workerId: string, leaseId: string): void {
  updateLeased(
    `status = 'pending', lease_id = gen_random_uuid(), lease_worker_id = NULL, leased_at = NULL, lease_expires_at = NULL`,
    leaseId, workerId, taskId, [],
  );
}

export function completeTask(leaseId: string, workerId: string, taskId?: string): void {
  updateLeased(`status = 'completed', completed_at = NOW(), lease_expires_at = NULL`, leaseId, workerId, taskId, []);
}

/**
 * Fails the leased task. A transient failure (`retry`, or a reason with the
 * transient prefix from the WIT interface) returns it to pending for another
 * attempt, until max_attempts; then it fails for good with the last reason.
 */
export function failTask(leaseId: string, workerId: string, reason: string, taskId?: string, retry = false): void {
  const transient = retry || reason.startsWith(TRANSIENT_FAILURE_PREFIX);
  const stored = reason.startsWith(TRANSIENT_FAILURE_PREFIX) ? reason.slice(TRANSIENT_FAILURE_PREFIX.length) : reason;
  if (!transient) {
    updateLeased(
      `status = 'failed', last_failure_reason = $4, last_failed_at = NOW(), lease_expires_at = NULL`,
      leaseId, workerId, taskId, [text(stored)],
    );
    return;
  }
  updateLeased(
    `status = CASE WHEN attempts >= $5::int THEN 'failed' ELSE 'pending' END,
     last_failure_reason = CASE WHEN attempts >= $5::int THEN 'gave up after ' || attempts || ' attempts: ' || $4 ELSE $4 END,
     last_failed_at = NOW(), lease_id = gen_random_uuid(), lease_expires_at = NULL`,
    leaseId, workerId, taskId, [text(stored), int4(settings().max_attempts)],
  );
}

/**
 * Pending tasks whose job message may have been lost: not touched for
 * `idleSeconds`. Their `last_updated_at` is bumped, so overlapping calls do not
 * announce the same task twice in a row.
 */
export function claimTasksToAnnounce(idleSeconds: number, limit: number): string[] {
  ensureSchema();
  expireLeases();
  const rows = sql(
    `UPDATE tasks SET last_updated_at = NOW()
     WHERE id IN (
       SELECT id FROM tasks WHERE status = 'pending' AND last_updated_at <= NOW() - $1::int * interval '1 second'
       ORDER BY submitted_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, submitted_at`,
    [int4(idleSeconds), int4(limit)],
  );
  return rows.sort((a, b) => Number(a.submitted_at) - Number(b.submitted_at)).map((row) => String(row.id));
}

/** Stores what a worker wrote for the task (from its completion event). */
export function recordOutput(taskId: string, output: object): void {
  const id = requireUuid(taskId, 'task');
  ensureSchema();
  const rows = sql('UPDATE tasks SET output_json = $2::jsonb WHERE id = $1 RETURNING id', [uuid(id), jsonb(JSON.stringify(output))]);
  if (rows.length === 0) throw new TaskError(404, 'task-not-found', `task ${id} does not exist`);
}

/** Tasks by status, and how long completed tasks took from lease to completion, for /metrics. */
export function taskStatistics(bucketsSeconds: readonly number[]): {
  byStatus: Record<string, number>;
  durations: { buckets: number[]; count: number; sum: number };
} {
  ensureSchema();
  expireLeases();
  const byStatus: Record<string, number> = { pending: 0, leased: 0, completed: 0, failed: 0 };
  for (const row of sql('SELECT status, count(*)::int AS n FROM tasks GROUP BY status')) byStatus[String(row.status)] = Number(row.n);
  const bucketColumns = bucketsSeconds.map((le, i) => `count(*) FILTER (WHERE d <= ${Number(le)})::int AS b${i}`).join(', ');
  const [row] = sql(
    `SELECT ${bucketColumns}, count(*)::int AS n, COALESCE(sum(d), 0)::text AS total FROM (
       SELECT EXTRACT(EPOCH FROM completed_at - leased_at) AS d FROM tasks
       WHERE status = 'completed' AND leased_at IS NOT NULL AND completed_at IS NOT NULL) AS durations`,
  );
  return {
    byStatus,
    durations: { buckets: bucketsSeconds.map((_, i) => Number(row[`b${i}`])), count: Number(row.n), sum: Number(row.total) },
  };
}
