import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostOptions } from './host.js';

const POSTGRES_KEYS = [
  'POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USERNAME', 'POSTGRES_PASSWORD', 'POSTGRES_DATABASE',
  'POSTGRES_TLS_REQUIRED', 'POSTGRES_POOL_SIZE', 'DATABASE_URL',
];

export interface CliFlags {
  manifest?: string;
  'data-dir'?: string;
  'http-address'?: string;
  'blob-root'?: string;
  'nats-url'?: string;
  workers?: string;
  jetstream?: boolean;
  'requeue-interval'?: string;
}

/**
 * Component config from the environment: `TASK_MANAGER_LEASE_SECONDS=60`
 * sets `lease_seconds` for the component named `task-manager`. These override
 * the manifest's component config (as `wash config put` would).
 */
export function componentConfigFromEnv(component: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const prefix = `${component.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
  const config: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(prefix) && value !== undefined) config[name.slice(prefix.length).toLowerCase()] = value;
  }
  return config;
}

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name} must be a number of seconds >= 0, got "${value}"`);
  return number;
}

/** `local.wadm.yaml` in the current folder, else the package's own (for `npx image-processor` run elsewhere). */
function defaultManifest(): string {
  if (existsSync('local.wadm.yaml')) return 'local.wadm.yaml';
  // From src/host/config.ts and from the bundled dist/host/cli.js alike, the package root is two folders up.
  return fileURLToPath(new URL('../../local.wadm.yaml', import.meta.url));
}

/** Host options from flags, then the environment, then defaults. */
export function hostOptions(flags: CliFlags, env: NodeJS.ProcessEnv = process.env): HostOptions {
  const postgres: Record<string, string> = {};
  for (const key of POSTGRES_KEYS) if (env[key]) postgres[key] = env[key]!;
  const workers = flags.workers ?? env.WORKER_INSTANCES;
  return {
    manifestPath: resolve(flags.manifest ?? env.MANIFEST ?? defaultManifest()),
    dataDir: resolve(flags['data-dir'] ?? env.DATA_DIR ?? 'data'),
    httpAddress: flags['http-address'] ?? env.HTTP_ADDRESS,
    blobRoot: flags['blob-root'] ?? env.BLOBSTORE_ROOT,
    natsUrl: flags['nats-url'] ?? env.NATS_URL ?? 'nats://127.0.0.1:4222',
    postgres,
    workerInstances: workers ? Number(workers) : undefined,
    componentEnv: env,
    requeueIntervalSeconds: positiveNumber(flags['requeue-interval'] ?? env.REQUEUE_INTERVAL_SECONDS, 'REQUEUE_INTERVAL_SECONDS') ?? 30,
    jetstream: flags.jetstream || /^(1|true|yes)$/i.test(env.JETSTREAM ?? '')
      ? {
        ackWaitSeconds: positiveNumber(env.JETSTREAM_ACK_WAIT_SECONDS, 'JETSTREAM_ACK_WAIT_SECONDS') ?? 60,
        maxDeliver: positiveNumber(env.JETSTREAM_MAX_DELIVER, 'JETSTREAM_MAX_DELIVER') ?? 5,
      }
      : undefined,
  };
}
