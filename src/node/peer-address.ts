// The key that per-peer limits (connections, response bytes, request rate) count under. An IPv4 address is
// itself (also when it arrives IPv4-mapped, ::ffff:a.b.c.d); an IPv6 address counts by its /64, the block a
// single host or site is usually given, so one machine cannot rotate through fresh addresses of its own
// prefix to get fresh budgets.
import { isIPv6 } from "node:net";

export function peerKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.split("%")[0].split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => Number.parseInt(g, 16).toString(16));
}
