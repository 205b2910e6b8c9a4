import { hostOptions } from '../config.js';
import { EXIT_OK, jobSubject, parseCommand, type Command } from './command.js';
import { publishJob } from './nats.js';

export const publish: Command = {
  name: 'publish',
  summary: 'publish {"task_id": ...} on the job subject over NATS',
  help: `Usage: image-processor publish <task_id> [options]

Publishes the job message of a submitted task, as \`nats publish images.processing '{"task_id":"..."}'\`.

Options:
  --nats-url <url>  NATS server (default $NATS_URL or nats://127.0.0.1:4222)
  --subject <s>     job subject (default $TASK_MANAGER_JOB_SUBJECT or images.processing)`,
  async run(argv) {
    const { values, positionals } = parseCommand(
      argv, { 'nats-url': { type: 'string' }, subject: { type: 'string' } }, { min: 1, max: 1, names: 'the task id' },
    );
    const { natsUrl } = hostOptions(values);
    const subject = jobSubject(values.subject);
    await publishJob(natsUrl, subject, positionals[0]);
    console.log(`published {"task_id":"${positionals[0]}"} on ${subject} via ${natsUrl}`);
    return EXIT_OK;
  },
};
