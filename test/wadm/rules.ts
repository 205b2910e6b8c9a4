/**
 * What wadm v0.21.1 enforces beyond oam.schema.json, as pure checks over a
 * parsed manifest. Rule ids and wording follow ../shared/reference/wadm/RULES.md.
 */
import {
  type Finding,
  type Obj,
  componentConfig,
  configEntries,
  components,
  iface,
  isObj,
  linkConfig,
  links,
  linkSecrets,
  list,
  obj,
} from './manifest-model.js';

type Rule = (manifest: unknown) => Finding[];
const error = (rule: string, at: string, message: string): Finding => ({ rule, level: 'error', at, message });

function unknownKeys(value: unknown, allowed: string[], at: string): Finding[] {
  return Object.keys(obj(value))
    .filter((k) => !allowed.includes(k))
    .map((k) => error('P1', at, `unknown key "${k}" (allowed: ${allowed.join(', ')})`));
}

const SCALER_KEYS = ['instances', 'replicas', 'spread'];
const SPREAD_KEYS = ['name', 'requirements', 'weight'];
const isScaler = (type: unknown) => type === 'spreadscaler' || type === 'daemonscaler';

const linkConfigEntries = (manifest: unknown) => links(manifest).flatMap((l) => [...linkConfig(l, 'source'), ...linkConfig(l, 'target')]);
/** Every config list in the manifest: component/provider config, both sides of every link. */
const allConfigEntries = (manifest: unknown) => [...components(manifest).flatMap(componentConfig), ...linkConfigEntries(manifest)];

/** P6: config values must be strings (YAML `5432` or `false` arrive as a number or a bool). */
function nonStringValues(properties: Obj | undefined, at: string): Finding[] {
  return Object.entries(properties ?? {})
    .filter(([, v]) => typeof v !== 'string')
    .map(([k, v]) => error('P6', `${at}.properties.${k}`, `config value ${JSON.stringify(v)} is a ${typeof v}, not a string: quote it`));
}

/** P4: would these trait properties deserialise as a link, or as a scaler? (Else they become "custom".) */
function parsesAsLink(p: unknown): boolean {
  const props = obj(p);
  const target = props.target;
  const targetOk = typeof target === 'string' || (isObj(target) && typeof target.name === 'string');
  const configsOk = [props.source, props.target].every((side) =>
    list(obj(side).config).every((e) => Object.values(obj(obj(e).properties)).every((v) => typeof v === 'string')),
  );
  return (
    typeof props.namespace === 'string' &&
    typeof props.package === 'string' &&
    Array.isArray(props.interfaces) &&
    props.interfaces.every((i) => typeof i === 'string') &&
    targetOk &&
    configsOk
  );
}

function parsesAsScaler(p: unknown): boolean {
  const props = obj(p);
  const count = props.instances ?? props.replicas;
  return (
    isObj(p) &&
    Number.isInteger(count) &&
    (count as number) >= 0 &&
    Object.keys(props).every((k) => SCALER_KEYS.includes(k)) &&
    list(props.spread).every((s) => isObj(s) && typeof s.name === 'string' && isObj(s.requirements) && Object.keys(s).every((k) => SPREAD_KEYS.includes(k)))
  );
}

const DNS_LABEL = /^[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** V3: an OAM label key, `[dns-subdomain/]name`. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !prefix.split('.').every((part) => DNS_LABEL.test(part)))) return false;
  return LABEL_NAME.test(name);
}

/** The second and later occurrences of each key. */
function duplicates(items: { key: string; at: string }[]): { key: string; at: string }[] {
  const seen = new Set<string>();
  return items.filter(({ key }) => (seen.has(key) ? true : (seen.add(key), false)));
}

const SECRET_POLICY = 'policy.secret.wasmcloud.dev/v1alpha1';

/** V10: wadm's list of known interfaces (wadm-types validation.rs). */
const KNOWN_INTERFACES = new Set([
  'wasi:http/incoming-handler',
  'wasi:http/outgoing-handler',
  'wasi:blobstore/blobstore',
  'wasi:keyvalue/store',
  'wasi:keyvalue/atomics',
  'wasi:keyvalue/batch',
  'wasi:keyvalue/watch',
  'wasi:config/runtime',
  'wasi:logging/logging',
  'wasmcloud:messaging/handler',
  'wasmcloud:messaging/consumer',
  'wrpc:http/incoming-handler',
  'wrpc:http/outgoing-handler',
  'wrpc:blobstore/blobstore',
  'wrpc:keyvalue/store',
  'wrpc:keyvalue/atomics',
]);
const KNOWN_NAMESPACES = new Set([...KNOWN_INTERFACES].map((i) => i.split(':')[0]));

