/**
 * Which URLs a `remote-https` source may fetch. Why: the worker runs inside
 * the operator's network, so a job that names http://127.0.0.1:.../admin or
 * the cloud metadata address (169.254.169.254) would make the worker a proxy
 * into it (server-side request forgery). Pure: no I/O, usable in Node tests.
 *
 * Checked here: the scheme (https only), `localhost` and `*.localhost`, and
 * literal IP addresses in loopback, private, link-local, unique-local,
 * unspecified, multicast and reserved ranges, IPv4 and IPv6, including IPv4
 * embedded in IPv6 (mapped, compatible, NAT64, 6to4). Not checked: what a
 * DNS name resolves to (the component never sees the address it connects
 * to); a name pointing at a private address needs a network-level egress
 * policy.
 */

export interface RemoteUrlOptions {
  /** Allow loopback/private/link-local targets (e.g. a test server or an internal image store). Default false. */
  readonly allowPrivateNetworks: boolean;
}

export interface RemoteFetchPolicy extends RemoteUrlOptions {
  /** Largest response body accepted, in bytes; reading stops as soon as it is exceeded. */
  readonly maxBytes: number;
  /** Whole fetch (connect, redirects, headers and body), in milliseconds. */
  readonly timeoutMs: number;
  /** Redirects followed, each one checked like the original URL. */
  readonly maxRedirects: number;
}

export const DEFAULT_REMOTE_POLICY: RemoteFetchPolicy = {
  allowPrivateNetworks: false,
  maxBytes: 50 * 1024 * 1024,
  timeoutMs: 30_000,
  maxRedirects: 5,
};

/** [first address, prefix length, what it is] */
type Range = readonly [number, number, string];

// Public unicast is everything else. IPv4 as unsigned 32-bit numbers.
const V4_RANGES: readonly Range[] = [
  [0x00000000, 8, 'unspecified ("this network")'],
  [0x0a000000, 8, 'private'],
  [0x64400000, 10, 'shared (carrier-grade NAT)'],
  [0x7f000000, 8, 'loopback'],
  [0xa9fe0000, 16, 'link-local'],
  [0xac100000, 12, 'private'],
  [0xc0000000, 24, 'IETF protocol assignments'],
  [0xc0a80000, 16, 'private'],
  [0xc6120000, 15, 'benchmarking'],
  [0xe0000000, 4, 'multicast'],
  [0xf0000000, 4, 'reserved or broadcast'],
];

function v4Range(address: number): string | undefined {
  for (const [first, prefix, what] of V4_RANGES) {
    const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
    if (((address & mask) >>> 0) === first) return what;
  }
  return undefined;
}

/** Dotted-quad IPv4 (the URL parser has already normalised hex, octal and short forms to this). */
function parseV4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((a, p) => a * 256 + Number(p), 0);
}

/** An IPv6 address as eight 16-bit groups, or undefined when `text` is not one. */
function parseV6(text: string): number[] | undefined {
  let body = text.toLowerCase().split('%')[0]; // zone id
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >>> 16, v4 & 0xffff];
    body = `${body.slice(0, lastColon + 1)}0`; // placeholder group, dropped below
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (tail.length) (halves.length === 2 ? rest : head).pop();
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const fill = 8 - head.length - rest.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  return [...head.map((g) => parseInt(g, 16)), ...new Array<number>(halves.length === 2 ? fill : 0).fill(0),
    ...rest.map((g) => parseInt(g, 16)), ...tail];
}

function v6Range(g: number[]): string | undefined {
  const v4At = (i: number) => ((g[i] << 16) | g[i + 1]) >>> 0;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  // IPv4 inside IPv6: the embedded address decides.
  const embedded =
    zeros(0, 5) && g[5] === 0xffff ? v4At(6) // IPv4-mapped ::ffff:a.b.c.d
      : zeros(0, 6) ? v4At(6) // IPv4-compatible ::a.b.c.d (deprecated)
        : g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6) ? v4At(6) // NAT64 64:ff9b::/96
          : g[0] === 0x2002 ? v4At(1) // 6to4 2002:a.b.c.d::/48
            : undefined;
  if (embedded !== undefined) {
    const what = v4Range(embedded);
    return what && `${what} (IPv4 in IPv6)`;
  }
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

/** What kind of non-public target `hostname` (as URL.hostname gives it) is, or undefined for a public one. */
export function privateTarget(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost';
  if (host.startsWith('[') && host.endsWith(']')) {
    const groups = parseV6(host.slice(1, -1));
    return groups ? v6Range(groups) : 'an unparsable IPv6 address';
  }
  const v4 = parseV4(host);
  return v4 === undefined ? undefined : v4Range(v4);
}

/**
 * The URL to fetch, or an Error saying why it may not be fetched. Called for
 * the job's URL and again for every redirect target.
 */
export function checkRemoteUrl(url: string, options: RemoteUrlOptions): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`remote-https source: not a valid URL: ${JSON.stringify(url.slice(0, 200))}`);
  }
  if (parsed.protocol !== 'https:') {
    throw new Error(`remote-https source must be an https:// URL, got ${parsed.protocol}`);
  }
  if (!options.allowPrivateNetworks) {
    const what = privateTarget(parsed.hostname);
    if (what) {
      throw new Error(`remote-https source ${parsed.hostname} is a ${what} address; fetches to private networks are not allowed`);
    }
  }
  return parsed;
}
