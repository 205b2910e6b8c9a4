/**
 * The one rule for blob-store bucket (container) and key (object) names,
 * shared by the worker's job schema (a bad name fails the task with a reason
 * before anything is read or written) and the local host's blobstore
 * provider (which maps names to files under its root and must never be led
 * out of it). Pure: no Node or WIT imports, so it runs in the component too.
 *
 * Keys may contain `/` (the filesystem provider makes subdirectories, as
 * wasmCloud's blobstore-fs does); buckets may not. Refused: empty names,
 * over-long names, control characters (NUL above all: C APIs cut the path
 * there), backslashes (a separator on Windows), absolute paths, empty, `.`
 * and `..` segments, and segments starting with `.` (hidden files, and the
 * provider's own `.partial` temporaries).
 */

export type BlobNameKind = 'bucket' | 'key';

export const MAX_BLOB_NAME_LENGTH: Record<BlobNameKind, number> = { bucket: 255, key: 1024 };

// C0 controls and DEL.
const CONTROL = /[\u0000-\u001f\u007f]/;
// "C:" or "C:\": absolute on Windows even without a leading slash.
const DRIVE = /^[A-Za-z]:/;

/** Why `name` is not an acceptable bucket or key name, or undefined when it is. */
export function blobNameProblem(name: string, kind: BlobNameKind): string | undefined {
  if (name.length === 0) return 'empty';
  if (name.length > MAX_BLOB_NAME_LENGTH[kind]) return `longer than ${MAX_BLOB_NAME_LENGTH[kind]} characters`;
  if (name.includes('\0')) return 'contains NUL';
  if (CONTROL.test(name)) return 'contains a control character';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || DRIVE.test(name)) return 'absolute paths are not allowed';
  const segments = name.split('/');
  if (kind === 'bucket' && segments.length > 1) return 'contains "/"';
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return 'empty, "." or ".." path segment';
    if (segment.startsWith('.')) return 'hidden (dot) files are not allowed';
  }
  return undefined;
}

/** The name for a message: quoted and escaped, and cut short so a huge name cannot flood a log. */
export function quoteBlobName(name: string): string {
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name);
}
