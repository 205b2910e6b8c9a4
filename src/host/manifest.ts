import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * Reads a wadm manifest (local.wadm.yaml) into what the local host wires:
 * which component each provider serves or is called by, with the link
 * config, exactly as wadm would hand it to a wasmCloud host.
 */
const ConfigEntry = z.object({ name: z.string(), properties: z.record(z.string(), z.string()).optional() }).strict();
const LinkEnd = z.object({ name: z.string().optional(), config: z.array(ConfigEntry).optional() });
const LinkTrait = z.object({
  type: z.literal('link'),
  properties: z.object({
    target: LinkEnd.extend({ name: z.string() }),
    source: LinkEnd.omit({ name: true }).optional(),
    namespace: z.string(),
    package: z.string(),
    interfaces: z.array(z.string()).min(1),
    name: z.string().optional(),
  }),
});
const ScalerTrait = z.object({
  type: z.enum(['spreadscaler', 'daemonscaler']),
  properties: z.object({ instances: z.number().int().positive() }).passthrough(),
});
const OtherTrait = z.object({ type: z.string(), properties: z.unknown() });
const Component = z.object({
  name: z.string(),
  type: z.enum(['component', 'capability']),
  properties: z.object({ image: z.string(), id: z.string().optional(), config: z.array(ConfigEntry).optional() }).passthrough(),
  traits: z.array(z.union([LinkTrait, ScalerTrait, OtherTrait])).optional(),
});
const Manifest = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({ name: z.string(), annotations: z.record(z.string(), z.string()) }).passthrough(),
  spec: z.object({ components: z.array(Component) }),
});

export type ProviderKind = 'http-server' | 'http-client' | 'blobstore-fs' | 'sqldb-postgres' | 'messaging-nats';
const PROVIDER_KINDS: ProviderKind[] = ['http-server', 'http-client', 'blobstore-fs', 'sqldb-postgres', 'messaging-nats'];

export interface Link {
  /** The link name (`default` when absent): wadm tells apart two links for one interface by it. */
  name: string;
  source: string;
  target: string;
  interface: string; // namespace:package/interface
  sourceConfig: Record<string, string>;
  targetConfig: Record<string, string>;
  /** Names of config entries given without properties (they live in the lattice: `wash config put`). */
  externalConfig: string[];
}

export interface ComponentPlan {
  name: string;
  wasmPath: string;
  instances: number;
  /** The component's own config (`properties.config` entries with properties), read through `wasi:config/runtime`. */
  config: Record<string, string>;
}

export interface HostPlan {
  name: string;
  components: ComponentPlan[];
  providers: Map<string, ProviderKind>;
  links: Link[];
}

function mergeConfig(entries: z.infer<typeof ConfigEntry>[] | undefined, external: string[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const entry of entries ?? []) {
    if (entry.properties) Object.assign(merged, entry.properties);
    else external.push(entry.name);
  }
  return merged;
}

/** `file://./x.wasm` relative to the manifest's folder, as `wash app deploy` resolves it. */
function resolveImage(image: string, manifestDir: string): string {
  if (!image.startsWith('file://')) throw new Error(`component image ${image} is not a file:// path; the local host runs local builds only`);
  const path = image.slice('file://'.length);
  return path.startsWith('/') ? fileURLToPath(image) : resolve(manifestDir, path);
}

export function loadManifest(path: string): HostPlan {
  const raw = Manifest.safeParse(parse(readFileSync(path, 'utf8')));
  if (!raw.success) {
    throw new Error(`${path} is not a valid wadm manifest: ${raw.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const manifestDir = dirname(resolve(path));
  const plan: HostPlan = { name: raw.data.metadata.name, components: [], providers: new Map(), links: [] };
  for (const component of raw.data.spec.components) {
    if (component.type === 'capability') {
      const kind = PROVIDER_KINDS.find((k) => component.properties.image.includes(`/${k}:`));
      if (!kind) throw new Error(`provider ${component.name} (${component.properties.image}) is not one the local host implements`);
      plan.providers.set(component.name, kind);
    } else {
      const scaler = component.traits?.find((t): t is z.infer<typeof ScalerTrait> => t.type === 'spreadscaler' || t.type === 'daemonscaler');
      plan.components.push({
        name: component.name,
        wasmPath: resolveImage(component.properties.image, manifestDir),
        instances: scaler?.properties.instances ?? 0,
        config: mergeConfig(component.properties.config, []),
      });
    }
    for (const trait of component.traits ?? []) {
      if (trait.type !== 'link') continue;
      const { properties } = trait as z.infer<typeof LinkTrait>;
      const externalConfig: string[] = [];
      for (const iface of properties.interfaces) {
        plan.links.push({
          name: properties.name ?? 'default',
          source: component.name,
          target: properties.target.name,
          interface: `${properties.namespace}:${properties.package}/${iface}`,
          sourceConfig: mergeConfig(properties.source?.config, externalConfig),
          targetConfig: mergeConfig(properties.target.config, externalConfig),
          externalConfig,
        });
      }
    }
  }
  return plan;
}

/** The one link carrying `iface` (optionally from or to a given side). */
export function findLink(plan: HostPlan, iface: string, side: { source?: string; target?: string } = {}): Link | undefined {
  return plan.links.find(
    (l) => l.interface === iface && (!side.source || l.source === side.source) && (!side.target || l.target === side.target),
  );
}

/** Where the blobstore-fs provider keeps files: the link's `root`, else `<dataDir>/blobstore`. */
export function blobStoreRoot(plan: HostPlan, dataDir: string, override?: string): string {
  return resolve(override ?? findLink(plan, 'wasi:blobstore/blobstore')?.targetConfig.root ?? join(dataDir, 'blobstore'));
}
