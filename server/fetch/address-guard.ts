/**
 * Address policy for the URL fetcher: which IP addresses Parallax may connect to.
 *
 * The default policy is "public unicast only" so that a URL handed to Parallax cannot be used
 * to reach the machine it runs on, the local network, or a cloud metadata service (SSRF).
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/**
 * Strips the square brackets URL hosts put around IPv6 literals (`[::1]` -> `::1`).
 *
 * @param host - A URL `hostname` or a bare address.
 * @returns The host without surrounding brackets.
 */
export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * True when `ip` is an IP address in canonical textual form (dotted-quad IPv4 or IPv6,
 * brackets allowed). Shorthand forms such as `0x7f.1` are not addresses here: URL parsing
 * already normalises them to dotted-quad, and DNS never returns them.
 *
 * @param ip - Candidate address.
 */
export function isIpLiteral(ip: string): boolean {
  return isIP(stripBrackets(ip)) !== 0;
}

/**
 * True when the address may be fetched under the default policy: public unicast only.
 *
 * Refused: private (RFC 1918), loopback, link-local (incl. cloud metadata 169.254.169.254),
 * unique-local (incl. fd00:ec2::254), CGNAT, multicast, broadcast, unspecified, reserved and
 * documentation ranges, IPv6 outside 2000::/3, 6to4 and Teredo. IPv4-mapped/translated IPv6
 * and NAT64 (64:ff9b::/96) addresses are judged by the IPv4 address they embed, so
 * `::ffff:127.0.0.1` is refused like `127.0.0.1`. Anything that does not parse as an address
 * is refused.
 *
 * @param ip - An IPv4 or IPv6 address, brackets and IPv6 zone id allowed.
 * @returns Whether connecting to it is allowed by default.
 */
export function isPublicAddress(ip: string): boolean {
  const bare = stripBrackets(ip.trim());
  if (isIP(bare) === 0) return false;
  let addr: IPv4 | IPv6;
  try {
    addr = ipaddr.parse(bare);
  } catch {
    return false;
  }
  return addr.kind() === 'ipv4' ? isPublicV4(addr as IPv4) : isPublicV6(addr as IPv6);
}

function isPublicV4(addr: IPv4): boolean {
  // ipaddr.js names every special-purpose block; only what is left over ('unicast') is public.
  return addr.range() === 'unicast';
}

function isPublicV6(addr: IPv6): boolean {
  const parts = addr.parts;
  const range = addr.range();
  // These carry an IPv4 address in the low 32 bits and reach it, so judge that address.
  if (range === 'ipv4Mapped' || range === 'rfc6145' || isNat64WellKnown(parts)) {
    return isPublicV4(embeddedV4(parts));
  }
  if (range !== 'unicast') return false;
  // Only 2000::/3 is allocated as global unicast; ipaddr.js also calls e.g. the deprecated
  // IPv4-compatible ::a.b.c.d form "unicast", which we refuse.
  return ((parts[0] ?? 0) & 0xe000) === 0x2000;
}

/** 64:ff9b::/96, the well-known NAT64 prefix (the 64:ff9b:1::/48 local-use prefix is refused). */
function isNat64WellKnown(parts: number[]): boolean {
  return parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((p) => p === 0);
}

function embeddedV4(parts: number[]): IPv4 {
  const hi = parts[6] ?? 0;
  const lo = parts[7] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}
