import { log } from 'wasi:logging/logging@0.1.0-draft';
import type { IncomingRequest, ResponseOutparam } from 'wasi:http/types@0.2.1';
import { TaskError } from './errors.js';
import { route, type HttpResult } from './http/routes.js';
import { readRequest, sendBody, sendJson } from './http/wasi-http.js';

function errorResult(error: unknown): HttpResult {
  const known = error instanceof TaskError
    ? error
    : new TaskError(500, 'internal-error', error instanceof Error ? error.message : String(error));
  return { status: known.status, body: { status: 'error', error: { code: known.code, message: known.message } } };
}

/** The `wasi:http/incoming-handler` export: every response is the JSON envelope. */
export const incomingHandler = {
  handle(request: IncomingRequest, responseOut: ResponseOutparam): void {
    let result: HttpResult;
    let summary = '';
    try {
      const parsed = readRequest(request);
      summary = `${parsed.method} ${parsed.path}`;
      result = route(parsed);
    } catch (error) {
      result = errorResult(error);
      if (result.status >= 500) log('error', 'task-manager', `${summary}: ${(error as Error)?.message ?? error}`);
    }
    if (result.text !== undefined) sendBody(responseOut, result.status, new TextEncoder().encode(result.text), result.contentType ?? 'text/plain');
    else sendJson(responseOut, result.status, result.body);
  },
};
