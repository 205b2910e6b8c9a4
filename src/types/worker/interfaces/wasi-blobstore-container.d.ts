/// <reference path="./wasi-blobstore-types.d.ts" />
/// <reference path="./wasi-io-streams.d.ts" />
declare module 'wasi:blobstore/container@0.2.0-draft' {
  export type InputStream = import('wasi:io/streams@0.2.1').InputStream;
  export type OutputStream = import('wasi:io/streams@0.2.1').OutputStream;
  export type ContainerMetadata = import('wasi:blobstore/types@0.2.0-draft').ContainerMetadata;
  export type Error = import('wasi:blobstore/types@0.2.0-draft').Error;
  export type IncomingValue = import('wasi:blobstore/types@0.2.0-draft').IncomingValue;
  export type ObjectMetadata = import('wasi:blobstore/types@0.2.0-draft').ObjectMetadata;
  export type ObjectName = import('wasi:blobstore/types@0.2.0-draft').ObjectName;
  export type OutgoingValue = import('wasi:blobstore/types@0.2.0-draft').OutgoingValue;
  
  export class Container implements Disposable {
    /**
     * This type does not have a public constructor.
     */
    private constructor();
    /**
    * returns container name
    */
    name(): string;
    /**
    * returns container metadata
    */
    info(): ContainerMetadata;
    /**
    * retrieves an object or portion of an object, as a resource.
    * Start and end offsets are inclusive.
    * Once a data-blob resource has been created, the underlying bytes are held by the blobstore service for the lifetime
    * of the data-blob resource, even if the object they came from is later deleted.
    */
    getData(name: ObjectName, start: bigint, end: bigint): IncomingValue;
    /**
    * creates or replaces an object with the data blob.
    */
    writeData(name: ObjectName, data: OutgoingValue): void;
    /**
    * returns list of objects in the container. Order is undefined.
    */
    listObjects(): StreamObjectNames;
    /**
    * deletes object.
    * does not return error if object did not exist.
    */
    deleteObject(name: ObjectName): void;
    /**
    * deletes multiple objects in the container
    */
    deleteObjects(names: Array<ObjectName>): void;
    /**
    * returns true if the object exists in this container
    */
    hasObject(name: ObjectName): boolean;
    /**
    * returns metadata for the object
    */
    objectInfo(name: ObjectName): ObjectMetadata;
    /**
    * removes all objects within the container, leaving the container empty.
    */
    clear(): void;
    [Symbol.dispose](): void;
  }
  
  export class StreamObjectNames implements Disposable {
    /**
     * This type does not have a public constructor.
     */
    private constructor();
    /**
    * reads the next number of objects from the stream
    * 
    * This function returns the list of objects read, and a boolean indicating if the end of the stream was reached.
    */
    readStreamObjectNames(len: bigint): [Array<ObjectName>, boolean];
    /**
    * skip the next number of objects in the stream
    * 
    * This function returns the number of objects skipped, and a boolean indicating if the end of the stream was reached.
    */
    skipStreamObjectNames(num: bigint): [bigint, boolean];
    [Symbol.dispose](): void;
  }
}
