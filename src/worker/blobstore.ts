import {
  containerExists, createContainer, getContainer,
} from 'wasi:blobstore/blobstore@0.2.0-draft';
import { IncomingValue, OutgoingValue } from 'wasi:blobstore/types@0.2.0-draft';
import { errorText, TransientError } from './errors.js';

/**
 * One call to the blob store. Any error it raises is the store's (provider
 * unavailable, I/O failure): transient, a retry may succeed. Names are
 * validated by the job schema before any call, and a missing container or
 * object is detected by the callers below and reported as permanent.
 */
function storeCall<T>(what: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw new TransientError(`blob store: ${what} failed: ${errorText(error)}`, { cause: error });
  }
}

/** Reads a whole object. A missing container or object is reported (permanent), never created. */
export function readObject(bucket: string, key: string): Uint8Array {
  if (!storeCall(`checking container "${bucket}"`, () => containerExists(bucket))) {
    throw new Error(`blob store container "${bucket}" does not exist`);
  }
  const container = storeCall(`opening container "${bucket}"`, () => getContainer(bucket));
  if (!storeCall(`checking ${bucket}/${key}`, () => container.hasObject(key))) {
    throw new Error(`object "${key}" not found in container "${bucket}"`);
  }
  return storeCall(`reading ${bucket}/${key}`, () => {
    const { size } = container.objectInfo(key);
    if (size === 0n) return new Uint8Array(0);
    // The end offset is exclusive in wasmCloud's providers, despite the WIT comment.
    const value = container.getData(key, 0n, size);
    return IncomingValue.incomingValueConsumeSync(value);
  });
}

/** Writes a whole object, creating the container when it does not exist yet. Every failure is transient. */
export function writeObject(bucket: string, key: string, bytes: Uint8Array): void {
  storeCall(`writing ${bucket}/${key}`, () => {
    const container = containerExists(bucket) ? getContainer(bucket) : createContainer(bucket);
    const value = valueOf(bytes);
    container.writeData(key, value);
    OutgoingValue.finish(value);
  });
}

/** An outgoing value holding `bytes`, ready to be named by write-data. */
function valueOf(bytes: Uint8Array): OutgoingValue {
  const value = OutgoingValue.newOutgoingValue();
  const stream = value.outgoingValueWriteBody();
  try {
    let offset = 0;
    while (offset < bytes.length) {
      // WASI guarantees 4096 bytes per blocking write; take more when the stream permits it.
      const permitted = Number(stream.checkWrite());
      const size = Math.min(bytes.length - offset, Math.max(4096, permitted));
      stream.blockingWriteAndFlush(bytes.subarray(offset, offset + size));
      offset += size;
    }
  } finally {
    // The stream is a child resource: it must be dropped before the value is finished.
    stream[Symbol.dispose]();
  }
  return value;
}

/**
 * The write path without a write: a value is filled, then finished before
 * any write-data names it, which discards it (the local host removes its
 * temporary file and reports an error, expected here). For the local host's
 * warm-up, which sends it before any job (see warm-up.ts): a first real write
 * otherwise pays for starting the store's stream machinery.
 */
export function rehearseWrite(): void {
  try {
    OutgoingValue.finish(valueOf(new Uint8Array(1)));
  } catch {
    // Expected: nothing named the value.
  }
}
