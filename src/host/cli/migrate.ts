import { API_HELP, API_OPTIONS, apiClient, EXIT_OK, parseCommand, printJson, type Command } from './command.js';

export const migrate: Command = {
  name: 'migrate',
  summary: 'create or upgrade the tasks table (idempotent)',
  help: `Usage: image-processor migrate [options]

POST /admin/v1/db/migrate: creates the tasks table, or upgrades an upstream one in place.
Needs the admin token when tokens are configured.

Options:
${API_HELP}`,
  async run(argv) {
    const { values } = parseCommand(argv, API_OPTIONS, { min: 0, max: 0, names: '' });
    const client = apiClient(values.url);
    await client.migrate();
    if (values.json) printJson({ migrated: true, url: client.baseUrl });
    else console.log(`migrated the task manager's database at ${client.baseUrl}`);
    return EXIT_OK;
  },
};
