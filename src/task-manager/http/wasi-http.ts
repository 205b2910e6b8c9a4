import {
  Fields, IncomingBody, OutgoingBody, OutgoingResponse, ResponseOutparam,
  type IncomingRequest, type Method,
} from 'wasi:http/types@0.2.1';
import { concatBytes } from '../../shared/bytes.js';
import { TaskError } from '../errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Map<string, string>;
  body: Uint8Array;
}

function methodName(method: Method): string {
  return (method.tag === 'other' ? method.val : method.tag).toUpperCase();
}

function isStreamClosed(error: unknown): boolean {
  return (error as { payload?: { tag?: string } })?.payload?.tag === 'closed';
}

function readBody(request: IncomingRequest): Uint8Array {
  const body = request.consume();
  const stream = body.stream();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let chunk: Uint8Array;
      try {
        chunk = stream.blockingRead(65536n);
      } catch (error) {
        if (isStreamClosed(error)) break;
        throw new TaskError(400, 'invalid-body', 'the request body could not be read');
      }
      total += chunk.length;
      if (total > MAX_BODY_BYTES) {
        throw new TaskError(413, 'body-too-large', `request body is larger than ${MAX_BODY_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
  } finally {
    stream[Symbol.dispose]();
    IncomingBody.finish(body);
  }
  return concatBytes(chunks);
}

/** Reads the whole request (the body is bounded by MAX_BODY_BYTES). */
export function readRequest(request: IncomingRequest): HttpRequest {
  const target = request.pathWithQuery() ?? '/';
  const questionMark = target.indexOf('?');
  const headers = new Map<string, string>();
  const decoder = new TextDecoder();
  for (const [name, value] of request.headers().entries()) headers.set(name.toLowerCase(), decoder.decode(value));
  return {
    method: methodName(request.method()),
    path: questionMark === -1 ? target : target.slice(0, questionMark),
    query: new URLSearchParams(questionMark === -1 ? '' : target.slice(questionMark + 1)),
    headers,
    body: readBody(request),
  };
}

export function sendJson(out: ResponseOutparam, status: number, payload: unknown): void {
  sendBody(out, status, new TextEncoder().encode(JSON.stringify(payload)), 'application/json;charset=utf8');
}

export function sendBody(out: ResponseOutparam, status: number, bytes: Uint8Array, contentType: string): void {
  const encoder = new TextEncoder();
  const headers = Fields.fromList([
    ['content-type', encoder.encode(contentType)],
    ['content-length', encoder.encode(String(bytes.length))],
  ]);
  const response = new OutgoingResponse(headers);
  response.setStatusCode(status);
  const body = response.body();
  ResponseOutparam.set(out, { tag: 'ok', val: response });
  const stream = body.write();
  for (let offset = 0; offset < bytes.length; offset += 4096) {
    stream.blockingWriteAndFlush(bytes.subarray(offset, offset + 4096));
  }
  stream[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
}
