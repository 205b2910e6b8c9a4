import { describe, expect, it } from 'vitest';
import { containerPath, objectPath } from '../../src/host/providers/blob-paths.js';
import { blobNameProblem, MAX_BLOB_NAME_LENGTH } from '../../src/shared/blob-names.js';

// Each bad name with the problem the shared rule must report for it.
const BAD_KEYS: [string, RegExp][] = [
  ['', /empty/], ['../x', /"\.\."/], ['a/../../x', /"\.\."/], ['..', /"\.\."/], ['./x', /"\."/], ['a/./b', /"\."/],
  ['/etc/passwd', /absolute/], ['C:/Windows/win.ini', /absolute/], ['c:x', /absolute/],
  ['a\0b', /NUL/], ['a\nb', /control/], ['a\u007fb', /control/], ['\u001b[31m', /control/],
  ['.hidden', /hidden/], ['a/.git/config', /hidden/], ['x/.partial-123', /hidden/],
  ['a//b', /empty/], ['a/', /empty/], ['a\\..\\b', /backslash/], ['x'.repeat(MAX_BLOB_NAME_LENGTH.key + 1), /longer than 1024/],
];
const BAD_BUCKETS: [string, RegExp][] = [
  ['..', /"\.\."/], ['.', /"\."/], ['a/b', /contains "\/"/], ['.partial', /hidden/], ['', /empty/], ['/tmp', /absolute/],
  ['b\0', /NUL/], ['x'.repeat(MAX_BLOB_NAME_LENGTH.bucket + 1), /longer than 255/],
];

describe('blob names (src/shared/blob-names.ts)', () => {
  it('accepts ordinary names, with / in keys only', () => {
    for (const key of ['k', 'photo.jpg', 'a/b/c.png', 'with space.jpg', 'ünïcödé.jpg', 'a..b', 'x'.repeat(1024)]) {
      expect(blobNameProblem(key, 'key'), key).toBeUndefined();
    }
    for (const bucket of ['output', 'my-bucket_1', 'a.b']) expect(blobNameProblem(bucket, 'bucket'), bucket).toBeUndefined();
  });

  it('names the problem with each bad key and bucket', () => {
    for (const [key, problem] of BAD_KEYS) expect(blobNameProblem(key, 'key'), JSON.stringify(key)).toMatch(problem);
    for (const [bucket, problem] of BAD_BUCKETS) expect(blobNameProblem(bucket, 'bucket'), JSON.stringify(bucket)).toMatch(problem);
  });
});

describe('blob store paths', () => {
  it('maps names under the root, with / making subdirectories', () => {
    expect(objectPath('/root', 'bucket', 'a/b.jpg')).toBe('/root/bucket/a/b.jpg');
    expect(containerPath('/root', 'bucket')).toBe('/root/bucket');
  });

  it('refuses anything that could leave the root or hide files', () => {
    for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a\0b', '.hidden', 'a/.git/config', 'a//b', 'a\\..\\b', '']) {
      expect(() => objectPath('/root', 'bucket', key), key).toThrow();
    }
    for (const bucket of ['..', '.', 'a/b', '.partial', '']) {
      expect(() => containerPath('/root', bucket), bucket).toThrow();
    }
  });

  it('applies the shared rule to every name, with the reason as the WIT error string', () => {
    for (const [key, problem] of BAD_KEYS) {
      expect(() => objectPath('/root', 'bucket', key), JSON.stringify(key)).toThrow(problem);
      expect(() => objectPath('/root', 'bucket', key)).toThrow(/^invalid object name /);
    }
    for (const [bucket, problem] of BAD_BUCKETS) {
      expect(() => containerPath('/root', bucket), JSON.stringify(bucket)).toThrow(problem);
      expect(() => objectPath('/root', bucket, 'k')).toThrow(/^invalid container name /);
    }
  });

  it('does not echo a huge name into the error', () => {
    try {
      objectPath('/root', 'bucket', `${'y'.repeat(5000)}\0`);
      expect.unreachable();
    } catch (error) {
      expect(String(error).length).toBeLessThan(200);
    }
  });
});
