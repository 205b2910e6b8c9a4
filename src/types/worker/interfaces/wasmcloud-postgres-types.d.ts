declare module 'wasmcloud:postgres/types@0.1.1-draft' {
  /**
   * Errors that occur while executing queries
   */
  export type QueryError = QueryErrorInvalidParams | QueryErrorInvalidQuery | QueryErrorUnexpected;
  /**
   * Unknown/invalid query parameters
   */
  export interface QueryErrorInvalidParams {
    tag: 'invalid-params',
    val: string,
  }
  /**
   * Invalid/malformed query
   */
  export interface QueryErrorInvalidQuery {
    tag: 'invalid-query',
    val: string,
  }
  /**
   * A completely unexpected error, specific to executing queries
   */
  export interface QueryErrorUnexpected {
    tag: 'unexpected',
    val: string,
  }
  /**
   * Errors that occur while preparing a statement
   */
  export type StatementPrepareError = StatementPrepareErrorUnexpected;
  /**
   * A completely unexpected error
   */
  export interface StatementPrepareErrorUnexpected {
    tag: 'unexpected',
    val: string,
  }
  /**
   * Errors that occur during prepared statement execution
   */
  export type PreparedStatementExecError = PreparedStatementExecErrorUnknownPreparedQuery | PreparedStatementExecErrorQueryError | PreparedStatementExecErrorUnexpected;
  /**
   * Unknown/invalid prepared statement token
   */
  export interface PreparedStatementExecErrorUnknownPreparedQuery {
    tag: 'unknown-prepared-query',
  }
  /**
   * An otherwise known query execution error
   */
  export interface PreparedStatementExecErrorQueryError {
    tag: 'query-error',
    val: QueryError,
  }
  /**
   * A completely unexpected error, specific to prepared statements
   */
  export interface PreparedStatementExecErrorUnexpected {
    tag: 'unexpected',
    val: string,
  }
  /**
   * This type of floating point is necessary as rust does not allow Eq/PartialEq/Hash on real `f64`
   * Instead we use a sign + mantissa + exponent
   * 
   * see: https://docs.rs/num/latest/num/trait.Float.html#tymethod.integer_decode
   */
  export type HashableF64 = [bigint, number, number];
  export type HashableF32 = HashableF64;
  export type Point = [HashableF64, HashableF64];
  export type LowerLeftPoint = Point;
  export type UpperRightPoint = Point;
  export type StartPoint = Point;
  export type EndPoint = Point;
  export type CenterPoint = Point;
  export type Radius = HashableF64;
  export type Ipv4Addr = string;
  export type Ipv6Addr = string;
  export type Subnet = string;
  export type Xmin = bigint;
  export type Xmax = bigint;
  export type XipList = BigInt64Array;
  export type LogfileNum = number;
  export type LogfileByteOffset = number;
  export type ColumnName = string;
  /**
   * Arbitrary precision numeric type
   */
  export type Numeric = string;
  /**
   * Chosen weight of a Lexeme
   * # Variants
   * 
   * ## `"A"`
   * 
   * ## `"B"`
   * 
   * ## `"C"`
   * 
   * ## `"D"`
   */
  export type LexemeWeight = 'A' | 'B' | 'C' | 'D';
  /**
   * Represents an arbitrary precision numeric type
   */
  export interface Lexeme {
    /**
     * Position (1->16383)
     */
    position?: number,
    /**
     * Weight of the lexeme (in a relevant ts-vector)
     */
    weight?: LexemeWeight,
    /**
     * Data
     */
    data: string,
  }
  /**
   * Offsets are expressed in seconds of timezone difference in either from the
   * eastern hemisphere or western hemisphere.
   * 
   * ex. "America/New York", which is UTC-4 can be expressed as western-hemisphere-secs(4 * 3600)
   */
  export type Offset = OffsetEasternHemisphereSecs | OffsetWesternHemisphereSecs;
  export interface OffsetEasternHemisphereSecs {
    tag: 'eastern-hemisphere-secs',
    val: number,
  }
  export interface OffsetWesternHemisphereSecs {
    tag: 'western-hemisphere-secs',
    val: number,
  }
  /**
   * Dates are represented similarly to tokio-postgres implementation
   * see: https://docs.rs/postgres-types/0.2.6/postgres_types/enum.Date.html#variant.Value
   */
  export type Date = DatePositiveInfinity | DateNegativeInfinity | DateYmd;
  export interface DatePositiveInfinity {
    tag: 'positive-infinity',
  }
  export interface DateNegativeInfinity {
    tag: 'negative-infinity',
  }
  export interface DateYmd {
    tag: 'ymd',
    val: [number, number, number],
  }
  export interface Interval {
    start: Date,
    startInclusive: boolean,
    end: Date,
    endInclusive: boolean,
  }
  export interface Time {
    hour: number,
    min: number,
    sec: number,
    micro: number,
  }
  export interface TimeTz {
    timesonze: string,
    time: Time,
  }
  export interface Timestamp {
    date: Date,
    time: Time,
  }
  export interface TimestampTz {
    timestamp: Timestamp,
    offset: Offset,
  }
  export interface MacAddressEui48 {
    bytes: [number, number, number, number, number, number],
  }
  export interface MacAddressEui64 {
    bytes: [number, number, number, number, number, number, number, number],
  }
  /**
   * Postgres data values, usable as parameters or via queries
   * see: https://www.postgresql.org/docs/current/datatype.html
   * 
   * This datatype is primarily intended to be used with the `raw` encoding scheme.
   * 
   * NOTE: all numeric values are little-endian unless otherwise specified
   */
  export type PgValue = PgValueNull | PgValueBigInt | PgValueInt8 | PgValueInt8Array | PgValueBigSerial | PgValueSerial8 | PgValueBool | PgValueBoolean | PgValueBoolArray | PgValueDouble | PgValueFloat8 | PgValueFloat8Array | PgValueReal | PgValueFloat4 | PgValueFloat4Array | PgValueInteger | PgValueInt | PgValueInt4 | PgValueInt4Array | PgValueNumeric | PgValueDecimal | PgValueNumericArray | PgValueSerial | PgValueSerial4 | PgValueSmallInt | PgValueInt2 | PgValueInt2Array | PgValueInt2Vector | PgValueInt2VectorArray | PgValueSmallSerial | PgValueSerial2 | PgValueBit | PgValueBitArray | PgValueBitVarying | PgValueVarbit | PgValueVarbitArray | PgValueBytea | PgValueByteaArray | PgValueChar | PgValueCharArray | PgValueVarchar | PgValueVarcharArray | PgValueCidr | PgValueCidrArray | PgValueInet | PgValueInetArray | PgValueMacaddr | PgValueMacaddrArray | PgValueMacaddr8 | PgValueMacaddr8Array | PgValueBox | PgValueBoxArray | PgValueCircle | PgValueCircleArray | PgValueLine | PgValueLineArray | PgValueLseg | PgValueLsegArray | PgValuePath | PgValuePathArray | PgValuePoint | PgValuePointArray | PgValuePolygon | PgValuePolygonArray | PgValueDate | PgValueDateArray | PgValueInterval | PgValueIntervalArray | PgValueTime | PgValueTimeArray | PgValueTimeTz | PgValueTimeTzArray | PgValueTimestamp | PgValueTimestampArray | PgValueTimestampTz | PgValueTimestampTzArray | PgValueJson | PgValueJsonArray | PgValueJsonb | PgValueJsonbArray | PgValueMoney | PgValueMoneyArray | PgValuePgLsn | PgValuePgLsnArray | PgValuePgSnapshot | PgValueTxidSnapshot | PgValueName | PgValueNameArray | PgValueText | PgValueTextArray | PgValueXml | PgValueXmlArray | PgValueTsQuery | PgValueTsVector | PgValueUuid | PgValueUuidArray | PgValueHstore;
  export interface PgValueNull {
    tag: 'null',
  }
  /**
   * Numeric
   */
  export interface PgValueBigInt {
    tag: 'big-int',
    val: bigint,
  }
  export interface PgValueInt8 {
    tag: 'int8',
    val: bigint,
  }
  export interface PgValueInt8Array {
    tag: 'int8-array',
    val: BigInt64Array,
  }
  export interface PgValueBigSerial {
    tag: 'big-serial',
    val: bigint,
  }
  export interface PgValueSerial8 {
    tag: 'serial8',
    val: bigint,
  }
  export interface PgValueBool {
    tag: 'bool',
    val: boolean,
  }
  export interface PgValueBoolean {
    tag: 'boolean',
    val: boolean,
  }
  export interface PgValueBoolArray {
    tag: 'bool-array',
    val: Array<boolean>,
  }
  export interface PgValueDouble {
    tag: 'double',
    val: HashableF64,
  }
  export interface PgValueFloat8 {
    tag: 'float8',
    val: HashableF64,
  }
  export interface PgValueFloat8Array {
    tag: 'float8-array',
    val: Array<HashableF64>,
  }
  export interface PgValueReal {
    tag: 'real',
    val: HashableF32,
  }
  export interface PgValueFloat4 {
    tag: 'float4',
    val: HashableF32,
  }
  export interface PgValueFloat4Array {
    tag: 'float4-array',
    val: Array<HashableF32>,
  }
  export interface PgValueInteger {
    tag: 'integer',
    val: number,
  }
  export interface PgValueInt {
    tag: 'int',
    val: number,
  }
  export interface PgValueInt4 {
    tag: 'int4',
    val: number,
  }
  export interface PgValueInt4Array {
    tag: 'int4-array',
    val: Int32Array,
  }
  export interface PgValueNumeric {
    tag: 'numeric',
    val: Numeric,
  }
  export interface PgValueDecimal {
    tag: 'decimal',
    val: Numeric,
  }
  export interface PgValueNumericArray {
    tag: 'numeric-array',
    val: Array<Numeric>,
  }
  export interface PgValueSerial {
    tag: 'serial',
    val: number,
  }
  export interface PgValueSerial4 {
    tag: 'serial4',
    val: number,
  }
  export interface PgValueSmallInt {
    tag: 'small-int',
    val: number,
  }
  export interface PgValueInt2 {
    tag: 'int2',
    val: number,
  }
  export interface PgValueInt2Array {
    tag: 'int2-array',
    val: Int16Array,
  }
  export interface PgValueInt2Vector {
    tag: 'int2-vector',
    val: Int16Array,
  }
  export interface PgValueInt2VectorArray {
    tag: 'int2-vector-array',
    val: Array<Int16Array>,
  }
  export interface PgValueSmallSerial {
    tag: 'small-serial',
    val: number,
  }
  export interface PgValueSerial2 {
    tag: 'serial2',
    val: number,
  }
  /**
   * note: matches tokio-postgres
   * Bytes
   * 
   * For bit & bit-varying, see the encoding scheme used by bit-vec:
   * https://contain-rs.github.io/bit-vec/bit_vec/struct.BitVec.html#method.to_bytes
   */
  export interface PgValueBit {
    tag: 'bit',
    val: [number, Uint8Array],
  }
  export interface PgValueBitArray {
    tag: 'bit-array',
    val: Array<[number, Uint8Array]>,
  }
  export interface PgValueBitVarying {
    tag: 'bit-varying',
    val: [number | undefined, Uint8Array],
  }
  export interface PgValueVarbit {
    tag: 'varbit',
    val: [number | undefined, Uint8Array],
  }
  export interface PgValueVarbitArray {
    tag: 'varbit-array',
    val: Array<[number | undefined, Uint8Array]>,
  }
  export interface PgValueBytea {
    tag: 'bytea',
    val: Uint8Array,
  }
  export interface PgValueByteaArray {
    tag: 'bytea-array',
    val: Array<Uint8Array>,
  }
  /**
   * Characters
   * TODO: specify text encoding, to negotiate possible component/DB mismatch?
   */
  export interface PgValueChar {
    tag: 'char',
    val: [number, Uint8Array],
  }
  export interface PgValueCharArray {
    tag: 'char-array',
    val: Array<[number, Uint8Array]>,
  }
  export interface PgValueVarchar {
    tag: 'varchar',
    val: [number | undefined, Uint8Array],
  }
  export interface PgValueVarcharArray {
    tag: 'varchar-array',
    val: Array<[number | undefined, Uint8Array]>,
  }
  /**
   * Networking
   */
  export interface PgValueCidr {
    tag: 'cidr',
    val: string,
  }
  export interface PgValueCidrArray {
    tag: 'cidr-array',
    val: Array<string>,
  }
  export interface PgValueInet {
    tag: 'inet',
    val: string,
  }
  export interface PgValueInetArray {
    tag: 'inet-array',
    val: Array<string>,
  }
  export interface PgValueMacaddr {
    tag: 'macaddr',
    val: MacAddressEui48,
  }
  /**
   * EUI-48
   */
  export interface PgValueMacaddrArray {
    tag: 'macaddr-array',
    val: Array<MacAddressEui48>,
  }
  /**
   * EUI-48
   */
  export interface PgValueMacaddr8 {
    tag: 'macaddr8',
    val: MacAddressEui64,
  }
  /**
   * EUI-64 (deprecated)
   */
  export interface PgValueMacaddr8Array {
    tag: 'macaddr8-array',
    val: Array<MacAddressEui64>,
  }
  /**
   * EUI-64 (deprecated)
   * Geo
   */
  export interface PgValueBox {
    tag: 'box',
    val: [LowerLeftPoint, UpperRightPoint],
  }
  export interface PgValueBoxArray {
    tag: 'box-array',
    val: Array<[LowerLeftPoint, UpperRightPoint]>,
  }
  export interface PgValueCircle {
    tag: 'circle',
    val: [CenterPoint, Radius],
  }
  export interface PgValueCircleArray {
    tag: 'circle-array',
    val: Array<[CenterPoint, Radius]>,
  }
  export interface PgValueLine {
    tag: 'line',
    val: [StartPoint, EndPoint],
  }
  export interface PgValueLineArray {
    tag: 'line-array',
    val: Array<[StartPoint, EndPoint]>,
  }
  export interface PgValueLseg {
    tag: 'lseg',
    val: [StartPoint, EndPoint],
  }
  export interface PgValueLsegArray {
    tag: 'lseg-array',
    val: Array<[StartPoint, EndPoint]>,
  }
  export interface PgValuePath {
    tag: 'path',
    val: Array<Point>,
  }
  export interface PgValuePathArray {
    tag: 'path-array',
    val: Array<Array<Point>>,
  }
  export interface PgValuePoint {
    tag: 'point',
    val: Point,
  }
  export interface PgValuePointArray {
    tag: 'point-array',
    val: Array<Point>,
  }
  export interface PgValuePolygon {
    tag: 'polygon',
    val: Array<Point>,
  }
  export interface PgValuePolygonArray {
    tag: 'polygon-array',
    val: Array<Array<Point>>,
  }
  /**
   * Date-time
   */
  export interface PgValueDate {
    tag: 'date',
    val: Date,
  }
  export interface PgValueDateArray {
    tag: 'date-array',
    val: Array<Date>,
  }
  export interface PgValueInterval {
    tag: 'interval',
    val: Interval,
  }
  export interface PgValueIntervalArray {
    tag: 'interval-array',
    val: Array<Interval>,
  }
  export interface PgValueTime {
    tag: 'time',
    val: Time,
  }
  export interface PgValueTimeArray {
    tag: 'time-array',
    val: Array<Time>,
  }
  export interface PgValueTimeTz {
    tag: 'time-tz',
    val: TimeTz,
  }
  export interface PgValueTimeTzArray {
    tag: 'time-tz-array',
    val: Array<TimeTz>,
  }
  export interface PgValueTimestamp {
    tag: 'timestamp',
    val: Timestamp,
  }
  export interface PgValueTimestampArray {
    tag: 'timestamp-array',
    val: Array<Timestamp>,
  }
  export interface PgValueTimestampTz {
    tag: 'timestamp-tz',
    val: TimestampTz,
  }
  export interface PgValueTimestampTzArray {
    tag: 'timestamp-tz-array',
    val: Array<TimestampTz>,
  }
  /**
   * JSON
   */
  export interface PgValueJson {
    tag: 'json',
    val: string,
  }
  export interface PgValueJsonArray {
    tag: 'json-array',
    val: Array<string>,
  }
  export interface PgValueJsonb {
    tag: 'jsonb',
    val: string,
  }
  export interface PgValueJsonbArray {
    tag: 'jsonb-array',
    val: Array<string>,
  }
  /**
   * Money (use is discouraged)
   * 
   * fractional precision is determined by the database's `lc_monetary` setting.
   * 
   * NOTE: if you are storing currency amounts, consider
   * using integer (whole number) counts of smallest indivisible pieces of currency
   * (ex. cent amounts to represent United States Dollars; 100 cents = 1 USD)
   */
  export interface PgValueMoney {
    tag: 'money',
    val: Numeric,
  }
  export interface PgValueMoneyArray {
    tag: 'money-array',
    val: Array<Numeric>,
  }
  /**
   * Postgres-internal
   */
  export interface PgValuePgLsn {
    tag: 'pg-lsn',
    val: bigint,
  }
  export interface PgValuePgLsnArray {
    tag: 'pg-lsn-array',
    val: BigUint64Array,
  }
  /**
   * see: https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-PG-SNAPSHOT-PARTS
   */
  export interface PgValuePgSnapshot {
    tag: 'pg-snapshot',
    val: [Xmin, Xmax, XipList],
  }
  export interface PgValueTxidSnapshot {
    tag: 'txid-snapshot',
    val: bigint,
  }
  /**
   * Text
   */
  export interface PgValueName {
    tag: 'name',
    val: string,
  }
  export interface PgValueNameArray {
    tag: 'name-array',
    val: Array<string>,
  }
  export interface PgValueText {
    tag: 'text',
    val: string,
  }
  export interface PgValueTextArray {
    tag: 'text-array',
    val: Array<string>,
  }
  export interface PgValueXml {
    tag: 'xml',
    val: string,
  }
  export interface PgValueXmlArray {
    tag: 'xml-array',
    val: Array<string>,
  }
  /**
   * Full Text Search
   */
  export interface PgValueTsQuery {
    tag: 'ts-query',
    val: string,
  }
  export interface PgValueTsVector {
    tag: 'ts-vector',
    val: Array<Lexeme>,
  }
  /**
   * UUIDs
   */
  export interface PgValueUuid {
    tag: 'uuid',
    val: string,
  }
  export interface PgValueUuidArray {
    tag: 'uuid-array',
    val: Array<string>,
  }
  /**
   * Containers
   */
  export interface PgValueHstore {
    tag: 'hstore',
    val: Array<[string, string | undefined]>,
  }
  export interface ResultRowEntry {
    /**
     * Name of the result column
     */
    columnName: string,
    /**
     * Value of the result column
     */
    value: PgValue,
  }
  export type ResultRow = Array<ResultRowEntry>;
}
