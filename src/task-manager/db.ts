import { query, queryBatch } from 'wasmcloud:postgres/query@0.1.1-draft';
import type { PgValue, TimestampTz } from 'wasmcloud:postgres/types@0.1.1-draft';
import { TaskError } from './errors.js';

/** A column value as the task manager uses it: text, a timestamp, or null. */
export type Cell = string | Date | number | boolean | null;
export type Row = Record<string, Cell>;

function dateFromTimestamp(value: TimestampTz): Date {
  const { date, time } = value.timestamp;
  if (date.tag !== 'ymd') return new Date(date.tag === 'positive-infinity' ? 8.64e15 : -8.64e15);
  const [year, month, day] = date.val;
  const utc = Date.UTC(year, month - 1, day, time.hour, time.min, time.sec, Math.floor(time.micro / 1000));
  const offsetSeconds = value.offset.tag === 'eastern-hemisphere-secs' ? value.offset.val : -value.offset.val;
  return new Date(utc - offsetSeconds * 1000);
}

function cell(value: PgValue): Cell {
  switch (value.tag) {
    case 'null':
      return null;
    case 'timestamp-tz':
      return dateFromTimestamp(value.val);
    case 'bool':
    case 'boolean':
      return value.val;
    case 'int2': case 'int4': case 'int': case 'integer': case 'small-int': case 'serial': case 'serial4':
      return value.val;
    case 'int8': case 'big-int': case 'big-serial': case 'serial8':
      return Number(value.val);
    case 'text': case 'uuid': case 'json': case 'jsonb': case 'name': case 'numeric': case 'decimal': case 'xml':
      return value.val;
    case 'varchar':
      return new TextDecoder().decode(new Uint8Array(value.val[1]));
    default:
      throw new TaskError(500, 'unexpected-column-type', `unexpected column type ${value.tag} from the database`);
  }
}

function databaseError(error: unknown): TaskError {
  const payload = (error as { payload?: { tag?: string; val?: string } })?.payload;
  const detail = payload?.val ?? (error instanceof Error ? error.message : String(error));
  return new TaskError(503, 'database-error', `database query failed: ${detail}`);
}

/** Runs one parameterized statement and returns its rows keyed by column name. */
export function sql(statement: string, params: PgValue[] = []): Row[] {
  let rows;
  try {
    rows = query(statement, params);
  } catch (error) {
    throw databaseError(error);
  }
  return rows.map((row) => Object.fromEntries(row.map((entry) => [entry.columnName, cell(entry.value)])));
}

/** Runs a fixed multi-statement script (migrations); never with user data. */
export function sqlBatch(script: string): void {
  try {
    queryBatch(script);
  } catch (error) {
    throw databaseError(error);
  }
}

export const text = (val: string): PgValue => ({ tag: 'text', val });
export const uuid = (val: string): PgValue => ({ tag: 'uuid', val });
export const jsonb = (val: string): PgValue => ({ tag: 'jsonb', val });
export const int4 = (val: number): PgValue => ({ tag: 'int4', val });
export const nullValue: PgValue = { tag: 'null' };
