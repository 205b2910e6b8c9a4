import { componentWit } from '@bytecodealliance/jco';
import { Ajv } from 'ajv';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE, ROOT } from '../helpers.js';
import { components } from '../wadm/manifest-model.js';
import { PROVIDERS, checkProviders, washConfigPuts } from '../wadm/providers.js';
import { RULES, checkRules } from '../wadm/rules.js';
import { type World, buildForImage, checkLinksAgainstWorlds, parseWasmcloudToml, parseWorld } from '../wadm/wit.js';

// Manifests are plain YAML data (`any`), mutated freely in the bad-manifest cases below.

const readText = (path: string) => readFileSync(path, 'utf8');
const MANIFESTS = ['wadm.yaml', 'local.wadm.yaml'];
const manifest = (file: string): any => parse(readText(join(ROOT, file)));
/** Configs the README has users create with `wash config put` (referenced by name in the manifests). */
const EXTERNAL_CONFIG = washConfigPuts(readText(join(ROOT, 'README.md')));
const BUILDS = ['wasmcloud.toml', 'wasmcloud.task-manager.toml'].map((f) => parseWasmcloudToml(readText(join(ROOT, f))));

const schema = JSON.parse(readText(join(REFERENCE, 'wadm', 'oam.schema.json')));
// Ajv's default class is draft-07, the schema's dialect; `uint` is a schemars format ajv does not know.
const ajv = new Ajv({ allErrors: true });
ajv.addFormat('uint', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 });
const validateSchema = ajv.compile(schema);

describe.each(MANIFESTS)('%s', (file) => {
  const m = manifest(file);

  it('validates against the wadm OAM schema', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    validateSchema(m);
    expect(ajv.errorsText(validateSchema.errors)).toBe('No errors');
  });

  it('breaks no wadm rule (V10 "unrecognized interface" warnings are only reported)', () => {
    const findings = checkRules(m);
    for (const w of findings.filter((f) => f.level === 'warning')) console.warn(`${file}: ${w.rule} warning at ${w.at}: ${w.message}`);
    expect(findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(findings.map((f) => f.message).sort()).toEqual(['unrecognized interface wasmcloud:postgres/query', 'unrecognized interface wasmcloud:task-manager/tasks']);
  });

  it('links providers the way they work, with the config keys they read', () => {
    expect(checkProviders(m, EXTERNAL_CONFIG)).toEqual([]);
  });

  it('gives every component a scaler (wadm never starts a component without one)', () => {
    for (const c of components(m).filter((c) => c.type === 'component')) {
      expect(c.traits.some((t) => t.type === 'spreadscaler' || t.type === 'daemonscaler'), String(c.name)).toBe(true);
    }
  });

  it('names a build of this repository for every component image', () => {
    for (const c of components(m).filter((c) => c.type === 'component')) {
      expect(buildForImage(String(c.properties.image), BUILDS), String(c.properties.image)).toBeDefined();
    }
  });
});

describe("links against the built components' WIT", () => {
  const worldByArtifact = new Map<string, World>();

  beforeAll(async () => {
    // `npm test` builds first; a lone run of this file builds when the components are missing.
    if (BUILDS.some((b) => !existsSync(join(ROOT, b.build_artifact)))) {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    }
    for (const b of BUILDS) worldByArtifact.set(b.build_artifact, parseWorld(await componentWit(readFileSync(join(ROOT, b.build_artifact)))));
  });

  it.each(MANIFESTS)('%s: each link source imports the interface and each target component exports it', (file) => {
    const m = manifest(file);
    const worlds: Record<string, World> = {};
    for (const c of components(m).filter((c) => c.type === 'component')) {
      const world = worldByArtifact.get(buildForImage(String(c.properties.image), BUILDS)?.build_artifact ?? '');
      if (world) worlds[String(c.name)] = world;
    }
    expect(checkLinksAgainstWorlds(m, worlds)).toEqual([]);
  });

  it('reads the worlds of the built components', () => {
    const worker = worldByArtifact.get('build/image_processor.wasm')!;
    expect(worker.imports.get('wasmcloud:task-manager/tasks')).toBe('0.1.0-draft');
    expect([...worker.exports.keys()]).toEqual(['wasmcloud:messaging/handler']);
    expect([...worldByArtifact.get('build/task_manager.wasm')!.exports.keys()].sort()).toEqual(['wasi:http/incoming-handler', 'wasmcloud:messaging/handler', 'wasmcloud:task-manager/tasks']);
  });
});

