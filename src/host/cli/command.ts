import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiClient, tokensFromEnv } from './api-client.js';

/** One subcommand: `run` gets the arguments after its name and returns the exit code. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The whole `--help` text. */
  help: string;
  run(argv: string[]): Promise<number>;
}

export const EXIT_OK = 0;
/** The job failed, or something at run time (host unreachable, file missing). */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line: exit code 2, with a pointer to `--help`. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

function asUsageError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    // Node's message goes on about '--' for positionals; the first sentence is the news.
    throw new UsageError((error as Error).message.replace(/^Unknown option '([^']*)'.*$/s, 'unknown option "$1"'));
  }
}

/** `node:util` parseArgs, strict, with its errors turned into usage errors. */
export function parseCommand<const O extends Options>(argv: string[], options: O, positionals: { min: number; max: number; names: string }) {
  const parsed = asUsageError(() => parseArgs({ args: argv, options, allowPositionals: true, strict: true }));
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`missing ${positionals.names}`);
  if (count > positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  return parsed;
}

/** A numeric option in [min, max] (whole numbers if `integer`); undefined when not given. */
export function numberOption(value: string | undefined, name: string, range: { min: number; max?: number; integer?: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  const ok = value.trim() !== '' && Number.isFinite(number) && number >= range.min && (range.max === undefined || number <= range.max)
    && (!range.integer || Number.isInteger(number));
  if (!ok) {
    const kind = range.integer ? 'a whole number' : 'a number';
    throw new UsageError(`--${name} must be ${kind} from ${range.min}${range.max === undefined ? ' up' : ` to ${range.max}`}, got "${value}"`);
  }
  return number;
}

/** `--url` and `--json`, shared by the commands that call the HTTP API. */
export const API_OPTIONS = {
  url: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const API_HELP = `  --url <url>    task-manager URL (default $IMAGE_PROCESSOR_URL or http://127.0.0.1:8000)
  --json         print JSON for scripts
Tokens: TASK_MANAGER_CLIENT_TOKEN (tasks) and TASK_MANAGER_ADMIN_TOKEN (admin, and tasks if no client token)
are sent as bearer tokens when set.`;

export function apiClient(url: string | undefined, env: NodeJS.ProcessEnv = process.env): ApiClient {
  return new ApiClient(url ?? env.IMAGE_PROCESSOR_URL ?? 'http://127.0.0.1:8000', tokensFromEnv(env));
}

/** The job subject: `--subject`, else the one the task manager is configured with, else the manifest's. */
export function jobSubject(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.TASK_MANAGER_JOB_SUBJECT ?? 'images.processing';
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
