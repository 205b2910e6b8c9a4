import { isAbsolute, join, relative, resolve } from 'node:path';
import { blobNameProblem, quoteBlobName } from '../../shared/blob-names.js';

/**
 * Maps blob-store names to paths under the root and refuses any name that
 * could leave it or hide files (the rule is src/shared/blob-names.ts, the same
 * one the worker applies to a job). Object names may contain `/`, which makes
 * subdirectories, as wasmCloud's blobstore-fs provider does. Throws a string:
 * the WIT error payload the guest receives.
 */
function checkName(name: string, what: 'container' | 'object'): void {
  const problem = blobNameProblem(name, what === 'container' ? 'bucket' : 'key');
  if (problem) throw `invalid ${what} name ${quoteBlobName(name)}: ${problem}`;
}

export function containerPath(root: string, container: string): string {
  checkName(container, 'container');
  return join(root, container);
}

export function objectPath(root: string, container: string, object: string): string {
  checkName(object, 'object');
  const path = resolve(containerPath(root, container), object);
  // Belt and braces: the checks above already rule this out.
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) throw `object "${object}" is not contained by the blob store root`;
  return path;
}
