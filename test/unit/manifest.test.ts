import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLink, loadManifest } from '../../src/host/manifest.js';
import { ROOT } from '../helpers.js';

describe('local.wadm.yaml', () => {
  const plan = loadManifest(join(ROOT, 'local.wadm.yaml'));

  it('wires the worker and the task manager as the upstream manifests do, plus the Postgres link', () => {
    expect(plan.components.map((c) => [c.name, c.wasmPath])).toEqual([
      ['image-processor', join(ROOT, 'build/image_processor_s.wasm')],
      ['task-manager', join(ROOT, 'build/task_manager_s.wasm')],
    ]);
    expect(findLink(plan, 'wasmcloud:task-manager/tasks')).toMatchObject({ source: 'image-processor', target: 'task-manager' });
    expect(findLink(plan, 'wasi:http/incoming-handler')).toMatchObject({ source: 'http-server', target: 'task-manager', sourceConfig: { address: '0.0.0.0:8000' } });
    expect(findLink(plan, 'wasmcloud:messaging/handler')?.sourceConfig.subscriptions).toBe('images.processing|image-processors');
    expect(findLink(plan, 'wasi:blobstore/blobstore')?.targetConfig.root).toBeTruthy();
    expect(findLink(plan, 'wasmcloud:postgres/query')).toMatchObject({ source: 'task-manager', externalConfig: ['default-postgres'] });
  });

  it('declares no link twice (wadm rejects duplicate name/namespace/package/interface per component)', () => {
    const keys = plan.links.map((l) => `${l.source} ${l.name} ${l.interface}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