describe('the two manifests', () => {
  it('describe the same application apart from images and the version annotation', () => {
    const comparable = (file: string) => {
      const m = manifest(file);
      delete m.metadata.annotations.version;
      delete m.metadata.annotations.description;
      for (const c of m.spec.components) if (c.type === 'component') delete c.properties.image;
      return m;
    };
    expect(comparable('local.wadm.yaml')).toEqual(comparable('wadm.yaml'));
  });
});

// ---- the checks themselves fail on small bad manifests ----

/** A small valid manifest: a component linked to blobstore-fs with an inline target config. */
const good = (): any => ({
  apiVersion: 'core.oam.dev/v1beta1',
  kind: 'Application',
  metadata: { name: 'app', annotations: { version: 'v0.1.0' } },
  spec: {
    components: [
      {
        name: 'worker',
        type: 'component',
        properties: { image: 'file://./build/image_processor_s.wasm' },
        traits: [
          { type: 'spreadscaler', properties: { instances: 1 } },
          {
            type: 'link',
            properties: {
              target: { name: 'store', config: [{ name: 'store-root', properties: { root: '/tmp/x' } }] },
              namespace: 'wasi',
              package: 'blobstore',
              interfaces: ['blobstore'],
            },
          },
        ],
      },
      { name: 'store', type: 'capability', properties: { image: 'ghcr.io/wasmcloud/blobstore-fs:0.11.1' } },
    ],
  },
});
const worker = (m: any) => m.spec.components[0];
const link = (m: any) => worker(m).traits[1].properties;
const bad = (change: (m: any) => void) => {
  const m = good();
  change(m);
  return m;
};

describe('wadm rule checks', () => {
  it('pass the small good manifest', () => {
    expect(checkRules(good())).toEqual([]);
    expect(validateSchema(good())).toBe(true);
  });

  it.each<[string, (m: any) => void]>([
    ['P1', (m) => (worker(m).properties.imgae = 'x')],
    ['P1', (m) => (worker(m).traits[0].properties.spread = [{ name: 'a', requirements: {}, wieght: 1 }])],
    ['P1', (m) => (link(m).target.config[0].value = 'x')],
    ['P2', (m) => delete m.metadata.annotations],
    ['P6', (m) => (link(m).target.config[0].properties.root = 5432)],
    ['P6', (m) => (worker(m).properties.config = [{ name: 'settings', properties: { lease_seconds: 30 } }])],
    ['V1', (m) => (m.metadata.name = 'image.processor')],
    ['V2', (m) => (m.metadata.annotations.version = 'latest')],
    ['V3', (m) => (m.metadata.annotations['-version'] = 'x')],
    ['V3', (m) => (m.metadata.labels = { 'bad_prefix.io/x': 'y' })],
    ['V4a', (m) => (m.spec.components[1].name = 'worker')],
    ['V4b', (m) => m.spec.components.forEach((c: any) => (c.properties.id = 'same'))],
    ['V4c', (m) => (link(m).target.name = 'nowhere')],
    ['V5', (m) => (link(m).interface = link(m).interfaces) && delete link(m).interfaces],
    ['V5', (m) => (worker(m).traits[0].properties = { instance: 1 })],
    ['V6', (m) => delete worker(m).properties.image],
    ['V7', (m) => worker(m).traits.push({ type: 'link', properties: { ...link(m), target: { name: 'store' } } })],
    ['V8', (m) => (link(m).source = { config: [{ name: 'store-root', properties: { a: 'b' } }] })],
    ['V9', (m) => (worker(m).properties.secrets = [{ name: 's', properties: { policy: 'vault', key: 'k' } }])],
  ])('%s fails a manifest that breaks it (case %#)', (rule, change) => {
    const findings = RULES[rule](bad(change));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.rule === rule && f.level === 'error')).toBe(true);
  });

  it('V7 allows the same interface twice under different link names', () => {
    const m = bad((m) => worker(m).traits.push({ type: 'link', properties: { ...link(m), name: 'second', target: { name: 'store' } } }));
    expect(RULES.V7(m)).toEqual([]);
  });

  it('V9 passes a secret whose policy is a secret backend', () => {
    const m = bad((m) => {
      worker(m).properties.secrets = [{ name: 's', properties: { policy: 'vault', key: 'k' } }];
      m.spec.policies = [{ name: 'vault', type: 'policy.secret.wasmcloud.dev/v1alpha1', properties: { backend: 'nats-kv' } }];
    });
    expect(RULES.V9(m)).toEqual([]);
  });

  it('V10 warns, without an error, on an interface wadm does not know in a namespace it knows', () => {
    const m = bad((m) => Object.assign(link(m), { namespace: 'wasmcloud', package: 'postgres', interfaces: ['query'] }));
    expect(RULES.V10(m)).toEqual([expect.objectContaining({ rule: 'V10', level: 'warning', message: 'unrecognized interface wasmcloud:postgres/query' })]);
    expect(RULES.V10(bad((m) => (link(m).namespace = 'acme')))).toEqual([]);
  });

  it('the schema rejects an unknown top-level key and an unquoted component config number', () => {
    expect(validateSchema(bad((m) => (m.extra = 1)))).toBe(false);
    expect(validateSchema(bad((m) => (worker(m).properties.config = [{ name: 'c', properties: { port: 5432 } }])))).toBe(false);
    // In a link the schema lets anything through (a trait's properties may be any "custom" blob): P6 and V5 catch it.
    expect(validateSchema(bad((m) => (link(m).target.config[0].properties.root = 5432)))).toBe(true);
  });
});

