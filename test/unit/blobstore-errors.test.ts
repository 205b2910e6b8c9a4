import { beforeEach, describe, expect, it, vi } from 'vitest';

// The worker's blob store module against a scripted store: which failures are transient.
const store = vi.hoisted(() => ({
  containerExists: (_: string): boolean => true,
  hasObject: (_: string): boolean => true,
  getData: (): unknown => new Uint8Array([1, 2, 3]),
  writeData: (): void => {},
}));

vi.mock('wasi:blobstore/blobstore@0.2.0-draft', () => {
  const container = {
    hasObject: (key: string) => store.hasObject(key),
    objectInfo: () => ({ size: 3n }),
    getData: () => store.getData(),
    writeData: () => store.writeData(),
  };
  return {
    containerExists: (bucket: string) => store.containerExists(bucket),
    getContainer: () => container,
    createContainer: () => container,
  };
});
vi.mock('wasi:blobstore/types@0.2.0-draft', () => ({
  IncomingValue: { incomingValueConsumeSync: (value: Uint8Array) => value },
  OutgoingValue: {
    newOutgoingValue: () => ({
      outgoingValueWriteBody: () => ({ checkWrite: () => 4096n, blockingWriteAndFlush: () => {}, [Symbol.dispose]: () => {} }),
    }),
    finish: () => {},
  },
}));

const { readObject, writeObject } = await import('../../src/worker/blobstore.js');
const { TransientError } = await import('../../src/worker/errors.js');

const fail = (payload: unknown) => () => { throw { payload }; };

describe('worker blob store errors', () => {
  beforeEach(() => {
    store.containerExists = () => true;
    store.hasObject = () => true;
    store.getData = () => new Uint8Array([1, 2, 3]);
    store.writeData = () => {};
  });

  it('reads an object', () => {
    expect([...readObject('b', 'k')]).toEqual([1, 2, 3]);
  });

  it('a missing container or object is permanent', () => {
    store.hasObject = () => false;
    expect(() => readObject('b', 'k')).toThrow(/object "k" not found in container "b"/);
    expect(() => readObject('b', 'k')).not.toThrow(TransientError);
    store.containerExists = () => false;
    expect(() => readObject('b', 'k')).toThrow(/container "b" does not exist/);
    expect(() => readObject('b', 'k')).not.toThrow(TransientError);
  });

  it('the store failing (unavailable, I/O) is transient, with its reason', () => {
    store.containerExists = fail('provider unavailable');
    expect(() => readObject('b', 'k')).toThrow(TransientError);
    expect(() => readObject('b', 'k')).toThrow(/blob store: checking container "b" failed: provider unavailable/);
    store.containerExists = () => true;
    store.getData = fail('EIO: i/o error');
    expect(() => readObject('b', 'k')).toThrow(TransientError);
    store.writeData = fail('ENOSPC: no space left on device');
    expect(() => writeObject('b', 'k', new Uint8Array(10))).toThrow(TransientError);
    expect(() => writeObject('b', 'k', new Uint8Array(10))).toThrow(/writing b\/k failed: ENOSPC/);
  });
});
