import { extname } from 'node:path';
import { OperationSchema } from '../../imaging/operations.js';
import { describeZodError } from '../../worker/job.js';
import { UsageError } from './command.js';

/**
 * `--op` values: `name` or `name=arguments`, turned into the job's operation
 * JSON and checked with the worker's own schema, so a bad value is refused
 * before anything is uploaded, naming the `--op` and the field.
 */
type OpJson = { type: string } & Record<string, unknown>;

interface OpSyntax {
  syntax: string;
  /** Fields from the text after `=` (undefined when there is none); throws a problem description. */
  fields(value: string | undefined): Record<string, unknown>;
}

function number(text: string | undefined): number {
  if (text === undefined || text.trim() === '' || !Number.isFinite(Number(text))) throw new Error(`"${text ?? ''}" is not a number`);
  return Number(text);
}

function numbers(value: string | undefined, count: number): number[] {
  const parts = (value ?? '').split(',');
  if (parts.length !== count) throw new Error(`expected ${count} comma-separated numbers`);
  return parts.map(number);
}

const bare: OpSyntax = {
  syntax: '',
  fields(value) {
    if (value !== undefined) throw new Error('takes no value');
    return {};
  },
};

const one = (field: string, placeholder: string, parse: (text: string | undefined) => unknown = number): OpSyntax => ({
  syntax: `=${placeholder}`,
  fields: (value) => ({ [field]: parse(value) }),
});

const OPS: Record<string, OpSyntax> = {
  'no-op': bare,
  grayscale: bare,
  resize: {
    syntax: '=WxH (0 for either keeps the aspect ratio)',
    fields(value) {
      const match = /^(\d+)(?:x(\d+))?$/.exec(value ?? '');
      if (!match) throw new Error('expected WIDTHxHEIGHT, e.g. 320x0');
      const [width, height] = [Number(match[1]), Number(match[2] ?? 0)];
      return { ...(width ? { width_px: width } : {}), ...(height ? { height_px: height } : {}) };
    },
  },
  thumbnail: one('size', 'SIZE'),
  crop: {
    syntax: '=X,Y,W,H',
    fields(value) {
      const [x, y, width, height] = numbers(value, 4);
      return { x, y, width, height };
    },
  },
  rotate: one('degrees', '90|180|270'),
  flip: one('direction', 'horizontal|vertical', (text) => text),
  blur: one('sigma', 'SIGMA'),
  sharpen: {
    syntax: '[=SIGMA[,AMOUNT]]',
    fields(value) {
      if (value === undefined) return {};
      const parts = value.split(',');
      if (parts.length > 2) throw new Error('expected SIGMA or SIGMA,AMOUNT');
      const [sigma, amount] = parts.map(number);
      return { sigma, ...(amount === undefined ? {} : { amount }) };
    },
  },
  brightness: one('factor', 'FACTOR'),
  contrast: one('factor', 'FACTOR'),
  invert: bare,
  threshold: one('level', '0-255'),
  'black-and-white': bare,
};

/** The `--op` list for `--help`. */
export const OP_HELP = Object.entries(OPS).map(([name, { syntax }]) => `${name}${syntax}`).join(', ');

export function parseOp(spec: string): OpJson {
  const at = spec.indexOf('=');
  const [name, value] = at < 0 ? [spec, undefined] : [spec.slice(0, at), spec.slice(at + 1)];
  const syntax = Object.hasOwn(OPS, name) ? OPS[name] : undefined;
  if (!syntax) throw new UsageError(`--op ${spec}: unknown operation "${name}" (known: ${Object.keys(OPS).join(', ')})`);
  let op: OpJson;
  try {
    op = { type: name, ...syntax.fields(value) };
  } catch (error) {
    throw new UsageError(`--op ${spec}: ${(error as Error).message} (syntax: ${name}${syntax.syntax})`);
  }
  const checked = OperationSchema.safeParse(op);
  if (!checked.success) throw new UsageError(`--op ${spec}: ${describeZodError(checked.error)}`);
  return op;
}

export type OutputFormat = 'jpeg' | 'png';
export const FORMAT_MIME: Record<OutputFormat, string> = { jpeg: 'image/jpeg', png: 'image/png' };
export const FORMAT_EXTENSION: Record<OutputFormat, string> = { jpeg: 'jpg', png: 'png' };

const EXTENSION_FORMAT: Record<string, OutputFormat> = { '.jpg': 'jpeg', '.jpeg': 'jpeg', '.png': 'png' };

/** `--format`, else what `--out`'s extension says, else what the worker would pick for the input (PNG stays PNG, else JPEG). */
export function outputFormat(format: string | undefined, out: string | undefined, input: string): OutputFormat {
  if (format !== undefined) {
    const normalized = format.toLowerCase() === 'jpg' ? 'jpeg' : format.toLowerCase();
    if (normalized !== 'jpeg' && normalized !== 'png') throw new UsageError(`--format must be jpeg or png, got "${format}"`);
    return normalized;
  }
  if (out !== undefined) {
    const fromOut = EXTENSION_FORMAT[extname(out).toLowerCase()];
    if (!fromOut) throw new UsageError(`cannot tell the output format from "${out}": name it .jpg or .png, or give --format jpeg|png`);
    return fromOut;
  }
  return extname(input).toLowerCase() === '.png' ? 'png' : 'jpeg';
}
