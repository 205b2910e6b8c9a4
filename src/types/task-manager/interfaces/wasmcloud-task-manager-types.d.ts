/// <reference path="./wasmcloud-postgres-types.d.ts" />
declare module 'wasmcloud:task-manager/types@0.1.0-draft' {
  export type TimestampTz = import('wasmcloud:postgres/types@0.1.1-draft').TimestampTz;
  /**
   * ID of a given task (set by the task manager)
   */
  export type TaskId = string;
  /**
   * ID of a task group that identifies *how* tasks can be used
   */
  export type GroupId = string;
  /**
   * ID of a worker
   */
  export type WorkerId = string;
  /**
   * ID that uniquely identifies a lease
   * 
   * While this is not stored directly on the task, implementations should create
   * lease IDs that can be used.
   */
  export type LeaseId = string;
  /**
   * Stringified JSON
   */
  export type JsonString = string;
  /**
   * Stringified JSON
   */
  export type FailureReason = string;
  /**
   * Task status
   * # Variants
   * 
   * ## `"pending"`
   * 
   * The task has been created
   * ## `"leased"`
   * 
   * The task has been leased by a worker (i.e. in progress)
   * ## `"completed"`
   * 
   * The task has been marked completed
   * ## `"failed"`
   * 
   * The task has been marked failed
   */
  export type TaskStatus = 'pending' | 'leased' | 'completed' | 'failed';
  /**
   * Options that govern basic offset-based pagination
   */
  export interface OffsetPagination {
    /**
     * Offset for pagination
     */
    offset: number,
    /**
     * Size of pages to return
     */
    pageSize: number,
  }
  /**
   * A task record
   */
  export interface Task {
    /**
     * ID of the given task
     */
    id: TaskId,
    /**
     * Group ID of the given task
     */
    groupId: GroupId,
    /**
     * Status of the task
     */
    status: TaskStatus,
    /**
     * Data needed to complete the task
     */
    dataJson?: JsonString,
    /**
     * When the task last failed, if it has
     */
    lastFailedAt?: TimestampTz,
    /**
     * Reason for a failure if the task failed
     */
    lastFailureReason?: string,
    /**
     * When the current worker (if any) started woring on the task
     */
    leasedAt?: TimestampTz,
    /**
     * The ID of the worker that leased this task
     */
    leaseWorkerId?: WorkerId,
    /**
     * When the task was last updated submitted
     */
    completedAt?: TimestampTz,
    /**
     * When the task was submitted
     */
    submittedAt: TimestampTz,
    /**
     * When the task was last updated submitted
     */
    lastUpdatedAt: TimestampTz,
  }
}
