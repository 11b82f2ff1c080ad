import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

/**
 * What a limit per client address counts an address as: an IPv4 address as it is (also when
 * written as IPv6, `::ffff:a.b.c.d`), an IPv6 address by its /64, the block that one subscriber
 * holds and may rotate through; anything else (a proxy's odd entry) as it is.
 */
export function addressKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const groups = ipv6Groups(ip.split('%')[0]!);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return groups.slice(6).flatMap((group) => [group >> 8, group & 0xff]).join('.');
  }
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, in the canonical form that URLs give it (any dotted IPv4 tail in hex). */
function ipv6Groups(ip: string): number[] {
  const [head = '', tail] = new URL(`http://[${ip}]/`).hostname.slice(1, -1).split('::');
  const numbers = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  if (tail === undefined) return numbers(head);
  const [front, back] = [numbers(head), numbers(tail)];
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The client's address of a raw request, as Koa's `ctx.ip` gives it with `proxy` on and
 * `maxIpsCount` = `trustProxy`: the first of the last `trustProxy` entries of `X-Forwarded-For`,
 * or the socket's peer when no proxy is trusted (or none said).
 */
export function clientAddress(req: IncomingMessage, trustProxy: number): string {
  const forwarded = trustProxy > 0 ? String(req.headers['x-forwarded-for'] ?? '').split(',').map((ip) => ip.trim()).filter(Boolean) : [];
  return forwarded.slice(-trustProxy)[0] ?? req.socket.remoteAddress ?? '';
}
