import { z } from 'zod';

const workerId = z.string().min(1).max(256);
const leaseId = z.string().min(1);

export const SubmitBodySchema = z.object({
  group_id: z.string().min(1).max(256),
  task_data: z.record(z.string(), z.unknown()),
  /** Also publish the job message (one call instead of submit + `nats publish`). */
  enqueue: z.boolean().optional(),
});

export const LeaseBodySchema = z.object({ worker_id: workerId });
export const ReleaseBodySchema = z.object({ worker_id: workerId, lease_id: leaseId });
export const CompleteBodySchema = z.object({ worker_id: workerId, lease_id: leaseId });
export const FailBodySchema = z.object({
  worker_id: workerId,
  lease_id: leaseId,
  reason: z.string().min(1).max(4096),
  /** A transient failure: back to pending for another attempt (until max_attempts). */
  retry: z.boolean().optional(),
});

export const RequeueBodySchema = z.object({
  /** Only tasks pending for at least this long (their message may still be on its way otherwise). */
  idle_seconds: z.number().int().min(0).max(86_400).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
}).strict();

const uint = (fallback: number, max: number) =>
  z.coerce.number().int().min(0).max(max).default(fallback);

export const ListQuerySchema = z.object({
  offset: uint(0, 2_147_483_647),
  page_size: uint(20, 1000),
  group_id: z.string().min(1).optional(),
  status: z.enum(['pending', 'leased', 'completed', 'failed']).optional(),
});
