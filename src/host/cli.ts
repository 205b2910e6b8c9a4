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

const USAGE = `Usage: image-processor <command> [options]

Commands:
  start              run the local wasmCloud-like host (HTTP API, NATS worker)
  demo               start the host, run one grayscale job end to end, stop
  publish <task_id>  publish {"task_id": ...} on the job subject over NATS

Options:
  --manifest <file>      wadm manifest to run (default local.wadm.yaml)
  --data-dir <dir>       embedded database and nats-server data (default ./data)
  --http-address <a:p>   override the manifest's HTTP address (e.g. 127.0.0.1:8080)
  --blob-root <dir>      override the manifest's blob store root
  --nats-url <url>       NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  --workers <n>          worker instances (default: the manifest's spreadscaler)
  --subject <s>          subject for publish (default images.processing)

Postgres: POSTGRES_HOST/PORT/USERNAME/PASSWORD/DATABASE or DATABASE_URL; else embedded PGlite.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      manifest: { type: 'string' }, 'data-dir': { type: 'string' }, 'http-address': { type: 'string' },
      'blob-root': { type: 'string' }, 'nats-url': { type: 'string' }, workers: { type: 'string' },
      subject: { type: 'string' }, help: { type: 'boolean', short: 'h' },
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
