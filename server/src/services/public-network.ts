import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a request the server makes on a stranger's behalf (a push subscription's endpoint)
 * must not reach: this host, its private networks, link-local (cloud metadata), multicast.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

/** Is `address` (an IP address; a host name is not) one of this host's or of a private network? */
export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(host);
  return family !== 0 && PRIVATE.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** Resolves as `dns.lookup` does, refusing a name with any private address (checked when connecting, so a name cannot change its answer in between). */
function publicLookup(hostname: string, options: LookupAllOptions | { all?: false }, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      return callback(Object.assign(new Error(`${hostname} resolves to a private address (${refused.address})`), { code: 'EPRIVATEADDRESS' }), []);
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** An HTTPS agent that reaches only public addresses. */
export const publicAgent = new https.Agent({ keepAlive: true, lookup: publicLookup as never });
