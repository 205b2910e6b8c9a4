/// <reference path="./wasmcloud-task-manager-types.d.ts" />
declare module 'wasmcloud:task-manager/tasks@0.1.0-draft' {
  /**
   * Get all tasks
   */
  export function getTasks(options: GetTasksQueryOptions): Array<Task>;
  /**
   * Get a single task under a given group ID
   */
  export function getTask(taskId: TaskId): Task;
  /**
   * Submit a single task
   */
  export function submitTask(groupId: string, data: JsonString): Task;
  /**
   * Lease a task for completion
   */
  export function leaseTask(taskId: TaskId, workerId: WorkerId): LeaseId;
  /**
   * Release a task so that it can be picked up by other workers
   */
  export function releaseTask(taskId: TaskId, workerId: WorkerId, leaseId: LeaseId): void;
  /**
   * Mark a single task completed
   */
  export function markTaskCompleted(leaseId: LeaseId, workerId: WorkerId): void;
  /**
   * Mark a single task failed
   */
  export function markTaskFailed(leaseId: LeaseId, workerId: WorkerId, reason: WorkerId): void;
  export type GroupId = import('wasmcloud:task-manager/types@0.1.0-draft').GroupId;
  export type Task = import('wasmcloud:task-manager/types@0.1.0-draft').Task;
  export type TaskId = import('wasmcloud:task-manager/types@0.1.0-draft').TaskId;
  export type WorkerId = import('wasmcloud:task-manager/types@0.1.0-draft').WorkerId;
  export type JsonString = import('wasmcloud:task-manager/types@0.1.0-draft').JsonString;
  export type LeaseId = import('wasmcloud:task-manager/types@0.1.0-draft').LeaseId;
  export type OffsetPagination = import('wasmcloud:task-manager/types@0.1.0-draft').OffsetPagination;
  /**
   * Errors that can occur while performing retrieving tasks
   */
  export type GetTasksError = GetTasksErrorInvalidGroupId | GetTasksErrorUnexpected;
  /**
   * Invalid group-id
   */
  export interface GetTasksErrorInvalidGroupId {
    tag: 'invalid-group-id',
  }
  /**
   * Unexpected error
   */
  export interface GetTasksErrorUnexpected {
    tag: 'unexpected',
    val: string,
  }
  /**
   * Errors that can occur while performing retrieving tasks
   */
  export type GetTaskError = GetTaskErrorInvalidTaskId | GetTaskErrorInvalidGroupId | GetTaskErrorUnexpected;
  /**
   * Invalid task-id
   */
  export interface GetTaskErrorInvalidTaskId {
    tag: 'invalid-task-id',
  }
  /**
   * Invalid group-id
   */
  export interface GetTaskErrorInvalidGroupId {
    tag: 'invalid-group-id',
  }
  /**
   * Unexpected error
   */
  export interface GetTaskErrorUnexpected {
    tag: 'unexpected',
    val: string,
  }
  /**
   * Options for performing a tasks query
   */
  export interface GetTasksQueryOptions {
    /**
     * Include only tasks with the given group-id (if specified)
     */
    groupId?: GroupId,
    /**
     * Settings to use for offset-based pagination
     */
    pagination: OffsetPagination,
  }
  /**
   * Errors that can occur while submitting a single task
   */
  export type SubmitTaskError = SubmitTaskErrorInvalidTaskData | SubmitTaskErrorUnexpected;
  /**
   * Invalid task data
   */
  export interface SubmitTaskErrorInvalidTaskData {
    tag: 'invalid-task-data',
    val: string,
  }
  /**
   * Unexpected error
   */
  export interface SubmitTaskErrorUnexpected {
    tag: 'unexpected',
    val: string,
  }
  /**
   * Errors that can occur while updating a single task
   */
  export type UpdateTaskError = UpdateTaskErrorUnexpected;
  /**
   * Unexpected error
   */
  export interface UpdateTaskErrorUnexpected {
    tag: 'unexpected',
    val: string,
  }
}
