/** A task-manager failure with the HTTP status and kebab-case code the API reports. */
export class TaskError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 500 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireUuid(value: string, what: 'task' | 'lease'): string {
  if (!UUID.test(value)) throw new TaskError(400, `invalid-${what}-id`, `${what} id "${value}" is not a UUID`);
  return value.toLowerCase();
}
