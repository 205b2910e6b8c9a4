import { setFlagsFromString } from 'node:v8';
// V8 runs new wasm code in its baseline tier (Liftoff) and cannot switch a
// running call to optimised code: the first long call into the 20 MB engine
// stays slow (measured: 50 s vs 17 s for a 1920x1080 job). Compile optimised
// code up front instead. Must be set before any module is compiled.
// HOST_V8_FLAGS replaces the default, for measuring other settings.
setFlagsFromString(process.env.HOST_V8_FLAGS ?? '--no-liftoff');

import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type Command } from './cli/command.js';
import { demo } from './cli/demo.js';
import { list } from './cli/list.js';
import { migrate } from './cli/migrate.js';
import { publish } from './cli/publish.js';
import { requeue } from './cli/requeue.js';
import { start } from './cli/start.js';
import { status } from './cli/status.js';
import { submit } from './cli/submit.js';

/** The command line: `image-processor <command> ...`; each command lives in src/host/cli/. */
const COMMANDS: Command[] = [start, submit, status, list, publish, requeue, migrate, demo];

const USAGE = `Usage: image-processor <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(9)}${c.summary}`).join('\n')}

Run "image-processor <command> --help" for a command's options.
Exit codes: 0 success, 1 failure (job failed, host unreachable, ...), 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    console.log(command ? command.help : USAGE);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`error: unknown command "${name}"\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return EXIT_OK;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\nRun "image-processor ${command.name} --help" for usage.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(EXIT_FAILURE);
  },
);
