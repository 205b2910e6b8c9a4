import { isAbsolute, join, relative, resolve } from 'node:path';

/**
 * Maps blob-store names to paths under the root and refuses any name that
 * could leave it or hide files: absolute paths, `..` or `.` segments, NUL,
 * backslashes and hidden (dot) files. Object names may contain `/`, which
 * makes subdirectories, as wasmCloud's blobstore-fs provider does.
 */
function checkName(name: string, what: 'container' | 'object'): void {
  if (name.length === 0) throw `invalid ${what} name: empty`;
  if (name.length > 1024) throw `invalid ${what} name: longer than 1024 characters`;
  if (name.includes('\0')) throw `invalid ${what} name: contains NUL`;
  if (name.includes('\\')) throw `invalid ${what} name "${name}": contains a backslash`;
  if (isAbsolute(name)) throw `invalid ${what} name "${name}": absolute paths are not allowed`;
  const segments = name.split('/');
  if (what === 'container' && segments.length > 1) throw `invalid container name "${name}": contains "/"`;
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw `invalid ${what} name "${name}": empty, "." or ".." path segment`;
    }
    if (segment.startsWith('.')) throw `invalid ${what} name "${name}": hidden (dot) files are not allowed`;
  }
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
