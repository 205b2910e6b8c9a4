import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { hostOptions } from '../config.js';
import { TimeoutError, type Task } from './api-client.js';
import { FORMAT_EXTENSION, FORMAT_MIME, OP_HELP, outputFormat, parseOp } from './args.js';
import { blobFile, copyBlobTo, inputKey, localBlobRoot, putBlob } from './blob.js';
import {
  API_HELP, API_OPTIONS, apiClient, EXIT_FAILURE, EXIT_OK, jobSubject, numberOption, parseCommand, printJson, type Command,
} from './command.js';
import { publishJob } from './nats.js';
import { startProgress } from './progress.js';
import { HOST_OPTIONS } from './start.js';

const OPTIONS = {
  ...API_OPTIONS,
  op: { type: 'string', multiple: true },
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  quality: { type: 'string' },
  group: { type: 'string' },
  timeout: { type: 'string' },
  subject: { type: 'string' },
  manifest: HOST_OPTIONS.manifest,
  'data-dir': HOST_OPTIONS['data-dir'],
  'blob-root': HOST_OPTIONS['blob-root'],
  'nats-url': HOST_OPTIONS['nats-url'],
} as const;

function kilobytes(file: string): string {
  return `${(statSync(file).size / 1000).toFixed(1)} kB`;
}

export const submit: Command = {
  name: 'submit',
  summary: 'process a local image: upload, submit, publish, wait, write the result',
  help: `Usage: image-processor submit <file> [--op <op>]... [--out <file>] [options]

Puts <file> in the local host's blob store (bucket "input"), submits the job, publishes it on
the job subject, waits for the task (a spinner on a terminal) and copies the result
(bucket "output") to --out. Exit code 0: done; 1: the job failed or did not finish; 2: bad usage.

  image-processor submit photo.jpg --op grayscale --op resize=320x0 --out small.jpg

Options:
  --op <op>          an operation, in order (repeat): ${OP_HELP}
  -o, --out <file>   where to write the result (default <name>-processed.<ext> here)
  --format <f>       jpeg or png (default from --out's extension; without --out, PNG stays PNG, else JPEG)
  --quality <n>      JPEG quality 1-100
  --group <id>       the task's group (default cli)
  --timeout <s>      give up waiting after this long (default 120; the task goes on)
  --subject <s>      job subject (default $TASK_MANAGER_JOB_SUBJECT or images.processing)
  --nats-url <url>   NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  --blob-root <dir>  the host's blob store (default $BLOBSTORE_ROOT, else the manifest's root)
  --manifest <file>  manifest to read the blob store root from (default ./local.wadm.yaml, else the package's)
${API_HELP}
With --json: one JSON object, the task plus "output_file" (null unless completed); no progress.`,
  async run(argv) {
    const { values, positionals } = parseCommand(argv, OPTIONS, { min: 1, max: 1, names: 'the image file' });
    const file = positionals[0];
    const operations = (values.op ?? []).map(parseOp);
    const format = outputFormat(values.format, values.out, file);
    const quality = numberOption(values.quality, 'quality', { min: 1, max: 100, integer: true });
    const timeoutSeconds = numberOption(values.timeout, 'timeout', { min: 1 }) ?? 120;
    const out = resolve(values.out ?? `${basename(file, extname(file))}-processed.${FORMAT_EXTENSION[format]}`);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : message}`);
    }

    const options = hostOptions(values);
    const root = localBlobRoot(options);
    const id = randomUUID();
    const source = { bucket: 'input', key: inputKey(id, file) };
    const destination = { bucket: 'output', key: `${id}.${FORMAT_EXTENSION[format]}` };
    const api = apiClient(values.url);
    const started = Date.now();
    const progress = startProgress(process.stdout, `submitting ${basename(file)}`, !values.json && process.stdout.isTTY === true);
    const report = (task: Task, outputFile: string | null) => {
      if (values.json) printJson({ ...task, output_file: outputFile });
    };
    try {
      putBlob(root, source, bytes);
      let task: Task;
      try {
        task = await api.submitTask(values.group ?? 'cli', {
          source: { type: 'blobstore', path: source },
          destination: { type: 'blobstore', path: destination },
          image_format: FORMAT_MIME[format],
          operations,
          ...(quality === undefined ? {} : { quality }),
        });
      } catch (error) {
        rmSync(blobFile(root, source), { force: true });
        throw error;
      }
      process.once('SIGINT', () => {
        progress.stop();
        process.stderr.write(`interrupted; task ${task.id} goes on (image-processor status ${task.id})\n`);
        process.exit(130);
      });

      const subject = jobSubject(values.subject);
      await publishJob(options.natsUrl, subject, task.id).catch((error: Error) => {
        // The host re-announces pending tasks itself (every --requeue-interval), so waiting still makes sense.
        progress.note(`warning: ${error.message}; the task waits until the host re-announces it`);
      });

      let done: Task;
      try {
        done = await api.waitForTask(task.id, timeoutSeconds * 1000, (t) => progress.update(`task ${t.id} ${t.status}`));
      } catch (error) {
        if (error instanceof TimeoutError) report(error.task, null);
        throw error;
      }
      progress.stop();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (done.status !== 'completed') {
        report(done, null);
        const reason = done.last_failure_reason ?? 'no reason given';
        // The usual cause: the host keeps its blob store elsewhere than where the file was put.
        const hint = reason.includes(source.key) ? ` (the file was put under ${root}: is that the host's blob store?)` : '';
        process.stderr.write(`task ${done.id} failed after ${seconds} s: ${reason}${hint}\n`);
        return EXIT_FAILURE;
      }
      copyBlobTo(root, destination, out);
      report(done, out);
      if (!values.json) console.log(`task ${done.id} completed in ${seconds} s: ${out} (${kilobytes(out)})`);
      return EXIT_OK;
    } finally {
      progress.stop();
    }
  },
};
