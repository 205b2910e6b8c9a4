/// <reference path="./wasi-io-streams.d.ts" />
declare module 'wasi:blobstore/types@0.2.0-draft' {
  export type InputStream = import('wasi:io/streams@0.2.1').InputStream;
  export type OutputStream = import('wasi:io/streams@0.2.1').OutputStream;
  /**
   * name of a container, a collection of objects.
   * The container name may be any valid UTF-8 string.
   */
  export type ContainerName = string;
  /**
   * name of an object within a container
   * The object name may be any valid UTF-8 string.
   */
  export type ObjectName = string;
  /**
   * TODO: define timestamp to include seconds since
   * Unix epoch and nanoseconds
   * https://github.com/WebAssembly/wasi-blob-store/issues/7
   */
  export type Timestamp = bigint;
  /**
   * size of an object, in bytes
   */
  export type ObjectSize = bigint;
  export type Error = string;
  /**
   * information about a container
   */
  export interface ContainerMetadata {
    /**
     * the container's name
     */
    name: ContainerName,
    /**
     * date and time container was created
     */
    createdAt: Timestamp,
  }
  /**
   * information about an object
   */
  export interface ObjectMetadata {
    /**
     * the object's name
     */
    name: ObjectName,
    /**
     * the object's parent container
     */
    container: ContainerName,
    /**
     * date and time the object was created
     */
    createdAt: Timestamp,
    /**
     * size of the object, in bytes
     */
    size: ObjectSize,
  }
  /**
   * identifier for an object that includes its container name
   */
  export interface ObjectId {
    container: ContainerName,
    object: ObjectName,
  }
  export type IncomingValueAsyncBody = InputStream;
  export type IncomingValueSyncBody = Uint8Array;
  
  export class IncomingValue implements Disposable {
    /**
     * This type does not have a public constructor.
     */
    private constructor();
    static incomingValueConsumeSync(this_: IncomingValue): IncomingValueSyncBody;
    static incomingValueConsumeAsync(this_: IncomingValue): IncomingValueAsyncBody;
    size(): bigint;
    [Symbol.dispose](): void;
  }
  
  export class OutgoingValue implements Disposable {
    /**
     * This type does not have a public constructor.
     */
    private constructor();
    static newOutgoingValue(): OutgoingValue;
    /**
    * Returns a stream for writing the value contents.
    * 
    * The returned `output-stream` is a child resource: it must be dropped
    * before the parent `outgoing-value` resource is dropped (or finished),
    * otherwise the `outgoing-value` drop or `finish` will trap.
    * 
    * Returns success on the first call: the `output-stream` resource for
    * this `outgoing-value` may be retrieved at most once. Subsequent calls
    * will return error.
    */
    outgoingValueWriteBody(): OutputStream;
    /**
    * Finalize an outgoing value. This must be
    * called to signal that the outgoing value is complete. If the `outgoing-value`
    * is dropped without calling `outgoing-value.finalize`, the implementation
    * should treat the value as corrupted.
    */
    static finish(this_: OutgoingValue): void;
    [Symbol.dispose](): void;
  }
}
