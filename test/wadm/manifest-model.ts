/**
 * A loose view of a parsed wadm manifest (plain YAML data, possibly malformed),
 * shared by the rule checks: they must cope with anything a bad manifest holds.
 */
export type Obj = Record<string, unknown>;

export interface Finding {
  rule: string;
  level: 'error' | 'warning';
  /** Where in the manifest, e.g. `spec.components[0].traits[1]`. */
  at: string;
  message: string;
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj => (isObj(v) ? v : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface ComponentView {
  at: string;
  name: unknown;
  type: unknown;
  properties: Obj;
  traits: { at: string; type: unknown; properties: unknown; raw: unknown }[];
}

export function components(manifest: unknown): ComponentView[] {
  return list(obj(obj(manifest).spec).components).map((c, i) => {
    const at = `spec.components[${i}]`;
    return {
      at,
      name: obj(c).name,
      type: obj(c).type,
      properties: obj(obj(c).properties),
      traits: list(obj(c).traits).map((t, j) => ({ at: `${at}.traits[${j}]`, type: obj(t).type, properties: obj(t).properties, raw: t })),
    };
  });
}

/** One link trait, written on its `source` component. */
export interface LinkView {
  at: string;
  source: ComponentView;
  props: Obj;
  /** `target.name`, or the legacy plain-string `target`. */
  targetName: unknown;
  namespace: unknown;
  package: unknown;
  interfaces: unknown[];
}

export function links(manifest: unknown): LinkView[] {
  return components(manifest).flatMap((source) =>
    source.traits
      .filter((t) => t.type === 'link')
      .map((t) => {
        const props = obj(t.properties);
        return {
          at: t.at,
          source,
          props,
          targetName: typeof props.target === 'string' ? props.target : obj(props.target).name,
          namespace: props.namespace,
          package: props.package,
          interfaces: list(props.interfaces),
        };
      }),
  );
}

/** A link config side: entries with inline `properties` (wadm creates them) or references by name. */
export interface ConfigEntryView {
  at: string;
  name: unknown;
  properties?: Obj;
  raw: unknown;
}

export function configEntries(v: unknown, at: string): ConfigEntryView[] {
  return list(v).map((e, i) => ({
    at: `${at}[${i}]`,
    name: obj(e).name,
    properties: obj(e).properties == null ? undefined : obj(obj(e).properties),
    raw: e,
  }));
}

/** The config entries of a link's source or target side, legacy `source_config`/`target_config` included. */
export function linkConfig(link: LinkView, side: 'source' | 'target'): ConfigEntryView[] {
  return [
    ...configEntries(obj(link.props[side]).config, `${link.at}.properties.${side}.config`),
    ...configEntries(link.props[`${side}_config`], `${link.at}.properties.${side}_config`),
  ];
}

export function linkSecrets(link: LinkView, side: 'source' | 'target'): ConfigEntryView[] {
  return configEntries(obj(link.props[side]).secrets, `${link.at}.properties.${side}.secrets`);
}

export function componentConfig(c: ComponentView): ConfigEntryView[] {
  return configEntries(c.properties.config, `${c.at}.properties.config`);
}

export const iface = (l: LinkView, i: unknown) => `${String(l.namespace)}:${String(l.package)}/${String(i)}`;
