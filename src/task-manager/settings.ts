import { log } from 'wasi:logging/logging@0.1.0-draft';
import { get } from 'wasi:config/runtime@0.2.0-draft';
import { z } from 'zod';

/**
 * The task manager's component config (wasmCloud: the component's `config` in
 * the manifest, read through `wasi:config/runtime`; the local host also takes
 * `TASK_MANAGER_<KEY>` from its environment). Read on first use, not at
 * start-up: componentize-js pre-initialises the module, when no config exists.
 */
const SettingsSchema = z.object({
  /** How long a lease lasts without renewal. */
  lease_seconds: z.coerce.number().int().min(1).max(86_400).default(30),
  /** Leases a task gets before a failure or an expired lease fails it for good. */
  max_attempts: z.coerce.number().int().min(1).max(100).default(5),
  /** Bearer tokens; with none set, the API is open (local development). */
  admin_token: z.string().min(1).optional(),
  client_token: z.string().min(1).optional(),
  worker_token: z.string().min(1).optional(),
  /** Where re-announced job messages go. */
  job_subject: z.string().min(1).default('images.processing'),
});

export type Settings = z.infer<typeof SettingsSchema>;
const KEYS = Object.keys(SettingsSchema.shape) as (keyof Settings)[];

let cached: Settings | undefined;

export function settings(): Settings {
  if (cached) return cached;
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    let value: string | undefined;
    try {
      value = get(key);
    } catch {
      value = undefined; // a host without config support: defaults
    }
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    // Refuse to run on a misconfiguration rather than fall back to an open API.
    throw new Error(`invalid task-manager config: ${problems}`);
  }
  cached = parsed.data;
  if (!cached.admin_token && !cached.client_token && !cached.worker_token) {
    log('warn', 'task-manager', 'no API tokens configured (admin_token, client_token, worker_token): the HTTP API is open to anyone who can reach it');
  }
  return cached;
}
