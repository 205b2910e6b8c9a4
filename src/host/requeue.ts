import { log } from './log.js';

export interface RequeueResult {
  subject: string;
  requeued: string[];
}

/** Asks the task manager to re-announce pending tasks idle for `idleSeconds` (POST /admin/v1/tasks/requeue). */
export async function requeuePending(httpUrl: string, adminToken: string | undefined, idleSeconds: number): Promise<RequeueResult> {
  const response = await fetch(`${httpUrl}/admin/v1/tasks/requeue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}) },
    body: JSON.stringify({ idle_seconds: idleSeconds }),
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await response.json()) as { status: string; data?: RequeueResult; error?: { code: string; message: string } };
  if (json.status !== 'success' || !json.data) {
    throw new Error(`requeue failed: HTTP ${response.status} ${json.error?.code ?? ''}: ${json.error?.message ?? ''}`);
  }
  return json.data;
}

/**
 * The host's stand-in for a cron job: a job message can be lost (published
 * while no worker listened on core NATS, a worker died mid-job, a transient
 * failure returned the task to pending), and nothing else would announce the
 * task again. Tasks idle for a whole interval are re-announced.
 */
export function startRequeueTimer(httpUrl: string, adminToken: string | undefined, intervalSeconds: number): { stop(): void } {
  let failing = false;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const { subject, requeued } = await requeuePending(httpUrl, adminToken, intervalSeconds);
      if (requeued.length > 0) log('info', 're-announced pending tasks', { subject, count: requeued.length, tasks: requeued.slice(0, 20) });
      if (failing) log('info', 'requeue works again');
      failing = false;
    } catch (error) {
      if (!failing) log('warn', 'requeue of pending tasks failed (will keep trying)', { error: (error as Error).message });
      failing = true;
    } finally {
      running = false;
    }
  }, intervalSeconds * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
