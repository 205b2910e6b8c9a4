import { describe, expect, it } from 'vitest';
import { checkRemoteUrl, privateTarget } from '../../src/worker/remote-policy.js';

const strict = { allowPrivateNetworks: false };
const open = { allowPrivateNetworks: true };

describe('remote-https URL policy', () => {
  it('allows public https URLs, keeping the query string', () => {
    for (const url of ['https://example.com/a.jpg?x=1', 'https://93.184.216.34/a.png', 'https://[2606:2800:220:1::1]/x', 'https://8.8.8.8:8443/']) {
      expect(checkRemoteUrl(url, strict).href, url).toBe(new URL(url).href);
    }
  });

  it('refuses every scheme but https', () => {
    for (const url of ['http://example.com/a.jpg', 'file:///etc/passwd', 'ftp://example.com/a', 'data:image/png;base64,AAAA', 'gopher://x/']) {
      expect(() => checkRemoteUrl(url, open), url).toThrow(/must be an https:\/\/ URL/);
    }
    expect(() => checkRemoteUrl('not a url', open)).toThrow(/not a valid URL/);
  });

  const PRIVATE: [string, RegExp][] = [
    ['https://localhost/a', /localhost/], ['https://LOCALHOST./a', /localhost/], ['https://img.localhost/a', /localhost/],
    ['https://127.0.0.1/', /loopback/], ['https://127.1.2.3:8443/', /loopback/],
    // Other spellings of 127.0.0.1 that the URL parser normalises: decimal, hex, octal, short.
    ['https://2130706433/', /loopback/], ['https://0x7f.0.0.1/', /loopback/], ['https://0177.0.0.1/', /loopback/], ['https://127.1/', /loopback/],
    ['https://0.0.0.0/', /unspecified/], ['https://10.1.2.3/', /private/], ['https://172.16.0.1/', /private/], ['https://172.31.255.255/', /private/],
    ['https://192.168.1.1/', /private/], ['https://169.254.169.254/latest/meta-data/', /link-local/], ['https://100.64.0.1/', /carrier-grade/],
    ['https://224.0.0.1/', /multicast/], ['https://255.255.255.255/', /broadcast/],
    ['https://[::1]/', /loopback/], ['https://[::]/', /unspecified/], ['https://[0:0:0:0:0:0:0:1]/', /loopback/],
    ['https://[fc00::1]/', /unique-local/], ['https://[fd12:3456::1]/', /unique-local/], ['https://[fe80::1]/', /link-local/],
    ['https://[ff02::1]/', /multicast/], ['https://[fec0::1]/', /site-local/],
    ['https://[::ffff:127.0.0.1]/', /loopback \(IPv4 in IPv6\)/], ['https://[::ffff:7f00:1]/', /loopback/],
    ['https://[::ffff:10.0.0.1]/', /private/], ['https://[::ffff:169.254.169.254]/', /link-local/], ['https://[::127.0.0.1]/', /loopback/],
    ['https://[64:ff9b::192.168.0.1]/', /private/], ['https://[2002:c0a8:101::1]/', /private/],
  ];

  it('refuses loopback, private, link-local, unique-local and unspecified targets, v4 and v6', () => {
    for (const [url, what] of PRIVATE) {
      expect(() => checkRemoteUrl(url, strict), url).toThrow(what);
      expect(() => checkRemoteUrl(url, strict), url).toThrow(/fetches to private networks are not allowed/);
    }
  });

  it('allows them all when allowPrivateNetworks is set', () => {
    for (const [url] of PRIVATE) expect(checkRemoteUrl(url, open).protocol, url).toBe('https:');
  });

  it('tells public addresses next to the private ranges from them', () => {
    for (const host of ['172.15.255.255', '172.32.0.1', '192.169.0.1', '100.128.0.1', '11.0.0.1', '[2001:db9::1]', '[fbff::1]', '[::ffff:8.8.8.8]', '[2002:808:808::1]', 'example.com', 'localhost.example.com']) {
      expect(privateTarget(host), host).toBeUndefined();
    }
  });
});
