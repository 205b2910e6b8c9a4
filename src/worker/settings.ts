import { z } from 'zod';
import { readComponentConfig } from '../shared/component-config.js';
import { DEFAULT_REMOTE_POLICY, type RemoteFetchPolicy } from './remote-policy.js';

/**
 * The worker's component config (wasmCloud: the component's `config` in the
 * manifest through `wasi:config/runtime`; the local host also takes
 * `IMAGE_PROCESSOR_<KEY>` from its environment). Read on first use: there is
 * no config while componentize-js pre-initialises the module.
 */
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const SettingsSchema = z.object({
  /** Where the outcome of each finished job is published. */
  done_subject: z.string().min(1).default('images.processing.done'),
  failed_subject: z.string().min(1).default('images.processing.failed'),
  /** remote-https sources: allow loopback and private addresses (off: no SSRF into the host's network). */
  allow_private_networks: flag.default(false),
  remote_max_bytes: z.coerce.number().int().min(1).default(DEFAULT_REMOTE_POLICY.maxBytes),
  remote_timeout_ms: z.coerce.number().int().min(100).default(DEFAULT_REMOTE_POLICY.timeoutMs),
});

export interface WorkerSettings {
  doneSubject: string;
  failedSubject: string;
  remotePolicy: RemoteFetchPolicy;
}

let cached: WorkerSettings | undefined;

export function workerSettings(): WorkerSettings {
  if (cached) return cached;
  const s = readComponentConfig(SettingsSchema, 'worker');
  cached = {
    doneSubject: s.done_subject,
    failedSubject: s.failed_subject,
    remotePolicy: {
      ...DEFAULT_REMOTE_POLICY, allowPrivateNetworks: s.allow_private_networks, maxBytes: s.remote_max_bytes, timeoutMs: s.remote_timeout_ms,
    },
  };
  return cached;
}
