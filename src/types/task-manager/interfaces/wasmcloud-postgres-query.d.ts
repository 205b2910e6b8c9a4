/// <reference path="./wasmcloud-postgres-types.d.ts" />
declare module 'wasmcloud:postgres/query@0.1.1-draft' {
  /**
   * Query a Postgres database, leaving connection/session management
   * to the callee/implementer of this interface (normally a provider configured with connection credentials)
   * 
   * Queries *must* be parameterized, with named arguments in the form of `$<integer>`, for example:
   * 
   * ```
   * SELECT email,username FROM users WHERE uuid=$1;
   * ```
   */
  export function query(query: string, params: Array<PgValue>): Array<ResultRow>;
  /**
   * Perform a batch query (which could contain multiple statements) against a Postgres database,
   * leaving connection/session management to the callee/implementer of this interface
   * (normally a provider configured with connection credentials)
   * 
   * No user-provided or untrusted data should be used with this query -- parameters are not allowed
   * 
   * This query *can* be used to execute multi-statement queries (common in migrations).
   */
  export function queryBatch(query: string): void;
  export type PgValue = import('wasmcloud:postgres/types@0.1.1-draft').PgValue;
  export type ResultRow = import('wasmcloud:postgres/types@0.1.1-draft').ResultRow;
  export type QueryError = import('wasmcloud:postgres/types@0.1.1-draft').QueryError;
}
