import { TASK_STATUSES, type Task, type TaskStatus } from './api-client.js';
import { API_HELP, API_OPTIONS, apiClient, EXIT_OK, numberOption, parseCommand, printJson, UsageError, type Command } from './command.js';

function table(tasks: Task[]): string {
  const rows = [
    ['ID', 'STATUS', 'GROUP', 'ATTEMPTS', 'SUBMITTED', 'REASON'],
    ...tasks.map((t) => {
      const reason = t.last_failure_reason ?? '';
      return [t.id, t.status, t.group_id, String(t.attempts ?? ''), t.submitted_at, reason.length > 60 ? `${reason.slice(0, 59)}…` : reason];
    }),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

export const list: Command = {
  name: 'list',
  summary: 'list tasks, oldest first',
  help: `Usage: image-processor list [options]

Lists tasks oldest first (GET /api/v1/tasks), as a table or, with --json, a JSON array.

Options:
  --status <s>   only pending, leased, completed or failed tasks
  --group <id>   only tasks of this group
  --limit <n>    at most this many (1-1000, default 50)
  --offset <n>   skip this many first (default 0)
${API_HELP}`,
  async run(argv) {
    const { values } = parseCommand(
      argv,
      { ...API_OPTIONS, status: { type: 'string' }, group: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' } },
      { min: 0, max: 0, names: '' },
    );
    if (values.status !== undefined && !(TASK_STATUSES as readonly string[]).includes(values.status)) {
      throw new UsageError(`--status must be one of ${TASK_STATUSES.join(', ')}, got "${values.status}"`);
    }
    const tasks = await apiClient(values.url).listTasks({
      status: values.status as TaskStatus | undefined,
      groupId: values.group,
      limit: numberOption(values.limit, 'limit', { min: 1, max: 1000, integer: true }) ?? 50,
      offset: numberOption(values.offset, 'offset', { min: 0, integer: true }),
    });
    if (values.json) printJson(tasks);
    else console.log(tasks.length ? table(tasks) : 'no tasks');
    return EXIT_OK;
  },
};
