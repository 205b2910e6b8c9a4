import { log } from 'wasi:logging/logging@0.1.0-draft';
import { z } from 'zod';
import { readComponentConfig } from '../shared/component-config.js';

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

let cached: Settings | undefined;

export function settings(): Settings {
  if (cached) return cached;
  // A misconfiguration throws rather than fall back to an open API.
  cached = readComponentConfig(SettingsSchema, 'task-manager');
  if (!cached.admin_token && !cached.client_token && !cached.worker_token) {
    log('warn', 'task-manager', 'no API tokens configured (admin_token, client_token, worker_token): the HTTP API is open to anyone who can reach it');
  }
  return cached;
}
