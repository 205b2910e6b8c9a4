/**
 * Links against the components' own WIT: the source of a link imports the
 * interface, the target exports it. Names are compared without versions (the
 * host routes by `namespace:package/interface`, and componentize-js raises
 * WASI versions), except between two components.
 */
import { type Finding, components, iface, links } from './manifest-model.js';

/** Versionless `ns:pkg/iface` names, each with the version the component uses ('' if none). */
export interface World {
  imports: Map<string, string>;
  exports: Map<string, string>;
}

/** The `ns:pkg/iface@version` imports and exports of a world printed by `jco wit` (componentWit). */
export function parseWorld(wit: string): World {
  const world: World = { imports: new Map(), exports: new Map() };
  for (const [, kind, name, version] of wit.matchAll(/^\s*(import|export)\s+([\w-]+:[\w-]+\/[\w-]+)(?:@([^;\s]+))?;/gm)) {
    world[kind === 'import' ? 'imports' : 'exports'].set(name, version ?? '');
  }
  return world;
}

/**
 * `worlds` by manifest component name (components only; providers are not checked here).
 * Between two components the versions must match too: the wRPC call carries the
 * importer's versioned name, which the exporter must serve as it is.
 */
export function checkLinksAgainstWorlds(manifest: unknown, worlds: Record<string, World>): Finding[] {
  const isComponent = new Map(components(manifest).map((c) => [c.name, c.type === 'component']));
  const findings: Finding[] = [];
  const fail = (at: string, message: string) => findings.push({ rule: 'wit', level: 'error', at, message });
  /** The version `name` uses for `wanted` on `side`, or undefined when not a component or not found. */
  const need = (name: unknown, side: keyof World, wanted: string, at: string) => {
    if (!isComponent.get(name)) return undefined;
    const world = worlds[String(name)];
    if (!world) return fail(at, `no built component for ${String(name)}`), undefined;
    if (!world[side].has(wanted)) return fail(at, `${String(name)} does not ${side.slice(0, -1)} ${wanted}`), undefined;
    return world[side].get(wanted);
  };
  for (const link of links(manifest)) {
    for (const i of link.interfaces) {
      const wanted = iface(link, i);
      const imported = need(link.source.name, 'imports', wanted, link.at);
      const exported = need(link.targetName, 'exports', wanted, link.at);
      if (imported !== undefined && exported !== undefined && imported !== exported) {
        fail(link.at, `${String(link.source.name)} imports ${wanted}@${imported} but ${String(link.targetName)} exports @${exported}`);
      }
    }
  }
  return findings;
}

/** What a wasmcloud.toml says about the artifact it builds (flat `key = "value"` lines). */
export interface BuildConfig {
  name: string;
  version: string;
  build_artifact: string;
  destination: string;
}

export function parseWasmcloudToml(text: string): BuildConfig {
  const value = (key: string) => text.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'))?.[1] ?? '';
  return { name: value('name'), version: value('version'), build_artifact: value('build_artifact'), destination: value('destination') };
}

/**
 * The build a component image comes from: `file://./<destination>` (local manifest),
 * or an OCI reference `.../<name>:<version>` (published manifest).
 */
export function buildForImage(image: string, builds: BuildConfig[]): BuildConfig | undefined {
  if (image.startsWith('file://')) return builds.find((b) => image === `file://./${b.destination}`);
  const [, name, version] = image.match(/\/([^/:]+):([^/:]+)$/) ?? [];
  return builds.find((b) => b.name === name && b.version === version);
}
