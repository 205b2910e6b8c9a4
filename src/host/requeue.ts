import { ApiClient, type RequeueResult } from './cli/api-client.js';
import { log } from './log.js';

/** Asks the task manager to re-announce pending tasks idle for `idleSeconds` (POST /admin/v1/tasks/requeue). */
export function requeuePending(httpUrl: string, adminToken: string | undefined, idleSeconds: number): Promise<RequeueResult> {
  return new ApiClient(httpUrl, { admin: adminToken }).requeue(idleSeconds);
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