describe('provider checks', () => {
  /** A link to sqldb-postgres with inline config properties, or with the external `default-postgres`. */
  const postgres = (properties?: Record<string, string>) =>
    bad((m) => {
      m.spec.components[1].properties.image = 'ghcr.io/wasmcloud/sqldb-postgres:0.10.0';
      Object.assign(link(m), { namespace: 'wasmcloud', package: 'postgres', interfaces: ['query'] });
      link(m).target.config = [properties ? { name: 'pg', properties } : { name: 'default-postgres' }];
    });
  const external = { 'default-postgres': ['POSTGRES_HOST', 'POSTGRES_PASSWD'] };

  it('pass documented keys, in any case where the provider ignores case', () => {
    expect(checkProviders(good())).toEqual([]);
    expect(checkProviders(bad((m) => (link(m).target.config[0].properties = { ROOT: '/tmp/x' })))).toEqual([]);
    expect(checkProviders(postgres({ POSTGRES_HOST: 'db', POSTGRES_PORT: '5432' }))).toEqual([]);
  });

  it.each<[string, any]>([
    ['a misspelled key', bad((m) => (link(m).target.config[0].properties = { root_dir: '/tmp/x' }))],
    ['a case-sensitive key in the wrong case', postgres({ postgres_host: 'db' })],
    ['subscriptions on a consumer link (dropped by messaging-nats)', bad((m) => {
      m.spec.components[1].properties.image = 'ghcr.io/wasmcloud/messaging-nats:0.27.0';
      Object.assign(link(m), { namespace: 'wasmcloud', package: 'messaging', interfaces: ['consumer'] });
      link(m).target.config[0].properties = { subscriptions: 'a.b' };
    })],
    ['link config for http-client, which reads none', bad((m) => {
      m.spec.components[1].properties.image = 'ghcr.io/wasmcloud/http-client:0.13.1';
      Object.assign(link(m), { namespace: 'wasi', package: 'http', interfaces: ['outgoing-handler'] });
    })],
    ['an unknown key in an external config the README creates', postgres()],
    ['a provider-level key the provider does not read', bad((m) => (m.spec.components[1].properties.config = [{ name: 'c', properties: { root: '/x' } }]))],
    ['a link trait on the wrong side (http-server)', bad((m) => {
      m.spec.components[1].properties.image = 'ghcr.io/wasmcloud/http-server:0.27.0';
      Object.assign(link(m), { namespace: 'wasi', package: 'http', interfaces: ['incoming-handler'], target: { name: 'store' } });
    })],
    ['a provider linked to a provider', bad((m) => {
      m.spec.components.push({ name: 'nats', type: 'capability', properties: { image: 'ghcr.io/wasmcloud/messaging-nats:0.27.0' } });
      m.spec.components[2].traits = [{ type: 'link', properties: { target: { name: 'store' }, namespace: 'wasmcloud', package: 'messaging', interfaces: ['handler'] } }];
    })],
    ['a provider image PROVIDERS.md does not describe', bad((m) => (m.spec.components[1].properties.image = 'ghcr.io/wasmcloud/blobstore-fs:0.10.0'))],
  ])('fail on %s', (_, m) => {
    expect(checkProviders(m, external)).not.toEqual([]);
  });

  it('read the `wash config put` commands of the README', () => {
    expect(EXTERNAL_CONFIG['default-postgres']).toEqual(['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USERNAME', 'POSTGRES_PASSWORD', 'POSTGRES_DATABASE', 'POSTGRES_TLS_REQUIRED']);
  });

  it('use only images and keys that PROVIDERS.md names', () => {
    const doc = readText(join(REFERENCE, 'PROVIDERS.md'));
    for (const [image, spec] of Object.entries(PROVIDERS)) {
      expect(doc).toContain(`\`${image}\``);
      const keys = [...spec.providerConfig, ...Object.values(spec.calls).flat(), ...Object.values(spec.serves).flat()];
      for (const key of keys) expect(doc, key).toContain(`\`${key}\``);
      for (const i of [...Object.keys(spec.calls), ...Object.keys(spec.serves)]) {
        const [pkg, name] = i.split('/');
        expect(doc, i).toContain(`\`${pkg}\``);
        expect(doc, i).toContain(name);
      }
    }
  });
});

