import { resolve } from 'node:path';
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
}

/** Host options from flags, then the environment, then defaults. */
export function hostOptions(flags: CliFlags, env: NodeJS.ProcessEnv = process.env): HostOptions {
  const postgres: Record<string, string> = {};
  for (const key of POSTGRES_KEYS) if (env[key]) postgres[key] = env[key]!;
  const workers = flags.workers ?? env.WORKER_INSTANCES;
  return {
    manifestPath: resolve(flags.manifest ?? env.MANIFEST ?? 'local.wadm.yaml'),
    dataDir: resolve(flags['data-dir'] ?? env.DATA_DIR ?? 'data'),
    httpAddress: flags['http-address'] ?? env.HTTP_ADDRESS,
    blobRoot: flags['blob-root'] ?? env.BLOBSTORE_ROOT,
    natsUrl: flags['nats-url'] ?? env.NATS_URL ?? 'nats://127.0.0.1:4222',
    postgres,
    workerInstances: workers ? Number(workers) : undefined,
  };
}
