import { log } from 'wasi:logging/logging@0.1.0-draft';
import { z } from 'zod';
import { announceTasks } from '../announce.js';
import { TaskError } from '../errors.js';
import { settings } from '../settings.js';
import * as store from '../store.js';
import { taskToJson } from '../task.js';
import { authorize, type Role } from './auth.js';
import { metricsText } from './metrics.js';
import type { HttpRequest } from './wasi-http.js';
import {
  CompleteBodySchema, FailBodySchema, LeaseBodySchema, ListQuerySchema, ReleaseBodySchema, RequeueBodySchema, SubmitBodySchema,
} from './schemas.js';

export interface HttpResult {
  status: number;
  body?: unknown;
  /** A non-JSON response (metrics), sent as is. */
  text?: string;
  contentType?: string;
}

const ok = (data?: unknown): HttpResult => ({
  status: 200,
  body: data === undefined ? { status: 'success' } : { status: 'success', data },
});

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

function parseJson(request: HttpRequest): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(request.body));
  } catch {
    throw new TaskError(400, 'invalid-req-body', 'request body is not valid JSON');
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, code = 'invalid-req-body'): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TaskError(400, code, describe(parsed.error));
  return parsed.data;
}

function requireJsonContentType(request: HttpRequest): void {
  if (!(request.headers.get('content-type') ?? '').includes('application/json')) {
    throw new TaskError(415, 'invalid-content-type', 'Content-Type must be application/json');
  }
}

function submit(request: HttpRequest, lenient: boolean): HttpResult {
  if (!lenient) requireJsonContentType(request);
  let body = parseJson(request);
  // The upstream README posts the bare ImageProcessingRequest to /submit: accept it as the task data.
  if (lenient && body !== null && typeof body === 'object' && !('task_data' in body)) {
    body = { group_id: 'default', task_data: body };
  }
  const { group_id, task_data, enqueue } = validate(SubmitBodySchema, body);
  const task = taskToJson(store.submitTask(group_id, task_data));
  if (!enqueue) return ok(task);
  // One call for the user: the job message is published here. If that fails the task is
  // still stored (pending), and a requeue announces it later: say so rather than fail.
  try {
    announceTasks([String(task.id)], settings().job_subject);
    return ok({ ...task, enqueued: true });
  } catch (error) {
    log('warn', 'task-manager', `task ${task.id} stored but not announced: ${(error as Error).message}`);
    return ok({ ...task, enqueued: false });
  }
}

type TaskVerb = 'lease' | 'release' | 'complete' | 'fail';

function taskVerb(verb: TaskVerb, taskId: string, request: HttpRequest): HttpResult {
  const body = parseJson(request);
  switch (verb) {
    case 'lease': {
      const { worker_id } = validate(LeaseBodySchema, body);
      return ok(store.leaseTask(taskId, worker_id));
    }
    case 'release': {
      const { worker_id, lease_id } = validate(ReleaseBodySchema, body);
      store.releaseTask(taskId, worker_id, lease_id);
      return ok();
    }
    case 'complete': {
      const { worker_id, lease_id } = validate(CompleteBodySchema, body);
      store.completeTask(lease_id, worker_id, taskId);
      return ok();
    }
    case 'fail': {
      const { worker_id, lease_id, reason, retry } = validate(FailBodySchema, body);
      store.failTask(lease_id, worker_id, reason, taskId, retry);
      return ok();
    }
  }
}

const TASK_VERBS = new Set<string>(['lease', 'release', 'complete', 'fail']);

function methodNotAllowed(request: HttpRequest, allowed: string): TaskError {
  return new TaskError(405, 'method-not-allowed', `${request.method} is not allowed on ${request.path} (use ${allowed})`);
}

/** Re-announces pending tasks whose job messages were lost (a worker died, nobody was subscribed). */
function requeue(request: HttpRequest): HttpResult {
  const body = request.body.length === 0 ? {} : parseJson(request);
  const { idle_seconds, limit } = validate(RequeueBodySchema, body);
  const subject = settings().job_subject;
  const ids = store.claimTasksToAnnounce(idle_seconds, limit);
  announceTasks(ids, subject);
  return ok({ subject, requeued: ids });
}

/** Routes one request; throws TaskError for every client-visible failure. */
export function route(request: HttpRequest): HttpResult {
  const { method, path } = request;
  if (path === '/ready') {
    if (method !== 'GET') throw methodNotAllowed(request, 'GET');
    return ok();
  }
  const need = (role: Role) => authorize(role, request.headers.get('authorization'), settings());
  if (path === '/metrics') {
    if (method !== 'GET') throw methodNotAllowed(request, 'GET');
    need('admin');
    return { status: 200, text: metricsText(), contentType: 'text/plain; version=0.0.4; charset=utf-8' };
  }
  if (path.startsWith('/admin/')) need('admin');
  if (path === '/admin/v1/db/migrate') {
    if (method !== 'POST') throw methodNotAllowed(request, 'POST');
    store.migrate();
    return ok();
  }
  if (path === '/admin/v1/tasks/requeue') {
    if (method !== 'POST') throw methodNotAllowed(request, 'POST');
    return requeue(request);
  }
  if (path === '/api/v1/tasks' || path === '/api/v1/tasks/submit') {
    need('client');
    if (method === 'POST') return submit(request, path.endsWith('/submit'));
    if (method === 'GET' && path === '/api/v1/tasks') {
      const query = validate(ListQuerySchema, Object.fromEntries(request.query), 'invalid-query');
      return ok(store.listTasks({
        groupId: query.group_id, status: query.status, offset: query.offset, pageSize: query.page_size,
      }).map(taskToJson));
    }
    throw methodNotAllowed(request, path.endsWith('/submit') ? 'POST' : 'GET or POST');
  }
  const segments = path.split('/');
  if (segments.length >= 5 && segments.length <= 6 && path.startsWith('/api/v1/tasks/') && segments[4] !== '') {
    const taskId = decodeURIComponent(segments[4]);
    need(segments.length === 5 ? 'client' : 'worker');
    if (segments.length === 5) {
      if (method !== 'GET') throw methodNotAllowed(request, 'GET');
      return ok(taskToJson(store.getTask(taskId)));
    }
    if (TASK_VERBS.has(segments[5])) {
      if (method !== 'POST') throw methodNotAllowed(request, 'POST');
      return taskVerb(segments[5] as TaskVerb, taskId, request);
    }
  }
  throw new TaskError(404, 'invalid-endpoint', `no such endpoint [${path}]`);
}
