import { log } from '../log.js';
import { openPglite } from './pglite.js';

/**
 * `wasmcloud:postgres/query@0.1.1-draft`, answering with the value shapes of
 * wasmCloud's sqldb-postgres provider (jsonb comes back as `json`, timestamptz
 * as `timestamp-tz` in UTC, uuid as a string). Backed by a real server when
 * POSTGRES_* or DATABASE_URL are given, else by an embedded PGlite database.
 */
type PgValue = { tag: string; val?: unknown };
type ResultRow = { columnName: string; value: PgValue }[];

interface Field {
  name: string;
  dataTypeID: number;
}

interface Backend {
  readonly description: string;
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[][]; fields: Field[] }>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Connection settings with the provider's key names (POSTGRES_HOST, ...). */
export type PostgresConfig = Record<string, string>;

const OID = {
  bool: 16, int8: 20, int2: 21, int4: 23, text: 25, json: 114, float4: 700, float8: 701,
  varchar: 1043, name: 19, timestamp: 1114, timestamptz: 1184, numeric: 1700, uuid: 2950, jsonb: 3802,
};

function timestampParts(date: Date) {
  return {
    date: { tag: 'ymd', val: [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()] },
    time: { hour: date.getUTCHours(), min: date.getUTCMinutes(), sec: date.getUTCSeconds(), micro: date.getUTCMilliseconds() * 1000 },
  };
}

function toPgValue(value: unknown, oid: number): PgValue {
  if (value === null || value === undefined) return { tag: 'null' };
  switch (oid) {
    case OID.bool: return { tag: 'bool', val: Boolean(value) };
    case OID.int2: return { tag: 'int2', val: Number(value) };
    case OID.int4: return { tag: 'int4', val: Number(value) };
    case OID.int8: return { tag: 'int8', val: BigInt(value as string | number | bigint) };
    case OID.json:
    case OID.jsonb: return { tag: 'json', val: typeof value === 'string' ? value : JSON.stringify(value) };
    case OID.uuid: return { tag: 'uuid', val: String(value) };
    case OID.timestamptz:
      return { tag: 'timestamp-tz', val: { timestamp: timestampParts(new Date(value as Date)), offset: { tag: 'western-hemisphere-secs', val: 0 } } };
    case OID.timestamp: return { tag: 'timestamp', val: timestampParts(new Date(value as Date)) };
    case OID.numeric: return { tag: 'numeric', val: String(value) };
    default: return { tag: 'text', val: typeof value === 'object' ? JSON.stringify(value) : String(value) };
  }
}

function dateFromParts(val: { timestamp: { date: { tag: string; val?: number[] }; time: { hour: number; min: number; sec: number; micro: number } } }) {
  const { date, time } = val.timestamp;
  if (date.tag !== 'ymd' || !date.val) throw { tag: 'invalid-params', val: 'infinite timestamps are not supported' };
  return new Date(Date.UTC(date.val[0], date.val[1] - 1, date.val[2], time.hour, time.min, time.sec, time.micro / 1000));
}

function fromPgValue(param: PgValue): unknown {
  switch (param.tag) {
    case 'null': return null;
    case 'bool': case 'boolean': return param.val;
    case 'int2': case 'int4': case 'int': case 'integer': case 'small-int': case 'serial': case 'serial4': return param.val;
    case 'int8': case 'big-int': case 'big-serial': case 'serial8': return String(param.val);
    case 'text': case 'uuid': case 'json': case 'jsonb': case 'numeric': case 'decimal': case 'name': case 'xml': return param.val;
    case 'timestamp-tz': return dateFromParts(param.val as Parameters<typeof dateFromParts>[0]).toISOString();
    default: throw { tag: 'invalid-params', val: `parameter type ${param.tag} is not supported by the local host` };
  }
}

async function pgliteBackend(dataDir: string): Promise<Backend> {
  const db = await openPglite(dataDir);
  return {
    description: `embedded PGlite at ${dataDir}`,
    async query(sql, params) {
      const result = await db.query<unknown[]>(sql, params, { rowMode: 'array' });
      return { rows: result.rows, fields: result.fields };
    },
    async exec(sql) {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

async function serverBackend(config: PostgresConfig): Promise<Backend> {
  const { default: pg } = await import('pg');
  const connectionString = config.DATABASE_URL;
  const pool = new pg.Pool(
    connectionString
      ? { connectionString }
      : {
        host: config.POSTGRES_HOST,
        port: Number(config.POSTGRES_PORT ?? 5432),
        user: config.POSTGRES_USERNAME,
        password: config.POSTGRES_PASSWORD,
        database: config.POSTGRES_DATABASE,
        ssl: /^(true|yes)$/i.test(config.POSTGRES_TLS_REQUIRED ?? '') ? { rejectUnauthorized: false } : undefined,
        max: Number(config.POSTGRES_POOL_SIZE ?? 10),
      },
  );
  // An idle client that loses its connection must not crash the host; the next query reconnects.
  pool.on('error', (error) => log('warn', 'postgres connection lost', { error: error.message }));
  const where = connectionString ? connectionString.replace(/\/\/[^@]*@/, '//***@') : `${config.POSTGRES_HOST}:${config.POSTGRES_PORT ?? 5432}/${config.POSTGRES_DATABASE}`;
  return {
    description: `PostgreSQL server ${where}`,
    async query(sql, params) {
      const result = await pool.query({ text: sql, values: params, rowMode: 'array' });
      return { rows: result.rows as unknown[][], fields: result.fields };
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

export interface Database {
  readonly description: string;
  query(sql: string, params: PgValue[]): Promise<ResultRow[]>;
  queryBatch(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** True when the config names a server (all required provider keys, or DATABASE_URL). */
export function namesServer(config: PostgresConfig): boolean {
  return Boolean(config.DATABASE_URL || (config.POSTGRES_HOST && config.POSTGRES_DATABASE && config.POSTGRES_USERNAME));
}

export async function openDatabase(config: PostgresConfig, pgliteDir: string): Promise<Database> {
  const backend = namesServer(config) ? await serverBackend(config) : await pgliteBackend(pgliteDir);
  const failure = (error: unknown) => ({ tag: 'unexpected', val: (error as Error)?.message ?? String(error) });
  return {
    description: backend.description,
    async query(sql, params) {
      const values = params.map(fromPgValue);
      let result;
      try {
        result = await backend.query(sql, values);
      } catch (error) {
        throw failure(error);
      }
      return result.rows.map((row) =>
        row.map((value, i) => ({ columnName: result.fields[i].name, value: toPgValue(value, result.fields[i].dataTypeID) })),
      );
    },
    async queryBatch(sql) {
      try {
        await backend.exec(sql);
      } catch (error) {
        throw failure(error);
      }
    },
    close: () => backend.close(),
  };
}