export const RULES: Record<string, Rule> = {
  P1: (m) => [
    ...unknownKeys(m, ['apiVersion', 'kind', 'metadata', 'spec'], '(top level)'),
    ...components(m).flatMap((c) => [
      ...unknownKeys(c.properties, ['image', 'application', 'id', 'config', 'secrets'], `${c.at}.properties`),
      ...c.traits.flatMap((t) => [
        ...unknownKeys(t.raw, ['type', 'properties'], t.at),
        ...(isScaler(t.type) ? unknownKeys(t.properties, SCALER_KEYS, `${t.at}.properties`) : []),
        ...(isScaler(t.type) ? list(obj(t.properties).spread).flatMap((s, i) => unknownKeys(s, SPREAD_KEYS, `${t.at}.properties.spread[${i}]`)) : []),
      ]),
    ]),
    ...allConfigEntries(m).flatMap((e) => unknownKeys(e.raw, ['name', 'properties'], e.at)),
  ],

  P2: (m) => (isObj(obj(obj(m).metadata).annotations) ? [] : [error('P2', 'metadata', 'metadata.annotations is required (it may be {})')]),

  P6: (m) => allConfigEntries(m).flatMap((e) => nonStringValues(e.properties, e.at)),

  V1: (m) => {
    const name = obj(obj(m).metadata).name;
    return typeof name === 'string' && /^[-\w]+$/.test(name.trim()) ? [] : [error('V1', 'metadata.name', `manifest name ${JSON.stringify(name)} must match ^[-\\w]+$`)];
  },

  V2: (m) =>
    obj(obj(obj(m).metadata).annotations).version === 'latest' ? [error('V2', 'metadata.annotations.version', 'version "latest" is forbidden')] : [],

  V3: (m) =>
    (['labels', 'annotations'] as const).flatMap((field) =>
      Object.keys(obj(obj(obj(m).metadata)[field]))
        .filter((k) => !isLabelKey(k))
        .map((k) => error('V3', `metadata.${field}`, `"${k}" is not a valid label key`)),
    ),

  V4a: (m) =>
    duplicates(components(m).map((c) => ({ key: String(c.name), at: c.at }))).map((d) => error('V4a', d.at, `component name "${d.key}" is used twice`)),

  V4b: (m) =>
    duplicates(
      components(m)
        .filter((c) => typeof c.properties.id === 'string')
        .map((c) => ({ key: String(c.properties.id), at: `${c.at}.properties.id` })),
    ).map((d) => error('V4b', d.at, `id "${d.key}" is used twice`)),

  V4c: (m) => {
    const names = new Set(components(m).map((c) => c.name));
    return links(m)
      .filter((l) => !names.has(l.targetName))
      .map((l) => error('V4c', l.at, `link target "${String(l.targetName)}" is not a component or capability of this manifest`));
  },

  V5: (m) =>
    components(m).flatMap((c) =>
      c.traits
        .filter((t) => (t.type === 'link' && !parsesAsLink(t.properties)) || (isScaler(t.type) && !parsesAsScaler(t.properties)))
        .map((t) => error('V5', t.at, `${String(t.type)} trait deserialized as custom trait, ensure fields are correct`)),
    ),

  V6: (m) =>
    components(m)
      .filter((c) => (c.properties.image == null) === (c.properties.application == null))
      .map((c) => error('V6', `${c.at}.properties`, 'exactly one of image and application is required')),

  V7: (m) =>
    duplicates(
      links(m).flatMap((l) =>
        l.interfaces.map((i) => ({ key: `${String(l.source.name)} ${String(l.props.name ?? 'default')} ${iface(l, i)}`, at: l.at })),
      ),
    ).map((d) => error('V7', d.at, `duplicate link (component, link name, interface): ${d.key}`)),

  V8: (m) =>
    duplicates(
      linkConfigEntries(m)
        .filter((e) => e.properties !== undefined)
        .map((e) => ({ key: String(e.name), at: e.at })),
    ).map((d) => error('V8', d.at, `inline link config "${d.key}" is defined twice in the manifest`)),

  V9: (m) => {
    const policies = new Set(
      list(obj(obj(m).spec).policies)
        .map(obj)
        .filter((p) => p.type === SECRET_POLICY && typeof obj(p.properties).backend === 'string')
        .map((p) => p.name),
    );
    const secrets = [
      ...components(m).flatMap((c) => configEntries(c.properties.secrets, `${c.at}.properties.secrets`)),
      ...links(m).flatMap((l) => [...linkSecrets(l, 'source'), ...linkSecrets(l, 'target')]),
    ];
    return secrets
      .filter((e) => !policies.has(e.properties?.policy))
      .map((e) => error('V9', e.at, `secret must name a ${SECRET_POLICY} policy with a backend in spec.policies`));
  },

  V10: (m) =>
    links(m).flatMap((l) =>
      l.interfaces
        .map((i) => iface(l, i))
        .filter((name) => KNOWN_NAMESPACES.has(String(l.namespace)) && !KNOWN_INTERFACES.has(name))
        .map((name): Finding => ({ rule: 'V10', level: 'warning', at: l.at, message: `unrecognized interface ${name}` })),
    ),
};

export function checkRules(manifest: unknown): Finding[] {
  return Object.values(RULES).flatMap((rule) => rule(manifest));
}
