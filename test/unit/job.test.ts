import { describe, expect, it } from 'vitest';
import { parseJobMessage, parseRequest } from '../../src/worker/job.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('job message', () => {
  it('reads task_id, and job_id as the upstream README alias', () => {
    expect(parseJobMessage(bytes('{"task_id":"a"}'))).toEqual({ taskId: 'a' });
    expect(parseJobMessage(bytes('{"job_id":"b","extra":1}'))).toEqual({ taskId: 'b' });
  });

  it('names what is wrong', () => {
    expect(() => parseJobMessage(bytes('nope'))).toThrow(/not JSON/);
    expect(() => parseJobMessage(bytes('{}'))).toThrow(/needs "task_id"/);
    expect(() => parseJobMessage(bytes('{"task_id":7}'))).toThrow(/task_id/);
  });
});

describe('image processing request (upstream ImageProcessingRequest)', () => {
  const base = { destination: { type: 'blobstore', path: { bucket: 'o', key: 'k' } }, operations: [] };

  it('accepts every upstream source and operation', () => {
    for (const source of [
      { type: 'default-image' },
      { type: 'blobstore', path: { bucket: 'b', key: 'k' } },
      { type: 'remote-https', url: 'https://example.com/a.jpg?x=1' },
    ]) {
      expect(parseRequest(JSON.stringify({ ...base, source })).source).toEqual(source);
    }
    const ops = [{ type: 'no-op' }, { type: 'grayscale' }, { type: 'resize', height_px: 10, width_px: 20 }];
    expect(parseRequest(JSON.stringify({ ...base, source: { type: 'default-image' }, operations: ops, image_format: 'image/png' })).operations).toMatchObject(ops);
  });

  it('reports the path of an invalid field', () => {
    const bad = (patch: object) => () => parseRequest(JSON.stringify({ ...base, source: { type: 'default-image' }, ...patch }));
    expect(bad({ operations: [{ type: 'sepia' }] })).toThrow(/operations\.0\.type/);
    expect(bad({ operations: [{ type: 'resize' }] })).toThrow(/resize needs width_px, height_px or both/);
    expect(bad({ destination: { type: 'attached' } })).toThrow(/destination\.type/);
    expect(bad({ operations: undefined })).toThrow(/operations/);
    expect(() => parseRequest('{')).toThrow(/not JSON/);
  });

  it('refuses blob names that could leave the store root or hide files, naming the field', () => {
    const withPaths = (source: object, destination: object) =>
      () => parseRequest(JSON.stringify({ ...base, source: { type: 'blobstore', path: source }, destination: { type: 'blobstore', path: destination } }));
    const ok = { bucket: 'b', key: 'k' };
    expect(withPaths({ bucket: 'b', key: '../../etc/passwd' }, ok)).toThrow(/source\.path\.key: invalid key name "\.\.\/\.\.\/etc\/passwd": empty, "\." or "\.\." path segment/);
    expect(withPaths(ok, { bucket: 'out', key: '/abs.jpg' })).toThrow(/destination\.path\.key: .*absolute/);
    expect(withPaths(ok, { bucket: 'out', key: 'a\u0000.jpg' })).toThrow(/destination\.path\.key: invalid key name "a\\u0000\.jpg": contains NUL/);
    expect(withPaths(ok, { bucket: 'out', key: 'dir/.env' })).toThrow(/destination\.path\.key: .*hidden/);
    expect(withPaths({ bucket: '..', key: 'k' }, ok)).toThrow(/source\.path\.bucket: invalid bucket name/);
    expect(withPaths(ok, { bucket: 'a/b', key: 'k' })).toThrow(/destination\.path\.bucket: .*contains "\/"/);
    expect(withPaths(ok, { bucket: '', key: 'k' })).toThrow(/destination\.path\.bucket: .*empty/);
    expect(withPaths({ bucket: 'in', key: 'a/b.jpg' }, { bucket: 'out', key: 'c/d.png' })()).toMatchObject({ destination: { path: { key: 'c/d.png' } } });
  });
});
