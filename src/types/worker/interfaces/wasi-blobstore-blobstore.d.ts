/// <reference path="./wasi-blobstore-container.d.ts" />
/// <reference path="./wasi-blobstore-types.d.ts" />
declare module 'wasi:blobstore/blobstore@0.2.0-draft' {
  /**
   * creates a new empty container
   */
  export function createContainer(name: ContainerName): Container;
  /**
   * retrieves a container by name
   */
  export function getContainer(name: ContainerName): Container;
  /**
   * deletes a container and all objects within it
   */
  export function deleteContainer(name: ContainerName): void;
  /**
   * returns true if the container exists
   */
  export function containerExists(name: ContainerName): boolean;
  /**
   * copies (duplicates) an object, to the same or a different container.
   * returns an error if the target container does not exist.
   * overwrites destination object if it already existed.
   */
  export function copyObject(src: ObjectId, dest: ObjectId): void;
  /**
   * moves or renames an object, to the same or a different container
   * returns an error if the destination container does not exist.
   * overwrites destination object if it already existed.
   */
  export function moveObject(src: ObjectId, dest: ObjectId): void;
  export type Container = import('wasi:blobstore/container@0.2.0-draft').Container;
  export type Error = import('wasi:blobstore/types@0.2.0-draft').Error;
  export type ContainerName = import('wasi:blobstore/types@0.2.0-draft').ContainerName;
  export type ObjectId = import('wasi:blobstore/types@0.2.0-draft').ObjectId;
}
