import { z } from 'zod';
import type { Task } from './api-client.js';
import { API_HELP, API_OPTIONS, apiClient, EXIT_OK, parseCommand, printJson, type Command } from './command.js';

/** Enough of the job JSON to describe it; anything else is shown as it is. */
const BlobPathSchema = z.object({ bucket: z.string(), key: z.string() });
const JobSummarySchema = z.object({
  source: z.object({ type: z.string(), path: BlobPathSchema.optional(), url: z.string().optional() }).optional(),
  destination: z.object({ type: z.string(), path: BlobPathSchema.optional() }).optional(),
  image_format: z.string().nullish(),
  operations: z.array(z.looseObject({ type: z.string() })).optional(),
});

function place(end: { type: string; path?: { bucket: string; key: string }; url?: string }): string {
  return end.path ? `${end.type} ${end.path.bucket}/${end.path.key}` : end.url ? `${end.type} ${end.url}` : end.type;
}

function operation({ type, ...fields }: { type: string } & Record<string, unknown>): string {
  const args = Object.entries(fields).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return args.length ? `${type}(${args.join(' ')})` : type;
}

/** A task as a few aligned lines for people. */
export function describeTask(task: Task): string {
  const rows: [string, unknown][] = [
    ['task', task.id],
    ['status', task.status],
    ['group', task.group_id],
    ['attempts', task.attempts],
    ['submitted', task.submitted_at],
    ['completed', task.completed_at],
  ];
  const job = JobSummarySchema.safeParse(task.data_json);
  if (job.success) {
    const { source, destination, image_format, operations } = job.data;
    if (source) rows.push(['source', place(source)]);
    if (destination) rows.push(['destination', `${place(destination)}${image_format ? ` (${image_format})` : ''}`]);
    if (operations) rows.push(['operations', operations.map(operation).join(', ') || '(none)']);
  } else {
    rows.push(['data', JSON.stringify(task.data_json)]);
  }
  rows.push(['reason', task.last_failure_reason]);
  return rows
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => `${`${name}:`.padEnd(13)}${value}`)
    .join('\n');
}

export const status: Command = {
  name: 'status',
  summary: 'show one task',
  help: `Usage: image-processor status <task_id> [options]

Prints the task (GET /api/v1/tasks/<id>): status, attempts, job, failure reason.
Exit code 0 whenever the task was found, whatever its status.

Options:
${API_HELP}`,
  async run(argv) {
    const { values, positionals } = parseCommand(argv, API_OPTIONS, { min: 1, max: 1, names: 'the task id' });
    const task = await apiClient(values.url).getTask(positionals[0]);
    if (values.json) printJson(task);
    else console.log(describeTask(task));
    return EXIT_OK;
  },
};
