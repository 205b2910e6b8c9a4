import { describe, expect, it } from 'vitest';
import { TransientError } from '../../src/worker/errors.js';
import { fetchRemote } from '../../src/worker/remote-fetch.js';
import { DEFAULT_REMOTE_POLICY, type RemoteFetchPolicy } from '../../src/worker/remote-policy.js';

const policy = (patch: Partial<RemoteFetchPolicy> = {}): RemoteFetchPolicy => ({ ...DEFAULT_REMOTE_POLICY, ...patch });
type FetchStub = (url: string, init?: RequestInit) => Promise<Response>;
const stub = (f: FetchStub) => f as unknown as typeof fetch;

/** A body that yields `chunk` forever, counting what was pulled and whether it was cancelled. */
function endlessBody(chunk: Uint8Array) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) { state.pulled += chunk.length; controller.enqueue(chunk); },
    cancel() { state.cancelled = true; },
  });
  return { stream, state };
}

describe('remote fetch', () => {
  it('returns the body of a 200', async () => {
    const bytes = await fetchRemote('https://example.com/a.jpg', policy(), stub(async () => new Response(new Uint8Array([1, 2, 3]))));
    expect([...bytes]).toEqual([1, 2, 3]);
  });

  it('stops reading as soon as the body passes the size limit, whatever the headers say', async () => {
    const { stream, state } = endlessBody(new Uint8Array(64 * 1024));
    const fetching = fetchRemote('https://example.com/huge', policy({ maxBytes: 1_000_000 }), stub(async () => new Response(stream)));
    await expect(fetching).rejects.toThrow(/larger than the limit of 1000000 bytes/);
    await expect(fetching).rejects.not.toBeInstanceOf(TransientError);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(1_000_000 + 4 * 64 * 1024); // a few chunks of read-ahead at most
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const { stream, state } = endlessBody(new Uint8Array(1024));
    const response = new Response(stream, { headers: { 'content-length': '999999999' } });
    await expect(fetchRemote('https://example.com/big', policy({ maxBytes: 1000 }), stub(async () => response))).rejects.toThrow(/larger than the limit/);
    expect(state.cancelled).toBe(true);
  });

  it('times out as a TransientError, aborting the request', async () => {
    let signal: AbortSignal | undefined;
    const hang = stub((_url, init) => { signal = init?.signal ?? undefined; return new Promise(() => {}); });
    const started = Date.now();
    const fetching = fetchRemote('https://example.com/slow', policy({ timeoutMs: 100 }), hang);
    await expect(fetching).rejects.toThrow(/timed out after 100 ms/);
    await expect(fetching).rejects.toBeInstanceOf(TransientError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(signal?.aborted).toBe(true);
  });

  it('times out a body that trickles', async () => {
    const trickle = new ReadableStream<Uint8Array>({
      async pull(controller) { await new Promise((r) => setTimeout(r, 30)); controller.enqueue(new Uint8Array(1)); },
    });
    await expect(fetchRemote('https://example.com/trickle', policy({ timeoutMs: 150 }), stub(async () => new Response(trickle))))
      .rejects.toBeInstanceOf(TransientError);
  });

  it('classifies failures: network, 5xx and 429 transient; 4xx permanent', async () => {
    const status = (code: number) => stub(async () => new Response('x', { status: code }));
    await expect(fetchRemote('https://example.com/a', policy(), stub(async () => { throw new TypeError('fetch failed'); })))
      .rejects.toBeInstanceOf(TransientError);
    for (const code of [500, 502, 503, 429]) {
      await expect(fetchRemote('https://example.com/a', policy(), status(code)), String(code)).rejects.toBeInstanceOf(TransientError);
    }
    for (const code of [400, 403, 404, 410]) {
      const fetching = fetchRemote('https://example.com/a', policy(), status(code));
      await expect(fetching).rejects.toThrow(new RegExp(`HTTP ${code}`));
      await expect(fetching).rejects.not.toBeInstanceOf(TransientError);
    }
  });

  it('checks every redirect target: a public URL cannot bounce the worker to a private one', async () => {
    const seen: string[] = [];
    const redirecting = (location: string) => stub(async (url) => {
      seen.push(url);
      return url.endsWith('/start') ? new Response(null, { status: 302, headers: { location } }) : new Response(new Uint8Array([7]));
    });
    await expect(fetchRemote('https://example.com/start', policy(), redirecting('https://169.254.169.254/meta'))).rejects.toThrow(/link-local/);
    await expect(fetchRemote('https://example.com/start', policy(), redirecting('http://example.com/a'))).rejects.toThrow(/https:\/\//);
    expect(seen).toEqual(['https://example.com/start', 'https://example.com/start']);
    expect([...await fetchRemote('https://example.com/start', policy(), redirecting('/next.jpg'))]).toEqual([7]);
    expect(seen.at(-1)).toBe('https://example.com/next.jpg');
    const loop = stub(async () => new Response(null, { status: 301, headers: { location: '/again' } }));
    await expect(fetchRemote('https://example.com/x', policy(), loop)).rejects.toThrow(/more than 5 redirects/);
  });

  it('refuses a private URL before any request is made', async () => {
    let called = false;
    await expect(fetchRemote('https://127.0.0.1/a', policy(), stub(async () => { called = true; return new Response(''); }))).rejects.toThrow(/loopback/);
    expect(called).toBe(false);
  });
});
