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
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32],
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
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

/** Throws PrivateAddressError when `url` names a private IP literal (names are checked after DNS). */
export function assertPublicLiteral(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isPrivateAddress(host)) {
    throw new PrivateAddressError(`refusing to fetch ${url.host}: private or loopback address (set EARSHOT_ALLOW_PRIVATE_SOURCES=true to allow)`);
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new PrivateAddressError(`refusing to fetch ${url.host}: loopback name (set EARSHOT_ALLOW_PRIVATE_SOURCES=true to allow)`);
  }
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad || addresses.length === 0) {
      const refused = new PrivateAddressError(
        `refusing to connect to ${hostname} (${bad?.address ?? 'no address'}): private or loopback address (set EARSHOT_ALLOW_PRIVATE_SOURCES=true to allow)`,
      );
      return callback(refused, '', 0);
    }
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** Agents whose every connection goes through the guarded lookup. */
export const guardedAgents = {
  http: new HttpAgent({ lookup: guardedLookup, keepAlive: false }),
  https: new HttpsAgent({ lookup: guardedLookup, keepAlive: false }),
};
