import { hostOptions } from '../config.js';
import { runDemo } from '../demo.js';
import { startHost } from '../host.js';
import { EXIT_FAILURE, EXIT_OK, parseCommand, type Command } from './command.js';
import { HOST_HELP, HOST_OPTIONS } from './start.js';

export const demo: Command = {
  name: 'demo',
  summary: 'start the host, run one grayscale job end to end, stop',
  help: `Usage: image-processor demo [options]

Starts the local host, migrates the database, submits a grayscale job of the built-in image,
publishes it, waits for it and prints where the output file is; then stops the host.

Options:
${HOST_HELP}`,
  async run(argv) {
    const { values } = parseCommand(argv, HOST_OPTIONS, { min: 0, max: 0, names: '' });
    const host = await startHost(hostOptions(values));
    try {
      const { task, outputPath } = await runDemo(host, (line) => console.log(line));
      if (task.status !== 'completed') {
        console.error(`task ${task.id} failed: ${task.last_failure_reason}`);
        return EXIT_FAILURE;
      }
      console.log(`task ${task.id} completed; output: ${outputPath}`);
      return EXIT_OK;
    } finally {
      await host.stop();
    }
  },
};
