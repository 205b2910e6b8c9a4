import { randomUUID } from 'node:crypto';
import {
  existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, copyFileSync, renameSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { callExtension, inputStreamCreate, outputStreamCreate } from '@bytecodealliance/preview2-shim/io-worker';
import { containerPath, objectPath } from './blob-paths.js';

/**
 * `wasi:blobstore@0.2.0-draft` on the local filesystem, with the semantics of
 * wasmCloud's blobstore-fs provider: `<root>/<container>/<object>`, `/` in an
 * object name makes subdirectories, `get-data` reads [start, end).
 * Errors are thrown as strings: jco turns a thrown non-Error into the
 * interface's `error` (a string), whereas a thrown Error would trap the guest.
 */
const EXTENSION = new URL('./blobstore-extension.js', import.meta.url);

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (typeof error === 'string') throw error;
    throw (error as Error).message ?? String(error);
  }
}

export function createBlobstore(root: string) {
  const tempDir = join(root, '.partial');
  mkdirSync(tempDir, { recursive: true });

  class IncomingValue {
    constructor(private readonly path: string, private readonly start: number, private readonly end: number) {}
    static incomingValueConsumeSync(value: IncomingValue): Uint8Array {
      return guard(() => {
        const bytes = readFileSync(value.path);
        return new Uint8Array(bytes.buffer, bytes.byteOffset + value.start, Math.max(0, Math.min(bytes.length, value.end) - value.start));
      });
    }
    static incomingValueConsumeAsync(value: IncomingValue) {
      return inputStreamCreate(callExtension(EXTENSION, 'open-read', [value.path, value.start, value.end]) as number);
    }
    size(): bigint {
      return BigInt(this.end - this.start);
    }
  }

  class OutgoingValue {
    streamId: number | undefined;
    target: string | null = null;
    static newOutgoingValue(): OutgoingValue {
      return new OutgoingValue();
    }
    outgoingValueWriteBody() {
      if (this.streamId !== undefined) throw 'the body of this outgoing value was already taken';
      this.streamId = callExtension(EXTENSION, 'open-write', [join(tempDir, randomUUID())]) as number;
      return outputStreamCreate(this.streamId);
    }
    static finish(value: OutgoingValue): void {
      if (value.streamId === undefined) throw 'outgoing value has no body';
      callExtension(EXTENSION, 'finish-write', [value.streamId, value.target]);
    }
  }

  class StreamObjectNames {
    private offset = 0;
    constructor(private readonly names: string[]) {}
    readStreamObjectNames(len: bigint): [string[], boolean] {
      const out = this.names.slice(this.offset, this.offset + Number(len));
      this.offset += out.length;
      return [out, this.offset >= this.names.length];
    }
    skipStreamObjectNames(num: bigint): [bigint, boolean] {
      const skipped = Math.min(Number(num), this.names.length - this.offset);
      this.offset += skipped;
      return [BigInt(skipped), this.offset >= this.names.length];
    }
  }

  class Container {
    constructor(private readonly containerName: string) {}
    name(): string {
      return this.containerName;
    }
    info() {
      return guard(() => ({
        name: this.containerName,
        createdAt: BigInt(Math.floor(statSync(containerPath(root, this.containerName)).birthtimeMs / 1000)),
      }));
    }
    getData(name: string, start: bigint, end: bigint): IncomingValue {
      return guard(() => {
        if (end < start) throw `end offset ${end} is before start offset ${start}`;
        const path = objectPath(root, this.containerName, name);
        if (!existsSync(path) || !statSync(path).isFile()) throw `object "${name}" not found in container "${this.containerName}"`;
        return new IncomingValue(path, Number(start), Number(end));
      });
    }
    writeData(name: string, data: OutgoingValue): void {
      guard(() => {
        data.target = objectPath(root, this.containerName, name);
      });
    }
    listObjects(): StreamObjectNames {
      return guard(() => new StreamObjectNames(readdirSync(containerPath(root, this.containerName)).filter((n) => !n.startsWith('.'))));
    }
    deleteObject(name: string): void {
      guard(() => rmSync(objectPath(root, this.containerName, name), { force: true }));
    }
    deleteObjects(names: string[]): void {
      for (const name of names) this.deleteObject(name);
    }
    hasObject(name: string): boolean {
      return guard(() => existsSync(objectPath(root, this.containerName, name)));
    }
    objectInfo(name: string) {
      return guard(() => {
        const path = objectPath(root, this.containerName, name);
        if (!existsSync(path)) throw `object "${name}" not found in container "${this.containerName}"`;
        const stat = statSync(path);
        return {
          name,
          container: this.containerName,
          createdAt: BigInt(Math.floor(stat.birthtimeMs / 1000)),
          size: BigInt(stat.size),
        };
      });
    }
    clear(): void {
      guard(() => {
        const dir = containerPath(root, this.containerName);
        for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
      });
    }
  }

  const exists = (name: string) => guard(() => existsSync(containerPath(root, name)));
  const copy = (src: { container: string; object: string }, dest: { container: string; object: string }, move: boolean) =>
    guard(() => {
      if (!exists(dest.container)) throw `container "${dest.container}" does not exist`;
      const from = objectPath(root, src.container, src.object);
      const to = objectPath(root, dest.container, dest.object);
      mkdirSync(dirname(to), { recursive: true });
      if (move) renameSync(from, to);
      else copyFileSync(from, to);
    });

  return {
    'wasi:blobstore/types': { IncomingValue, OutgoingValue },
    'wasi:blobstore/container': { Container, StreamObjectNames },
    'wasi:blobstore/blobstore': {
      createContainer(name: string): Container {
        return guard(() => {
          mkdirSync(containerPath(root, name), { recursive: true });
          return new Container(name);
        });
      },
      getContainer(name: string): Container {
        if (!exists(name)) throw `container "${name}" does not exist`;
        return new Container(name);
      },
      deleteContainer(name: string): void {
        guard(() => rmSync(containerPath(root, name), { recursive: true, force: true }));
      },
      containerExists: exists,
      copyObject: (src: { container: string; object: string }, dest: { container: string; object: string }) => copy(src, dest, false),
      moveObject: (src: { container: string; object: string }, dest: { container: string; object: string }) => copy(src, dest, true),
    },
  };
}
