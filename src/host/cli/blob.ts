import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { HostOptions } from '../host.js';
import { blobStoreRoot, loadManifest } from '../manifest.js';
import { objectPath } from '../providers/blob-paths.js';

/**
 * The local host's blob store as files (`<root>/<bucket>/<key>`, the
 * blobstore-fs layout), for commands that run beside the host: `--blob-root`
 * or BLOBSTORE_ROOT, else the manifest's blobstore link `root`, as the host
 * resolves it.
 */
export function localBlobRoot(options: HostOptions): string {
  if (options.blobRoot) return resolve(options.blobRoot);
  try {
    return blobStoreRoot(loadManifest(options.manifestPath), options.dataDir);
  } catch (error) {
    throw new Error(`cannot tell where the host keeps its blob store (${(error as Error).message}); give --blob-root or set BLOBSTORE_ROOT`);
  }
}

export interface BlobPath {
  bucket: string;
  key: string;
}

export function blobFile(root: string, { bucket, key }: BlobPath): string {
  try {
    return objectPath(root, bucket, key);
  } catch (error) {
    throw new Error(String(error));
  }
}

/** A key for a user's file: the prefix, then its name with anything unusual replaced. */
export function inputKey(prefix: string, file: string): string {
  return `${prefix}-${basename(file).replace(/[^\w.-]/g, '_')}`;
}

export function putBlob(root: string, path: BlobPath, bytes: Uint8Array): void {
  const file = blobFile(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

export function copyBlobTo(root: string, path: BlobPath, target: string): void {
  mkdirSync(dirname(resolve(target)), { recursive: true });
  copyFileSync(blobFile(root, path), target);
}
