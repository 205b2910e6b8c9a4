import { setFlagsFromString } from 'node:v8';
// V8 runs new wasm code in its baseline tier (Liftoff) and cannot switch a
// running call to optimised code: the first long call into the 20 MB engine
// stays slow (measured: 50 s vs 17 s for a 1920x1080 job). Compile optimised
// code up front instead. Must be set before any module is compiled.
// HOST_V8_FLAGS replaces the default, for measuring other settings.
setFlagsFromString(process.env.HOST_V8_FLAGS ?? '--no-liftoff');

import { parseArgs } from 'node:util';
import { connect } from 'nats';
import { hostOptions, type CliFlags } from './config.js';
import { runDemo } from './demo.js';
import { startHost } from './host.js';
import { requeuePending } from './requeue.js';

const USAGE = `Usage: image-processor <command> [options]

Commands:
  start              run the local wasmCloud-like host (HTTP API, NATS worker)
  demo               start the host, run one grayscale job end to end, stop
  publish <task_id>  publish {"task_id": ...} on the job subject over NATS
  requeue            ask the task manager to re-announce pending tasks whose messages were lost

Options:
  --manifest <file>      wadm manifest to run (default local.wadm.yaml)
  --data-dir <dir>       embedded database and nats-server data (default ./data)
  --http-address <a:p>   override the manifest's HTTP address (e.g. 127.0.0.1:8080)
  --blob-root <dir>      override the manifest's blob store root
  --nats-url <url>       NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  --workers <n>          worker instances (default: the manifest's spreadscaler)
  --subject <s>          subject for publish (default images.processing)
  --jetstream            consume job messages from a JetStream work queue (explicit acks,
                         redelivery, max deliveries); default: core NATS like wasmCloud's provider
  --requeue-interval <s> re-announce tasks pending this long, every this often (default 30; 0: off)
  --url <url>            task-manager URL for requeue (default http://127.0.0.1:8000)
  --idle <s>             requeue only tasks pending at least this long (default 0)

Component config: TASK_MANAGER_<KEY> sets the task manager's <key> (lease_seconds, max_attempts,
admin_token, client_token, worker_token, job_subject); IMAGE_PROCESSOR_<KEY> the worker's.
JetStream: JETSTREAM=1, JETSTREAM_ACK_WAIT_SECONDS (60), JETSTREAM_MAX_DELIVER (5).

Postgres: POSTGRES_HOST/PORT/USERNAME/PASSWORD/DATABASE or DATABASE_URL; else embedded PGlite.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      manifest: { type: 'string' }, 'data-dir': { type: 'string' }, 'http-address': { type: 'string' },
      'blob-root': { type: 'string' }, 'nats-url': { type: 'string' }, workers: { type: 'string' },
      subject: { type: 'string' }, help: { type: 'boolean', short: 'h' }, jetstream: { type: 'boolean' },
      'requeue-interval': { type: 'string' }, url: { type: 'string' }, idle: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const options = hostOptions(values as CliFlags);
  switch (command) {
    case 'start': {
      const host = await startHost(options);
      const stop = async () => {
        await host.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise<number>(() => {});
    }
    case 'demo': {
      const host = await startHost(options);
      try {
        const { task, outputPath } = await runDemo(host, (line) => console.log(line));
        if (task.status !== 'completed') {
          console.error(`task ${task.id} failed: ${task.last_failure_reason}`);
          return 1;
        }
        console.log(`task ${task.id} completed; output: ${outputPath}`);
        return 0;
      } finally {
        await host.stop();
      }
    }
    case 'publish': {
      const taskId = rest[0];
      if (!taskId) {
        console.error('publish needs a task id');
        return 2;
      }
      const connection = await connect({ servers: options.natsUrl }).catch((error: Error) => {
        throw new Error(`cannot reach NATS at ${options.natsUrl}: ${error.message}`);
      });
      const subject = values.subject ?? 'images.processing';
      connection.publish(subject, new TextEncoder().encode(JSON.stringify({ task_id: taskId })));
      await connection.drain();
      console.log(`published {"task_id":"${taskId}"} on ${subject} via ${options.natsUrl}`);
      return 0;
    }
    case 'requeue': {
      const url = values.url ?? 'http://127.0.0.1:8000';
      const { subject, requeued } = await requeuePending(url, process.env.TASK_MANAGER_ADMIN_TOKEN, Number(values.idle ?? 0));
      console.log(`re-announced ${requeued.length} pending task(s) on ${subject}${requeued.length ? `:\n${requeued.join('\n')}` : ''}`);
      return 0;
    }
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  },
);
