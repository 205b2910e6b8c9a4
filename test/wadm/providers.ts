/**
 * The capability providers of ../shared/reference/PROVIDERS.md: which side of
 * a link each one is on, per interface, and the config keys it reads there.
 */
import { type ConfigEntryView, type Finding, components, configEntries, iface, linkConfig, links, linkSecrets } from './manifest-model.js';

export interface ProviderSpec {
  /** Keys are matched case-insensitively by the provider (http-server, blobstore-fs `root`). */
  caseInsensitive?: boolean;
  /** Provider-level `properties.config` keys (host data at start). */
  providerConfig: string[];
  /** Interfaces the provider calls on a component (link trait on the provider), with the link `source.config` keys. */
  calls: Record<string, string[]>;
  /** Interfaces the provider exports to components (link trait on the component), with the link `target.config` keys. */
  serves: Record<string, string[]>;
}

const NATS_CONNECTION = ['cluster_uris', 'client_jwt', 'client_seed', 'tls_ca', 'custom_inbox_prefix'];
// `consumers` is parsed too, but any value makes the connection fail, so it is not offered.
const POSTGRES = ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USERNAME', 'POSTGRES_PASSWORD', 'POSTGRES_DATABASE', 'POSTGRES_TLS_REQUIRED', 'POSTGRES_POOL_SIZE'];
const HTTP_SERVER_LINK = [
  'address', 'port', 'config_json', 'config_b64', 'timeout_ms', 'cache_control', 'readonly_mode',
  'tls_cert_file', 'tls_priv_key_file', 'cors_allowed_origins', 'cors_allowed_headers', 'cors_allowed_methods',
  'cors_exposed_headers', 'cors_max_age_secs', 'disable_keepalive', 'path', 'host',
];

/** By image, exactly as PROVIDERS.md documents them (the keys are those of these versions). */
export const PROVIDERS: Record<string, ProviderSpec> = {
  'ghcr.io/wasmcloud/http-server:0.27.0': {
    caseInsensitive: true,
    providerConfig: ['routing_mode', 'default_address', 'header'],
    calls: { 'wasi:http/incoming-handler': HTTP_SERVER_LINK },
    serves: {},
  },
  'ghcr.io/wasmcloud/http-client:0.13.1': {
    providerConfig: ['load_native_certs', 'load_webpki_certs', 'ssl_certs_file'],
    calls: {},
    serves: { 'wasi:http/outgoing-handler': [] },
  },
  'ghcr.io/wasmcloud/blobstore-fs:0.11.1': {
    caseInsensitive: true,
    providerConfig: [],
    calls: {},
    serves: { 'wasi:blobstore/blobstore': ['root'] },
  },
  'ghcr.io/wasmcloud/sqldb-postgres:0.10.0': {
    providerConfig: [], // not used for connections: only the link's target config counts
    calls: {},
    serves: { 'wasmcloud:postgres/query': POSTGRES, 'wasmcloud:postgres/prepared': POSTGRES },
  },
  'ghcr.io/wasmcloud/messaging-nats:0.27.0': {
    providerConfig: ['subscriptions', ...NATS_CONNECTION],
    calls: { 'wasmcloud:messaging/handler': ['subscriptions', ...NATS_CONNECTION] },
    serves: { 'wasmcloud:messaging/consumer': NATS_CONNECTION }, // `subscriptions` is dropped on a consumer link
  },
};

/**
 * Config created outside the manifest (`wash config put NAME k=v ...`), by name:
 * entries that give only a `name` are checked against these keys when known.
 */
export type ExternalConfig = Record<string, string[]>;

/** `wash config put NAME k=v ...` commands in a text (backslash line continuations allowed). */
export function washConfigPuts(text: string): ExternalConfig {
  const found: ExternalConfig = {};
  for (const [, name, args] of text.replace(/\\\n/g, ' ').matchAll(/wash config put (\S+)([^\n]*)/g)) {
    found[name] = [...args.matchAll(/(?:^|\s)([\w.-]+)=/g)].map((m) => m[1]);
  }
  return found;
}

const error = (rule: string, at: string, message: string): Finding => ({ rule, level: 'error', at, message });

function keyFindings(given: ConfigEntryView[], readable: string[], spec: ProviderSpec, where: string, external: ExternalConfig): Finding[] {
  const norm = (k: string) => (spec.caseInsensitive ? k.toLowerCase() : k);
  const known = new Set(readable.map(norm));
  return given.flatMap((entry) => {
    const keys = entry.properties ? Object.keys(entry.properties) : (external[String(entry.name)] ?? []);
    return keys
      .filter((k) => !known.has(norm(k)))
      .map((k) => error('provider-config', entry.at, `${where} does not read "${k}" (it reads: ${readable.join(', ') || 'nothing'})`));
  });
}

/**
 * Every provider is one PROVIDERS.md describes; every link to or from a provider
 * runs the way that provider works (trait on the right side); every config key
 * handed to a provider is one it reads there, spelled and cased as documented.
 */
export function checkProviders(manifest: unknown, external: ExternalConfig = {}): Finding[] {
  const all = components(manifest);
  const specOf = new Map(all.filter((c) => c.type === 'capability').map((c) => [c.name, PROVIDERS[String(c.properties.image)]]));
  const findings: Finding[] = all
    .filter((c) => c.type === 'capability')
    .flatMap((c) => {
      const spec = specOf.get(c.name);
      if (!spec) return [error('provider', c.at, `provider image ${String(c.properties.image)} is not one PROVIDERS.md describes`)];
      const given = [...configEntries(c.properties.config, `${c.at}.properties.config`), ...configEntries(c.properties.secrets, `${c.at}.properties.secrets`)];
      return keyFindings(given, spec.providerConfig, spec, `${String(c.name)} (provider-level config)`, external);
    });

  for (const link of links(manifest)) {
    for (const i of link.interfaces) {
      const name = iface(link, i);
      const source = specOf.get(link.source.name);
      const target = specOf.get(link.targetName);
      if (specOf.has(link.source.name) && specOf.has(link.targetName)) {
        findings.push(error('provider-direction', link.at, `a provider cannot link to a provider (wadm ignores the link): ${name}`));
      } else if (source) {
        const keys = source.calls[name];
        if (!keys) findings.push(error('provider-direction', link.at, `${String(link.source.name)} does not call ${name} on a component; the link trait belongs on the component that calls it`));
        else findings.push(...keyFindings([...linkConfig(link, 'source'), ...linkSecrets(link, 'source')], keys, source, `${String(link.source.name)} (link source config, ${name})`, external));
      } else if (target) {
        const keys = target.serves[name];
        if (!keys) findings.push(error('provider-direction', link.at, `${String(link.targetName)} does not export ${name}; if it calls the component, put the link trait on the provider`));
        else findings.push(...keyFindings([...linkConfig(link, 'target'), ...linkSecrets(link, 'target')], keys, target, `${String(link.targetName)} (link target config, ${name})`, external));
      }
    }
  }
  return findings;
}
