import type { Task as WitTask, TaskStatus } from 'wasmcloud:task-manager/types@0.1.0-draft';
import type { TimestampTz } from 'wasmcloud:postgres/types@0.1.1-draft';
import type { Row } from './db.js';

/** A task as stored, with timestamps as Dates. */
export interface TaskRecord {
  id: string;
  groupId: string;
  status: TaskStatus;
  dataJson: string | null;
  lastFailedAt: Date | null;
  lastFailureReason: string | null;
  leasedAt: Date | null;
  leaseWorkerId: string | null;
  completedAt: Date | null;
  submittedAt: Date;
  lastUpdatedAt: Date;
  /** Leases taken so far. */
  attempts: number;
  /** When the current lease lapses unless renewed. */
  leaseExpiresAt: Date | null;
  /** What the worker wrote (from its completion event), as JSON. */
  outputJson: string | null;
}

export const TASK_COLUMNS =
  'id, group_id, status, data_json, last_failed_at, last_failure_reason, leased_at, lease_worker_id, ' +
  'completed_at, submitted_at, last_updated_at, attempts, lease_expires_at, output_json';

const date = (value: unknown): Date | null => (value instanceof Date ? value : null);
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function taskFromRow(row: Row): TaskRecord {
  return {
    id: String(row.id),
    groupId: str(row.group_id) ?? '',
    status: row.status as TaskStatus,
    dataJson: str(row.data_json),
    lastFailedAt: date(row.last_failed_at),
    lastFailureReason: str(row.last_failure_reason),
    leasedAt: date(row.leased_at),
    leaseWorkerId: str(row.lease_worker_id),
    completedAt: date(row.completed_at),
    submittedAt: date(row.submitted_at)!,
    lastUpdatedAt: date(row.last_updated_at)!,
    attempts: Number(row.attempts ?? 0),
    leaseExpiresAt: date(row.lease_expires_at),
    outputJson: str(row.output_json),
  };
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/**
 * The HTTP JSON shape: upstream's keys and order, with lowercase statuses,
 * RFC 3339 timestamps and `data_json` as the submitted object (upstream sent
 * PascalCase statuses, nested timestamp records and a string of JSON); then
 * the added `attempts`, `lease_expires_at` (null unless leased) and `output`
 * (bucket, key, format, width, height, bytes of the result, once reported).
 */
export function taskToJson(task: TaskRecord): Record<string, unknown> {
  return {
    id: task.id,
    status: task.status,
    group_id: task.groupId,
    data_json: task.dataJson === null ? null : JSON.parse(task.dataJson),
    last_failed_at: iso(task.lastFailedAt),
    last_failure_reason: task.lastFailureReason,
    leased_at: iso(task.leasedAt),
    lease_worker_id: task.leaseWorkerId,
    completed_at: iso(task.completedAt),
    submitted_at: iso(task.submittedAt),
    last_updated_at: iso(task.lastUpdatedAt),
    attempts: task.attempts,
    lease_expires_at: task.status === 'leased' ? iso(task.leaseExpiresAt) : null,
    output: task.outputJson === null ? null : JSON.parse(task.outputJson),
  };
}

/** A Date as the postgres WIT's timestamp-tz in UTC, as the sqldb-postgres provider reports it. */
function timestampTz(value: Date): TimestampTz {
  return {
    timestamp: {
      date: { tag: 'ymd', val: [value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate()] },
      time: {
        hour: value.getUTCHours(),
        min: value.getUTCMinutes(),
        sec: value.getUTCSeconds(),
        micro: value.getUTCMilliseconds() * 1000,
      },
    },
    offset: { tag: 'western-hemisphere-secs', val: 0 },
  };
}

const optionalTimestamp = (value: Date | null) => (value ? timestampTz(value) : undefined);

export function taskToWit(task: TaskRecord): WitTask {
  return {
    id: task.id,
    groupId: task.groupId,
    status: task.status,
    dataJson: task.dataJson ?? undefined,
    lastFailedAt: optionalTimestamp(task.lastFailedAt),
    lastFailureReason: task.lastFailureReason ?? undefined,
    leasedAt: optionalTimestamp(task.leasedAt),
    leaseWorkerId: task.leaseWorkerId ?? undefined,
    completedAt: optionalTimestamp(task.completedAt),
    submittedAt: timestampTz(task.submittedAt),
    lastUpdatedAt: timestampTz(task.lastUpdatedAt),
  };
}
