import { isValidAddress } from "../../../../../src/shared/keys";
import { fail } from "./errors";

// SS58 checks hash with blake2b-512; a transfer-heavy block sees the same addresses again and again, so the
// answers are remembered (bounded; the check is a pure function of the string).
const known = new Set<string>();
const KNOWN_LIMIT = 200_000;

export function requireAddress(address: string, what: string): string {
  if (known.has(address)) return address;
  if (typeof address !== "string" || !isValidAddress(address)) {
    fail(
      "InvalidAddress",
      `${what} "${String(address).slice(0, 64)}" is not a valid SS58 address (prefix 42)`,
    );
  }
  if (known.size >= KNOWN_LIMIT) known.clear();
  known.add(address);
  return address;
}
