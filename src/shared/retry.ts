/**
 * How a worker asks for a retry through the upstream `tasks` interface, whose
 * `mark-task-failed` has no flag for it: a reason starting with this prefix is
 * a transient failure (blob store down, remote fetch timed out). The task
 * manager returns the task to `pending` until its attempts run out, and stores
 * the reason without the prefix. A task manager that does not know the prefix
 * (the upstream Rust one) just fails the task, which loses nothing.
 */
export const TRANSIENT_FAILURE_PREFIX = 'transient: ';

/**
 * The start of a worker's Err for a message it will never be able to process
 * (not a job message, an unknown task): a messaging provider that redelivers
 * on Err (the local host's JetStream mode) drops such a message instead.
 */
export const PERMANENT_REJECTION_PREFIX = 'permanent: ';
