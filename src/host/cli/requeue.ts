import { API_HELP, API_OPTIONS, apiClient, EXIT_OK, numberOption, parseCommand, printJson, type Command } from './command.js';

export const requeue: Command = {
  name: 'requeue',
  summary: 'ask the task manager to re-announce pending tasks whose messages were lost',
  help: `Usage: image-processor requeue [options]

Publishes {"task_id"} again for every pending task idle at least --idle seconds
(POST /admin/v1/tasks/requeue; needs the admin token when tokens are configured).

Options:
  --idle <s>     only tasks pending at least this long (default 0)
${API_HELP}`,
  async run(argv) {
    const { values } = parseCommand(argv, { ...API_OPTIONS, idle: { type: 'string' } }, { min: 0, max: 0, names: '' });
    const idle = numberOption(values.idle, 'idle', { min: 0 }) ?? 0;
    const result = await apiClient(values.url).requeue(idle);
    if (values.json) printJson(result);
    else {
      const { subject, requeued } = result;
      console.log(`re-announced ${requeued.length} pending task(s) on ${subject}${requeued.length ? `:\n${requeued.join('\n')}` : ''}`);
    }
    return EXIT_OK;
  },
};
