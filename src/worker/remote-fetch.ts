import { concatBytes } from '../shared/bytes.js';
import { errorText, TransientError } from './errors.js';
import { checkRemoteUrl, DEFAULT_REMOTE_POLICY, type RemoteFetchPolicy } from './remote-policy.js';

/**
 * Fetches a `remote-https` source under the policy: every URL (the job's and
 * each redirect's) checked by checkRemoteUrl, redirects followed by hand so a
 * public URL cannot bounce the worker to a private one, one deadline for the
 * whole exchange, and the body read as a stream that is cancelled as soon as
 * it passes maxBytes (never buffered unbounded, whatever Content-Length says).
 *
 * The deadline aborts the request (AbortController, which the engine's fetch
 * honours) and also races every await, so a fetch that ignores the signal
 * cannot hold the job. Throws TransientError for what a retry could fix
 * (network errors, the timeout, 5xx, 429) and Error for the rest.
 * `fetchImpl` is for tests.
 */
export async function fetchRemote(
  url: string, policy: RemoteFetchPolicy = DEFAULT_REMOTE_POLICY, fetchImpl: typeof fetch = fetch,
): Promise<Uint8Array> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TransientError(`fetching ${url} timed out after ${policy.timeoutMs} ms`));
      controller.abort();
    }, policy.timeoutMs);
  });
  deadline.catch(() => {}); // observed through the races below; never an unhandled rejection
  const race = <T>(step: Promise<T>) => Promise.race([step, deadline]);
  try {
    const response = await race(follow(url, policy, fetchImpl, controller.signal));
    return await race(readBody(url, response, policy.maxBytes));
  } finally {
    clearTimeout(timer);
  }
}

async function follow(url: string, policy: RemoteFetchPolicy, fetchImpl: typeof fetch, signal: AbortSignal): Promise<Response> {
  let target = checkRemoteUrl(url, policy);
  for (let redirects = 0; ; redirects++) {
    let response: Response;
    try {
      response = await fetchImpl(target.href, { redirect: 'manual', signal });
    } catch (error) {
      if (signal.aborted) throw new TransientError(`fetching ${url} timed out after ${policy.timeoutMs} ms`);
      throw new TransientError(`fetching ${target.href} failed: ${errorText(error)}`, { cause: error });
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => {});
      if (redirects >= policy.maxRedirects) throw new Error(`fetching ${url}: more than ${policy.maxRedirects} redirects`);
      target = checkRemoteUrl(new URL(location, target).href, policy);
      continue;
    }
    if (response.ok) return response;
    await response.body?.cancel().catch(() => {});
    const message = `fetching ${target.href} failed: HTTP ${response.status}`;
    throw response.status >= 500 || response.status === 429 ? new TransientError(message) : new Error(message);
  }
}

async function readBody(url: string, response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new Error(`remote image ${url} is larger than the limit of ${maxBytes} bytes`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new TransientError(`reading ${url} failed: ${errorText(error)}`, { cause: error });
    }
    if (chunk.done) break;
    total += chunk.value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {}); // stop the transfer: nothing more is read from the server
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return concatBytes(chunks);
}
