import { describe, expect, it } from 'vitest';
import { containerPath, objectPath } from '../../src/host/providers/blob-paths.js';

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
});
