import { hostOptions } from '../config.js';
import { startHost } from '../host.js';
import { parseCommand, type Command } from './command.js';

/** Options of the commands that run or look into the local host (`start`, `demo`, `submit`). */
export const HOST_OPTIONS = {
  manifest: { type: 'string' },
  'data-dir': { type: 'string' },
  'http-address': { type: 'string' },
  'blob-root': { type: 'string' },
  'nats-url': { type: 'string' },
  workers: { type: 'string' },
  jetstream: { type: 'boolean' },
  'requeue-interval': { type: 'string' },
} as const;

export const HOST_HELP = `  --manifest <file>      wadm manifest to run (default ./local.wadm.yaml, else the package's)
  --data-dir <dir>       embedded database and nats-server data (default ./data)
  --http-address <a:p>   override the manifest's HTTP address (e.g. 127.0.0.1:8080)
  --blob-root <dir>      override the manifest's blob store root
  --nats-url <url>       NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  --workers <n>          worker instances (default: the manifest's spreadscaler)
  --jetstream            consume job messages from a JetStream work queue (explicit acks,
                         redelivery, max deliveries); default: core NATS like wasmCloud's provider
  --requeue-interval <s> re-announce tasks pending this long, every this often (default 30; 0: off)

Environment: NATS_URL, HTTP_ADDRESS, BLOBSTORE_ROOT, WORKER_INSTANCES, DATA_DIR, MANIFEST, LOG_LEVEL.
Component config: TASK_MANAGER_<KEY> sets the task manager's <key> (lease_seconds, max_attempts,
admin_token, client_token, worker_token, job_subject); IMAGE_PROCESSOR_<KEY> the worker's.
JetStream: JETSTREAM=1, JETSTREAM_ACK_WAIT_SECONDS (60), JETSTREAM_MAX_DELIVER (5).
Postgres: POSTGRES_HOST/PORT/USERNAME/PASSWORD/DATABASE or DATABASE_URL; else embedded PGlite.`;

export const start: Command = {
  name: 'start',
  summary: 'run the local wasmCloud-like host (HTTP API, NATS worker) until Ctrl-C',
  help: `Usage: image-processor start [options]

Runs the components of the manifest: the task manager's HTTP API and the worker subscribed to
the job subject. Logs are JSON lines on stdout.

Options:
${HOST_HELP}`,
  async run(argv) {
    const { values } = parseCommand(argv, HOST_OPTIONS, { min: 0, max: 0, names: '' });
    const host = await startHost(hostOptions(values));
    return new Promise<number>((resolve) => {
      const stop = () => void host.stop().then(() => resolve(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
