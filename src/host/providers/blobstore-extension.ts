import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { WorkerExtensionContext } from '@bytecodealliance/preview2-shim/io-worker';

/**
 * Runs in preview2-shim's I/O worker: turns files into `wasi:io` stream ids
 * that the component thread hands to the guest. Writes go to a temporary file
 * that `finish` renames into place, so a reader never sees half an object.
 */
interface PendingWrite {
  stream: WriteStream;
  tempPath: string;
  closed: Promise<void>;
}

export default function create(ctx: WorkerExtensionContext) {
  const writes = new Map<number, PendingWrite>();
  return async (operation: string, args: unknown[]): Promise<unknown> => {
    switch (operation) {
      case 'open-write': {
        const [tempPath] = args as [string];
        mkdirSync(dirname(tempPath), { recursive: true });
        // A 1 MiB high-water mark lets the guest write large chunks per call.
        const stream = createWriteStream(tempPath, { highWaterMark: 1 << 20 });
        const closed = new Promise<void>((resolve, reject) => {
          stream.once('close', resolve);
          stream.once('error', reject);
        });
        closed.catch(() => {}); // observed in finish
        const id = ctx.createWritableStream(stream);
        writes.set(id, { stream, tempPath, closed });
        return id;
      }
      case 'finish-write': {
        const [id, finalPath] = args as [number, string | null];
        const write = writes.get(id);
        if (!write) throw `unknown outgoing value`;
        writes.delete(id);
        if (!write.stream.writableEnded) write.stream.end();
        try {
          await write.closed;
        } catch (error) {
          rmSync(write.tempPath, { force: true });
          throw `writing the object failed: ${(error as Error).message}`;
        }
        if (finalPath === null) {
          rmSync(write.tempPath, { force: true });
          throw 'outgoing value finished before write-data named its object';
        }
        mkdirSync(dirname(finalPath), { recursive: true });
        renameSync(write.tempPath, finalPath);
        return null;
      }
      case 'open-read': {
        const [path, start, end] = args as [string, number, number];
        return ctx.createReadableStream(createReadStream(path, { start, end: Math.max(start, end - 1) }));
      }
      default:
        throw new Error(`unknown blobstore operation ${operation}`);
    }
  };
}
