/**
 * Refuses connections to private, loopback, link-local and other non-public addresses. The check
 * runs on the address DNS actually returned (inside the socket's lookup), so a public name that
 * resolves to 127.0.0.1 is refused too; IP literals, which skip DNS, are checked before connecting.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { HttpError } from './http-error.ts';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  // No ::ffff:0:0/96 rule: BlockList matches IPv4 addresses against it too; mapped addresses are unwrapped below.
  // ::/96 holds :: (unspecified), ::1 (loopback) and the deprecated IPv4-compatible ::a.b.c.d.
  ['::', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** A refused destination: never retried, recorded on the source as is. */
export class PrivateAddressError extends HttpError {
  override name = 'PrivateAddressError';
  readonly code = 'EPRIVATE';
}

/** True for addresses a source may not reach (RFC 1918, loopback, link-local, CGNAT, multicast, documentation…). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (mappedHex) {
    const hi = parseInt(mappedHex[1]!, 16);
    const lo = parseInt(mappedHex[2]!, 16);
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
  }
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

export interface AddressGuard {
  /** Throws PrivateAddressError when `url` names a refused IP literal or a loopback name (other names are checked after DNS). */
  assertPublicLiteral(url: URL): void;
  /** Agents whose every connection goes through the guarded lookup. */
  agents: { http: HttpAgent; https: HttpsAgent };
  /** The DNS lookup the agents use: it fails when any resolved address is refused. */
  lookup: LookupFunction;
}

/**
 * Whether `url` names a refused destination without asking DNS: a private IP literal in any
 * spelling the WHATWG URL parser accepts (it normalises `127.1`, `2130706433`, `0x7f000001` and
 * `0177.0.0.1` to 127.0.0.1, and IPv6 to its short form) or a loopback name (`localhost`, `*.localhost`).
 */
export function isPrivateLiteralHost(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (isIP(host)) return isPrivateAddress(host);
  return host === 'localhost' || host.endsWith('.localhost');
}

const refusal = (what: string) =>
  new PrivateAddressError(`refusing to connect to ${what}: private or loopback address (set EARSHOT_ALLOW_PRIVATE_SOURCES=true to allow)`);

/** A guard refusing the addresses `isBlocked` names (by default: every non-public address). */
export function createAddressGuard(isBlocked: (address: string) => boolean = isPrivateAddress): AddressGuard {
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => isBlocked(a.address));
      if (bad || addresses.length === 0) return callback(refusal(`${hostname} (${bad?.address ?? 'no address'})`), '', 0);
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return {
    assertPublicLiteral(url: URL) {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host) ? isBlocked(host) : isPrivateLiteralHost(url)) throw refusal(url.host);
    },
    agents: { http: new HttpAgent({ lookup }), https: new HttpsAgent({ lookup }) },
    lookup,
  };
}
