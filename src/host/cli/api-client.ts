import { z } from 'zod';
import { describeZodError } from '../../worker/job.js';

/**
 * The task manager's HTTP API as the command line, the demo and the host's
 * requeue timer call it: the `{"status","data"|"error"}` envelope, a bearer
 * token per role, responses checked with zod.
 */
const EnvelopeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: z.unknown().optional() }),
  z.object({ status: z.literal('error'), error: z.object({ code: z.string(), message: z.string() }) }),
]);

export const TASK_STATUSES = ['pending', 'leased', 'completed', 'failed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task as the API returns it; fields beyond these are kept (for `--json`). */
export const TaskSchema = z.looseObject({
  id: z.string(),
  status: z.enum(TASK_STATUSES),
  group_id: z.string(),
  data_json: z.unknown(),
  last_failure_reason: z.string().nullable(),
  submitted_at: z.string(),
  completed_at: z.string().nullable(),
  attempts: z.number().int().optional(),
});
export type Task = z.infer<typeof TaskSchema>;

const RequeueSchema = z.object({ subject: z.string(), requeued: z.array(z.string()) });
export type RequeueResult = z.infer<typeof RequeueSchema>;

export type Role = 'client' | 'admin';
export interface ApiTokens {
  client?: string;
  admin?: string;
}

/** The tokens the local host configures the task manager with are the ones its users send. */
export function tokensFromEnv(env: NodeJS.ProcessEnv = process.env): ApiTokens {
  return { client: env.TASK_MANAGER_CLIENT_TOKEN || undefined, admin: env.TASK_MANAGER_ADMIN_TOKEN || undefined };
}

export class ApiError extends Error {
  constructor(readonly httpStatus: number, readonly code: string, message: string) {
    super(`${code}: ${message}`);
  }
}

export interface ListQuery {
  status?: TaskStatus;
  groupId?: string;
  limit?: number;
  offset?: number;
}

export class ApiClient {
  readonly baseUrl: string;

  constructor(baseUrl: string, private readonly tokens: ApiTokens = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async request<S extends z.ZodType>(role: Role, method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    // The admin token works on every route; a client route takes the client token first.
    const token = role === 'admin' ? this.tokens.admin : this.tokens.client ?? this.tokens.admin;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new Error(`cannot reach the task manager at ${this.baseUrl} (${why}); is the host running (image-processor start)?`);
    }
    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch {
      throw new Error(`${method} ${this.baseUrl}${path}: HTTP ${response.status} without a JSON body; is ${this.baseUrl} the task manager?`);
    }
    const envelope = EnvelopeSchema.safeParse(json);
    if (!envelope.success) throw new Error(`${method} ${this.baseUrl}${path}: HTTP ${response.status}, not the task manager's response envelope`);
    if (envelope.data.status === 'error') {
      const { code, message } = envelope.data.error;
      const hint = response.status === 401 || response.status === 403
        ? ` (the ${role} token is read from ${role === 'admin' ? 'TASK_MANAGER_ADMIN_TOKEN' : 'TASK_MANAGER_CLIENT_TOKEN or TASK_MANAGER_ADMIN_TOKEN'})`
        : '';
      throw new ApiError(response.status, code, `${message}${hint}`);
    }
    const data = schema.safeParse(envelope.data.data);
    if (!data.success) throw new Error(`${method} ${path}: unexpected response: ${describeZodError(data.error)}`);
    return data.data;
  }

  migrate(): Promise<unknown> {
    return this.request('admin', 'POST', '/admin/v1/db/migrate', z.unknown());
  }

  requeue(idleSeconds: number): Promise<RequeueResult> {
    return this.request('admin', 'POST', '/admin/v1/tasks/requeue', RequeueSchema, { idle_seconds: idleSeconds });
  }

  submitTask(groupId: string, taskData: unknown): Promise<Task> {
    return this.request('client', 'POST', '/api/v1/tasks', TaskSchema, { group_id: groupId, task_data: taskData });
  }

  getTask(id: string): Promise<Task> {
    return this.request('client', 'GET', `/api/v1/tasks/${encodeURIComponent(id)}`, TaskSchema);
  }

  listTasks(query: ListQuery = {}): Promise<Task[]> {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.groupId) params.set('group_id', query.groupId);
    if (query.limit !== undefined) params.set('page_size', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    const search = params.size ? `?${params}` : '';
    return this.request('client', 'GET', `/api/v1/tasks${search}`, z.array(TaskSchema));
  }

  /** Polls a task until it is completed or failed; `onPoll` sees every state on the way. */
  async waitForTask(id: string, timeoutMs: number, onPoll: (task: Task) => void = () => {}): Promise<Task> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await this.getTask(id);
      onPoll(task);
      if (task.status === 'completed' || task.status === 'failed') return task;
      if (Date.now() >= deadline) throw new TimeoutError(task, timeoutMs);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export class TimeoutError extends Error {
  constructor(readonly task: Task, timeoutMs: number) {
    super(`task ${task.id} is still ${task.status} after ${Math.round(timeoutMs / 1000)} s (check later: image-processor status ${task.id})`);
  }
}