describe('WIT checks', () => {
  const world = parseWorld(`package root:component;
world root {
  import wasi:blobstore/blobstore@0.2.0-draft;
  import wasi:http/outgoing-handler@0.2.10;
  import log: func(msg: string);
  export wasmcloud:messaging/handler@0.2.0;
}`);

  it('parse imports and exports without versions', () => {
    expect(world).toEqual({
      imports: new Map([['wasi:blobstore/blobstore', '0.2.0-draft'], ['wasi:http/outgoing-handler', '0.2.10']]),
      exports: new Map([['wasmcloud:messaging/handler', '0.2.0']]),
    });
  });

  it('fail a link the source component does not import, or the target component does not export (in the same version)', () => {
    expect(checkLinksAgainstWorlds(good(), { worker: world })).toEqual([]);
    const notImported = bad((m) => (link(m).package = 'keyvalue'));
    expect(checkLinksAgainstWorlds(notImported, { worker: world })).toEqual([expect.objectContaining({ message: 'worker does not import wasi:keyvalue/blobstore' })]);
    const toComponent = bad((m) => (m.spec.components[1] = { name: 'store', type: 'component', properties: { image: 'x' } }));
    expect(checkLinksAgainstWorlds(toComponent, { worker: world, store: world })).toEqual([expect.objectContaining({ message: 'store does not export wasi:blobstore/blobstore' })]);
    expect(checkLinksAgainstWorlds(toComponent, { worker: world })).toEqual([expect.objectContaining({ message: 'no built component for store' })]);
    const store = parseWorld('export wasi:blobstore/blobstore@0.2.0;');
    expect(checkLinksAgainstWorlds(toComponent, { worker: world, store })).toEqual([
      expect.objectContaining({ message: 'worker imports wasi:blobstore/blobstore@0.2.0-draft but store exports @0.2.0' }),
    ]);
  });

  it('map component images to the builds of wasmcloud.toml files', () => {
    expect(buildForImage('file://./build/task_manager_s.wasm', BUILDS)?.build_artifact).toBe('build/task_manager.wasm');
    expect(buildForImage('ghcr.io/image-processor-ts/image-processor:0.1.0', BUILDS)?.build_artifact).toBe('build/image_processor.wasm');
    expect(buildForImage('ghcr.io/image-processor-ts/image-processor:0.2.0', BUILDS)).toBeUndefined();
  });
});
